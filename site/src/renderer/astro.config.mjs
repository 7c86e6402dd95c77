// @ts-check
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { dataStoreFromFile } from '../../integrations/data-store-from-file.mjs';
import staticConfig from '../../astro.config.mjs';
import { renderRoute } from './integration.mjs';

/**
 * The on-demand renderer's build (read by ./index.mjs): the static site's options and components,
 * built as a server bundle with one route, /passerelle-render/, that renders one entry's page.
 * Built when site code changes, not content: its loaders fetch nothing (src/content.config.ts) and
 * its content store is the static build's data-store.json, read when the bundle starts.
 * Its own cacheDir, so its empty content sync never touches the static build's store.
 * Run from site/ (`pnpm run build:render`); `root` is set so the paths below mean site/ whatever
 * the working directory, as they do for the static config that sits there.
 */
process.env.PASSERELLE_RENDER_BUILD = '1';

export default defineConfig({
  ...staticConfig,
  root: fileURLToPath(new URL('../..', import.meta.url)),
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
