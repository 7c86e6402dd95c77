import { localeTags, pathTo, type CommunityEvent, type Locale } from '@passerelle/shared';

/** "Gratuit", "free", "0 $" — the CMS's cost is free text, so free is recognised by words. */
export function isFree(cost: string | null): boolean {
  return !cost || /gratuit|free|^\s*0+([.,]0+)?\s*\$?\s*$/i.test(cost);
}

/** schema.org/Event for search engines and calendar apps that read it. */
export function eventJsonLd(event: CommunityEvent, locale: Locale, site: URL): Record<string, unknown> {
  const url = new URL(pathTo(locale, 'events', event.slug), site).href;
  const free = isFree(event.cost);
  const price = event.cost?.match(/\d+(?:[.,]\d{1,2})?/)?.[0]?.replace(',', '.');
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    description: event.summary,
    url,
    startDate: event.startsAt,
    ...(event.endsAt ? { endDate: event.endsAt } : {}),
    eventStatus: event.cancelled ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    inLanguage: localeTags[locale],
    isAccessibleForFree: free,
    location: {
      '@type': 'Place',
      name: event.place.venueName,
      address: { '@type': 'PostalAddress', streetAddress: event.place.address, addressRegion: 'QC', addressCountry: 'CA' },
      geo: { '@type': 'GeoCoordinates', latitude: event.place.lat, longitude: event.place.lng },
    },
    ...(event.organization
      ? {
          organizer: {
            '@type': 'Organization',
            name: event.organization.name,
            url: new URL(pathTo(locale, 'organizations', event.organization.slug), site).href,
          },
        }
      : {}),
    ...(free || price
      ? { offers: { '@type': 'Offer', price: free ? '0' : price, priceCurrency: 'CAD', url, availability: 'https://schema.org/InStock' } }
      : {}),
  };
}
