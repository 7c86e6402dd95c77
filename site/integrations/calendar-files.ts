import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as devalue from 'devalue';
import { icsPath, isLocale, type CommunityEvent } from '@passerelle/shared';
import { eventIcs } from '../src/lib/event-ics.ts';
import { buildTime } from '../src/lib/now.ts';

/**
 * Writes every event's `.ics` file (`/evenements/<slug>.ics`, `/en/events/<slug>.ics`) once the
 * pages are built, straight from the content layer's store. As Astro routes they cost ~1.5 ms each
 * in routing and rendering overhead for a few hundred bytes of text: 9,000 files at 10,000 items
 * were a fifth of the build. Same content, same paths, same shared function as before.
 */
type StoreEntry = { id: string; data: CommunityEvent };

export function calendarFiles(): AstroIntegration {
  let cacheDir: URL;
  let site: string;
  return {
    name: 'passerelle:calendar-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = config.cacheDir;
        site = config.site ?? 'http://127.0.0.1:4321';
      },
      'astro:build:done': async ({ dir, logger }) => {
        const storeFile = fileURLToPath(new URL('data-store.json', cacheDir));
        const collections = devalue.parse(await readFile(storeFile, 'utf8')) as Map<string, Map<string, StoreEntry>>;
        const events = collections.get('events') ?? new Map<string, StoreEntry>();
        const out = fileURLToPath(dir);
        const files = [...events.values()].flatMap(({ id, data }) => {
          const locale = id.split('/')[0];
          return isLocale(locale) ? [{ file: join(out, icsPath(locale, data.slug)), data, locale }] : [];
        });
        for (const folder of new Set(files.map((f) => dirname(f.file)))) await mkdir(folder, { recursive: true });
        // Several writes in flight (libuv's thread pool does them): one after another, 9,000 small
        // files took 7 s at 10,000 items, waiting on each round trip.
        let next = 0;
        const writer = async () => {
          while (next < files.length) {
            const { file, data, locale } = files[next++]!;
            await writeFile(file, eventIcs(data, locale, site, buildTime));
          }
        };
        await Promise.all(Array.from({ length: 16 }, writer));
        const written = files.length;
        logger.info(`${written} calendar files written`);
      },
    },
  };
}
