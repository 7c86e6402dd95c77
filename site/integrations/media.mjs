// @ts-check
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Editors' images in the built site. Pages encode them while rendering (src/lib/media/), into a cache
 * kept between builds (Astro's cacheDir, which the publisher keeps too); this integration copies the
 * files the build actually used into `<outDir>/media/`, so each build directory is self-contained and
 * works with `astro build --outDir X`. In `astro dev`, it serves `/media/` from the cache.
 * Keep the registry's shape in step with src/lib/media/registry.ts.
 * @returns {import('astro').AstroIntegration}
 */
export function media() {
  const KEY = Symbol.for('passerelle.media');
  /** @type {string} */
  let cacheDir = '';
  return {
    name: 'passerelle:media',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(new URL('media/', config.cacheDir));
        /** @type {any} */ (globalThis)[KEY] = { cacheDir, used: new Set() };
      },
      'astro:server:setup': ({ server }) => {
        // eslint-disable-next-line @typescript-eslint/no-misused-promises -- dev server only: a missing file falls through to next(); only a malformed URL can reject here
        server.middlewares.use('/media/', async (req, res, next) => {
          const name = decodeURIComponent((req.url ?? '').replace(/^\//, '').split('?')[0] ?? '');
          if (!/^[a-f0-9]+-\d+\.(avif|webp|jpg)$/.test(name)) return next();
          try {
            const body = await readFile(path.join(cacheDir, name));
            const ext = name.slice(name.lastIndexOf('.') + 1);
            res.setHeader('content-type', ext === 'jpg' ? 'image/jpeg' : `image/${ext}`);
            res.end(body);
          } catch {
            next();
          }
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        /** @type {{ cacheDir: string, used: Set<string> } | undefined} */
        const registry = /** @type {any} */ (globalThis)[KEY];
        const used = [...(registry?.used ?? [])];
        if (used.length === 0) return;
        const target = path.join(fileURLToPath(dir), 'media');
        await mkdir(target, { recursive: true });
        await Promise.all(used.map((name) => copyFile(path.join(registry?.cacheDir ?? cacheDir, name), path.join(target, name))));
        logger.info(`${used.length} image files copied to ${target}`);
      },
    },
  };
}
