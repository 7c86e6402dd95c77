import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { shortLinkFiles, shortLinkTargets } from '../src/lib/short-link-files.ts';
import { readContentStore } from './content-store.ts';
import { writeFiles } from './write-files.ts';

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
        const out = fileURLToPath(dir);
        const collections = (await readContentStore(cacheDir)) as Parameters<typeof shortLinkTargets>[0];
        const targets = shortLinkTargets(collections);
        await writeFiles(out, shortLinkFiles(targets, site));
        logger.info(`${targets.length} short links written`);
      },
    },
  };
}
