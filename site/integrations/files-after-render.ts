import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { calendarFiles } from './calendar-files.ts';
import { readContentStore } from './content-store.ts';
import { openDataFiles } from './open-data-files.ts';
import { posters } from './poster-pages.ts';
import { shortLinks } from './short-links.ts';
import { writeFiles } from './write-files.ts';

/**
 * Writes the files made from the content store once the pages are built: calendars and feeds,
 * short links, posters and open data, from the same store the pages were made from (read once).
 *
 * The four kinds are written at once, not one hook after another: the short links are 40,000
 * tiny files whose time is file-system calls done by libuv's thread pool, while the posters' time
 * is QR codes and HTML made on the main thread, so each fills the other's waits. One after
 * another they took about 13 s at 10,000 items (decision 0064). The work starts after the render,
 * when the render's memory is free: started during the render it pushed the peak over 1.5 GB.
 */
export function filesAfterRender(): AstroIntegration {
  let cacheDir: URL;
  let site: string;
  return {
    name: 'passerelle:files-after-render',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = config.cacheDir;
        site = config.site ?? 'http://127.0.0.1:4321';
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const store = await readContentStore(cacheDir);
        const kinds = [
          () => calendarFiles(store, site),
          () => shortLinks(store, site),
          () => posters(store, site),
          () => openDataFiles(store, site),
        ];
        await Promise.all(
          kinds.map(async (kind) => {
            const { files, written } = await kind();
            await writeFiles(out, files);
            logger.info(written);
          }),
        );
      },
    },
  };
}
