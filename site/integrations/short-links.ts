import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { shortLinkFiles, shortLinkTargets } from '../src/lib/short-link-files.ts';
import { readContentStore } from './content-store.ts';

/** Writes the short links' files (src/lib/short-link-files.ts) from the content store once the pages are built. */
export function shortLinks(): AstroIntegration {
  let cacheDir: URL;
  let site: string;
  return {
    name: 'passerelle:short-links',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = config.cacheDir;
        site = config.site ?? 'http://127.0.0.1:4321';
      },
      'astro:build:done': async ({ dir, logger }) => {
        const collections = (await readContentStore(cacheDir)) as Parameters<typeof shortLinkTargets>[0];
        const out = fileURLToPath(dir);
        const targets = shortLinkTargets(collections);
        const files = shortLinkFiles(targets, site);
        for (const folder of new Set(files.map((f) => dirname(join(out, f.path))))) await mkdir(folder, { recursive: true });
        // A few writes in flight at a time: one per file at once would run out of file handles at 10,000 items.
        let next = 0;
        const writer = async () => {
          while (next < files.length) {
            const file = files[next++]!;
            await writeFile(join(out, file.path), file.body);
          }
        };
        await Promise.all(Array.from({ length: 16 }, writer));
        logger.info(`${targets.length} short links written`);
      },
    },
  };
}
