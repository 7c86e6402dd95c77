import type { Core } from '@strapi/strapi';
import type { ParticipationLocale } from '../../generated/participation';

/** The published event an RSVP form posts to, by its slug (shared by both locales). */
export interface EventTarget {
  documentId: string;
  slug: string;
  title: string;
  startsAt: string;
  endsAt: string | null;
  registrationMode: string;
  capacity: number | null;
  address: string | null;
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export async function findEvent(strapi: Core.Strapi, slug: string, locale: ParticipationLocale): Promise<EventTarget | null> {
  if (slug.length > 120 || !slugPattern.test(slug)) return null;
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const doc = (await strapi.documents('api::event.event').findFirst({
      filters: { slug },
      status: 'published',
      locale: tryLocale,
      fields: ['title', 'slug', 'startsAt', 'endsAt', 'registrationMode', 'capacity'],
      populate: { place: true },
    } as any)) as Record<string, any> | null;
    if (doc) {
      return {
        documentId: String(doc.documentId),
        slug: String(doc.slug),
        title: String(doc.title),
        startsAt: String(doc.startsAt),
        endsAt: doc.endsAt ? String(doc.endsAt) : null,
        registrationMode: String(doc.registrationMode ?? 'none'),
        capacity: typeof doc.capacity === 'number' ? doc.capacity : null,
        address: doc.place ? [doc.place.venueName, doc.place.address].filter(Boolean).join(', ') : null,
      };
    }
  }
  return null;
}

export async function findEventByDocumentId(strapi: Core.Strapi, documentId: string, locale: ParticipationLocale): Promise<EventTarget | null> {
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const doc = (await strapi.documents('api::event.event').findOne({ documentId, status: 'published', locale: tryLocale, fields: ['slug'] } as any)) as Record<string, any> | null;
    if (doc) return findEvent(strapi, String(doc.slug), locale);
  }
  return null;
}

/** Online registration: mode "form", and the event has not started. */
export function acceptsRegistrations(event: EventTarget, now = Date.now()): boolean {
  return event.registrationMode === 'form' && now < Date.parse(event.startsAt);
}
