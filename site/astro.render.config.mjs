// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { dataStoreFromFile } from './integrations/data-store-from-file.mjs';
import { renderRoute } from './integrations/render-route.mjs';
import staticConfig from './astro.config.mjs';

/**
 * The on-demand renderer (site/render/renderer.mjs): the static site's options and components,
 * built as a server bundle with one route, /passerelle-render/, that renders one entry's page.
 * Built when site code changes, not content: its loaders fetch nothing (src/content.config.ts) and
 * its content store is the static build's data-store.json, read when the bundle starts.
 * Its own cacheDir, so its empty content sync never touches the static build's store.
 */
process.env.PASSERELLE_RENDER_BUILD = '1';

export default defineConfig({
  ...staticConfig,
  output: 'server',
  // Rendered whole before it is returned: the request's entry override lives in an
  // AsyncLocalStorage, which a lazily pulled stream could outlive.
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true }),
  outDir: './.render',
  cacheDir: './node_modules/.astro-render',
  integrations: [
    ...(staticConfig.integrations ?? []).flat().filter((integration) => !!integration && integration.name !== 'passerelle:data-store-from-file'),
    dataStoreFromFile({ atRunTime: true }),
    renderRoute(),
  ],
});
