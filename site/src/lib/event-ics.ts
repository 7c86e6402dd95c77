import { pathTo, type CommunityEvent, type Locale } from '@passerelle/shared';
import { buildIcs, sequenceFrom } from '@passerelle/shared/ics';
import { t } from '@passerelle/shared/i18n';

/**
 * One event as an iCalendar file ("add to my calendar"). Pure: no Astro module, so the build
 * integration that writes the `.ics` files (integrations/calendar-files.ts) can use it.
 */
export function eventIcs(
  event: Pick<CommunityEvent, 'documentId' | 'slug' | 'title' | 'summary' | 'body' | 'startsAt' | 'endsAt' | 'place' | 'updatedAt' | 'cancelled' | 'cancellationNote'>,
  locale: Locale,
  site: URL | string,
  now: Date,
): string {
  const url = new URL(pathTo(locale, 'events', event.slug), site).href;
  const description = [cancellationLine(event, locale), event.summary, event.body, url].filter(Boolean).join('\n\n');
  return buildIcs([
    {
      uid: `${event.documentId}@passerelle`,
      start: event.startsAt,
      end: event.endsAt,
      summary: eventIcsTitle(event, locale),
      description,
      location: `${event.place.venueName}, ${event.place.address}`,
      geo: { lat: event.place.lat, lng: event.place.lng },
      url,
      stamp: new Date(event.updatedAt ?? now),
      // A calendar that imported the file replaces its copy when SEQUENCE grows (a cancellation included).
      sequence: sequenceFrom(event.updatedAt ?? now),
      status: event.cancelled ? 'CANCELLED' : 'CONFIRMED',
    },
  ]);
}

/**
 * A cancelled event is STATUS:CANCELLED; its title says so too, as many calendar apps show
 * a cancelled event like any other.
 */
export function eventIcsTitle(event: Pick<CommunityEvent, 'title' | 'cancelled'>, locale: Locale): string {
  return event.cancelled ? t(locale, 'cancelledItemTitle', { title: event.title }) : event.title;
}

/** The first words of a cancelled event's description: that it is cancelled, and the organizers' note. */
export function cancellationLine(event: Pick<CommunityEvent, 'cancelled' | 'cancellationNote'>, locale: Locale): string | null {
  return event.cancelled ? [t(locale, 'eventCancelledLead'), event.cancellationNote].filter(Boolean).join(' ') : null;
}
