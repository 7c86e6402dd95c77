import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { icsPath, isLocale, locales, type CommunityEvent } from '@passerelle/shared';
import { eventIcs } from '../src/lib/event-ics.ts';
import { buildTime } from '../src/lib/now.ts';
import { subscriptionFiles } from '../src/lib/subscriptions.ts';
import { contentOf, readContentStore } from './content-store.ts';
import { writeFiles, type FileToWrite } from './write-files.ts';

/**
 * Writes the calendar and feed files once the pages are built, straight from the content layer's
 * store: every event's `.ics` (`/evenements/<slug>.ics`, `/en/events/<slug>.ics`), and the
 * subscription calendars and Atom feeds (src/lib/subscriptions.ts). As Astro routes they cost
 * ~1.5 ms each in routing and rendering overhead for a few hundred bytes of text: 9,000 files at
 * 10,000 items were a fifth of the build.
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
        const out = fileURLToPath(dir);
        const collections = await readContentStore(cacheDir);
        const events = (collections.get('events') ?? new Map()) as Map<string, StoreEntry>;
        const files: FileToWrite[] = [...events.values()].flatMap(({ id, data }) => {
          const locale = id.split('/')[0];
          return isLocale(locale) ? [{ path: icsPath(locale, data.slug), body: () => eventIcs(data, locale, site, buildTime) }] : [];
        });
        const eventFiles = files.length;
        for (const locale of locales) files.push(...subscriptionFiles(contentOf(collections, locale), locale, site, buildTime));
        await writeFiles(out, files);
        logger.info(`${eventFiles} event calendar files, ${files.length - eventFiles} subscription calendars and feeds written`);
      },
    },
  };
}
