import type { Core } from '@strapi/strapi';
import { seatsPerRegistration } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { findPublishedBySlug, findPublishedSlug } from '../published-lookup';

/** The published event an RSVP form posts to, by its slug (shared by both locales). */
export interface EventTarget {
  documentId: string;
  slug: string;
  title: string;
  startsAt: string;
  endsAt: string | null;
  registrationMode: string;
  capacity: number | null;
  /** People one registration may bring (the organizer's number, 4 when unset). */
  maxSeatsPerRegistration: number;
  address: string | null;
}

export async function findEvent(strapi: Core.Strapi, slug: string, locale: Locale): Promise<EventTarget | null> {
  const doc = await findPublishedBySlug(strapi, 'api::event.event', slug, locale, {
    fields: ['title', 'slug', 'startsAt', 'endsAt', 'registrationMode', 'capacity', 'maxSeatsPerRegistration'],
    populate: { place: true },
  });
  if (!doc) return null;
  return {
    documentId: String(doc.documentId),
    slug: String(doc.slug),
    title: String(doc.title),
    startsAt: String(doc.startsAt),
    endsAt: doc.endsAt ? String(doc.endsAt) : null,
    registrationMode: String(doc.registrationMode ?? 'none'),
    capacity: typeof doc.capacity === 'number' ? doc.capacity : null,
    maxSeatsPerRegistration: seatsPerRegistration(doc.maxSeatsPerRegistration),
    address: doc.place ? [doc.place.venueName, doc.place.address].filter(Boolean).join(', ') : null,
  };
}

export async function findEventByDocumentId(strapi: Core.Strapi, documentId: string, locale: Locale): Promise<EventTarget | null> {
  const slug = await findPublishedSlug(strapi, 'api::event.event', documentId, locale);
  return slug === null ? null : findEvent(strapi, slug, locale);
}

/** Online registration: mode "form", and the event has not started. */
export function acceptsRegistrations(event: EventTarget, now = Date.now()): boolean {
  return event.registrationMode === 'form' && now < Date.parse(event.startsAt);
}
