import { pathTo, type CommunityEvent, type Locale } from '@passerelle/shared';
import { buildIcs } from '@passerelle/shared/ics';

/**
 * One event as an iCalendar file ("add to my calendar"). Pure: no Astro module, so the build
 * integration that writes the `.ics` files (integrations/calendar-files.ts) can use it.
 */
export function eventIcs(
  event: Pick<CommunityEvent, 'documentId' | 'slug' | 'title' | 'summary' | 'body' | 'startsAt' | 'endsAt' | 'place' | 'updatedAt'>,
  locale: Locale,
  site: URL | string,
  now: Date,
): string {
  const url = new URL(pathTo(locale, 'events', event.slug), site).href;
  const description = [event.summary, event.body, url].filter(Boolean).join('\n\n');
  return buildIcs([
    {
      uid: `${event.documentId}@passerelle`,
      start: event.startsAt,
      end: event.endsAt,
      summary: event.title,
      description,
      location: `${event.place.venueName}, ${event.place.address}`,
      geo: { lat: event.place.lat, lng: event.place.lng },
      url,
      stamp: new Date(event.updatedAt ?? now),
    },
  ]);
}
