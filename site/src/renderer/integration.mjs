// @ts-check
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { RENDERED_COLLECTIONS, RENDER_PATH } from './path.mjs';

/**
 * The on-demand renderer's pages (one per view, `/passerelle-render/<collection>/`) and middleware, in the render build only (./astro.config.mjs):
 * the static build never contains them.
 * @returns {import('astro').AstroIntegration}
 */
export function renderRoute() {
  /** @type {string | undefined} */
  let site;
  return {
    name: 'passerelle:render-route',
    hooks: {
      'astro:config:setup': ({ injectRoute, addMiddleware }) => {
        for (const collection of RENDERED_COLLECTIONS) {
          injectRoute({
            pattern: `${RENDER_PATH}${collection}/`,
            entrypoint: fileURLToPath(new URL(`./pages/${collection}.astro`, import.meta.url)),
            prerender: false,
          });
        }
        addMiddleware({ entrypoint: fileURLToPath(new URL('./middleware.ts', import.meta.url)), order: 'pre' });
      },
      'astro:config:done': ({ config }) => {
        site = config.site;
      },
      // The site URL is baked into the bundle (canonical links, JSON-LD): scripts/start.sh rebuilds
      // when it differs from the one recorded here.
      'astro:build:done': async ({ dir }) => {
        await writeFile(new URL('../build-info.json', dir), JSON.stringify({ site, builtAt: new Date().toISOString() }) + '\n');
      },
    },
  };
}
