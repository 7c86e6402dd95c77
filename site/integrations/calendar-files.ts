import { icsPath, isLocale, locales, type CommunityEvent } from '@passerelle/shared';
import { eventIcs } from '../src/lib/event-ics.ts';
import { buildTime } from '../src/lib/now.ts';
import { subscriptionFiles } from '../src/lib/subscriptions.ts';
import { contentOf, type Store } from './content-store.ts';
import type { FilesOfOneKind, FileToWrite } from './write-files.ts';

/**
 * The calendar and feed files, straight from the content layer's store: every event's `.ics`
 * (`/evenements/<slug>.ics`, `/en/events/<slug>.ics`), and the subscription calendars and Atom
 * feeds (src/lib/subscriptions.ts). As Astro routes they cost ~1.5 ms each in routing and
 * rendering overhead for a few hundred bytes of text: 9,000 files at 10,000 items were a fifth of
 * the build. Written by integrations/files-after-render.ts.
 */
type StoreEntry = { id: string; data: CommunityEvent };

export function calendarFiles(store: Store, site: string): FilesOfOneKind {
  const events = (store.get('events') ?? new Map()) as Map<string, StoreEntry>;
  const files: FileToWrite[] = [...events.values()].flatMap(({ id, data }) => {
    const locale = id.split('/')[0];
    return isLocale(locale) ? [{ path: icsPath(locale, data.slug), body: () => eventIcs(data, locale, site, buildTime) }] : [];
  });
  const eventFiles = files.length;
  for (const locale of locales) files.push(...subscriptionFiles(contentOf(store, locale), locale, site, buildTime));
  return { files, written: `${eventFiles} event calendar files, ${files.length - eventFiles} subscription calendars and feeds written` };
}
