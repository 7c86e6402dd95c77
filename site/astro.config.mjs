// @ts-check
import { defineConfig, envField } from 'astro/config';
import { dataStoreFromFile } from './integrations/data-store-from-file.mjs';
import { media } from './integrations/media.mjs';
import { filesAfterRender } from './integrations/files-after-render.ts';
import { offlinePages } from './integrations/offline.ts';
import { podcastFilesIntegration } from './integrations/podcast-files.ts';
import { readSiteBuildConfig, siteBuildSchema } from './src/config.ts';

/**
 * A static site of tiny pages: CSS is inlined (one round trip per page), no client framework,
 * no prefetch, and enhancements ship as small module scripts loaded only where used.
 */
export default defineConfig({
  // Astro reads this file at each build: the environment as it is now (src/config.ts).
  site: readSiteBuildConfig(process.env).siteUrl,
  // Public values the pages' HTML carries, baked in at build time (the on-demand renderer too).
  env: {
    schema: {
      PUBLIC_TILE_URL: envField.string({ context: 'client', access: 'public', default: siteBuildSchema.shape.PUBLIC_TILE_URL._def.defaultValue() }),
      PUBLIC_TILE_ATTRIBUTION: envField.string({ context: 'client', access: 'public', optional: true }),
    },
  },
  output: 'static',
  trailingSlash: 'always',
  // Four pages rendered at a time: while one page's file is written, the next renders. At 10,000
  // items the render went from 43–51 s to 24–38 s (same machine, alternated runs), with the same files
  // and byte-identical HTML as one at a time (demo data and 10,000 items). 8 was slower than 4.
  build: { format: 'directory', inlineStylesheets: 'always', assets: '_assets', concurrency: 4 },
  compressHTML: true,
  i18n: {
    locales: ['fr', 'en'],
    defaultLocale: 'fr',
    routing: { prefixDefaultLocale: false, redirectToDefaultLocale: false },
  },
  prefetch: false,
  integrations: [dataStoreFromFile(), filesAfterRender(), media(), offlinePages(), podcastFilesIntegration()],
  devToolbar: { enabled: false },
  vite: {
    build: { assetsInlineLimit: 0 },
    // @passerelle/shared's TypeScript sources (its `passerelle-source` export), not its build: the
    // dev server and the site's build never wait for shared to be rebuilt.
    // Setting conditions replaces Vite's defaults, repeated after it.
    resolve: { conditions: ['passerelle-source', 'module', 'browser', 'development|production'] },
    ssr: { resolve: { conditions: ['passerelle-source', 'module', 'node', 'development|production'] } },
  },
});
