import type { APIRoute } from 'astro';
import { pathTo, type Locale } from '@passerelle/shared';
import { buildIcs } from '@passerelle/shared/ics';
import { siteContent } from './content.ts';
import { buildTime } from './now.ts';

/** The `GET` of `[slug].ics.ts`: one event as an iCalendar file, built with the site. */
export function calendarResponse(locale: Locale): APIRoute {
  return async ({ params, site }) => {
    const event = (await siteContent(locale)).events.find((e) => e.slug === params.slug);
    if (!event) return new Response(null, { status: 404 });
    const url = new URL(pathTo(locale, 'events', event.slug), site ?? 'http://127.0.0.1:4321').href;
    const description = [event.summary, event.body, url].filter(Boolean).join('\n\n');
    const body = buildIcs([
      {
        uid: `${event.documentId}@passerelle`,
        start: event.startsAt,
        end: event.endsAt,
        summary: event.title,
        description,
        location: `${event.place.venueName}, ${event.place.address}`,
        geo: { lat: event.place.lat, lng: event.place.lng },
        url,
        stamp: new Date(event.updatedAt ?? buildTime),
      },
    ]);
    return new Response(body, { headers: { 'content-type': 'text/calendar; charset=utf-8' } });
  };
}
