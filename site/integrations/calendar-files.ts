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
        const made = new Set<string>();
        let written = 0;
        for (const { id, data } of events.values()) {
          const locale = id.split('/')[0];
          if (!isLocale(locale)) continue;
          const file = join(out, icsPath(locale, data.slug));
          const folder = dirname(file);
          if (!made.has(folder)) {
            await mkdir(folder, { recursive: true });
            made.add(folder);
          }
          await writeFile(file, eventIcs(data, locale, site, buildTime));
          written++;
        }
        logger.info(`${written} calendar files written`);
      },
    },
  };
}
