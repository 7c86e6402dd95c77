import type { Core } from '@strapi/strapi';
import { seatsPerRegistration } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { t } from '@passerelle/shared/i18n';
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
  /** Cancelled by its organizers: still published, never registrable, no reminder. */
  cancelled: boolean;
  cancellationNote: string | null;
}

/** The event's place component, as the lookup populates it. */
type EventPlace = { venueName?: string | null; address?: string | null };

export async function findEvent(strapi: Core.Strapi, slug: string, locale: Locale): Promise<EventTarget | null> {
  const doc = await findPublishedBySlug(strapi, 'api::event.event', slug, locale, {
    fields: ['title', 'slug', 'startsAt', 'endsAt', 'registrationMode', 'capacity', 'maxSeatsPerRegistration', 'cancelled', 'cancellationNote'],
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
    address: doc.place ? [(doc.place as EventPlace).venueName, (doc.place as EventPlace).address].filter(Boolean).join(', ') : null,
    cancelled: doc.cancelled === true,
    cancellationNote: typeof doc.cancellationNote === 'string' && doc.cancellationNote.trim() !== '' ? doc.cancellationNote.trim() : null,
  };
}

export async function findEventByDocumentId(strapi: Core.Strapi, documentId: string, locale: Locale): Promise<EventTarget | null> {
  const slug = await findPublishedSlug(strapi, 'api::event.event', documentId, locale);
  return slug === null ? null : findEvent(strapi, slug, locale);
}

/** Online registration: mode "form", not cancelled, and the event has not started. */
export function acceptsRegistrations(event: EventTarget, now = Date.now()): boolean {
  return event.registrationMode === 'form' && !event.cancelled && now < Date.parse(event.startsAt);
}

/** A cancelled event keeps its line where events are listed (by text, by phone), marked "Annulé". */
export function listedTitle(event: EventTarget, locale: Locale): string {
  return event.cancelled ? t(locale, 'cancelledItemTitle', { title: event.title }) : event.title;
}
