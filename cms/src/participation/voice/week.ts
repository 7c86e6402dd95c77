import type { Core } from '@strapi/strapi';
import type { Locale } from '@passerelle/shared/locales';
import { shortLinkPath } from '@passerelle/shared/short-links';
import { participationConfig } from '../config';
import { findEventByDocumentId, type EventTarget } from '../events/event-lookup';
import { findPetitionByDocumentId, type PetitionTarget } from '../petitions/petition-lookup';
import { itemsIn } from '../sms/items-near';
import { itemLink } from '../sms/links';

/**
 * What the line reads for a neighbourhood: the events starting within seven days and the open
 * petitions, soonest first (the text messages' order, sms/items-near.ts), five at most — a list
 * longer than that is not remembered by ear.
 */
export const maxItemsRead = 5;
const weekMs = 7 * 86_400_000;

export interface PhoneNeighbourhood {
  documentId: string;
  name: string;
}

export type WeekItem = { kind: 'event'; event: EventTarget } | { kind: 'petition'; petition: PetitionTarget };

export const itemDocumentId = (item: WeekItem): string => (item.kind === 'event' ? item.event.documentId : item.petition.documentId);

/** The published neighbourhood with this keypad number, named in the caller's language when it has it. */
export async function neighbourhoodByNumber(strapi: Core.Strapi, number: number, locale: Locale): Promise<PhoneNeighbourhood | null> {
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const [doc] = (await strapi.documents('api::neighbourhood.neighbourhood').findMany({
      status: 'published',
      locale: tryLocale,
      filters: { phoneMenuNumber: number },
      fields: ['name'],
      limit: 1,
    })) as Array<Record<string, any>>;
    if (doc) return { documentId: String(doc.documentId), name: String(doc.name) };
  }
  return null;
}

export async function thisWeek(strapi: Core.Strapi, neighbourhood: PhoneNeighbourhood, locale: Locale, now: number): Promise<WeekItem[]> {
  const items: WeekItem[] = [];
  for (const found of await itemsIn(strapi, neighbourhood.documentId, new Date(now))) {
    if (items.length >= maxItemsRead) break;
    if (found.kind === 'event') {
      const event = await findEventByDocumentId(strapi, found.documentId, locale);
      // An event beyond the week is left for the next call; open petitions are read whatever their closing day.
      if (event && Date.parse(event.startsAt) - now <= weekMs) items.push({ kind: 'event', event });
    } else {
      const petition = await findPetitionByDocumentId(strapi, found.documentId, locale);
      if (petition) items.push({ kind: 'petition', petition });
    }
  }
  return items;
}

/** "samedi 12 décembre, à 18 h 30" / "Saturday, December 12 at 6:30 p.m.": words, never an ISO date. */
export function spokenWhen(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'America/Toronto',
  }).format(new Date(iso));
}

export function spokenDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'America/Toronto' }).format(new Date(iso));
}

/** The item's short link (`https://…/e/7K2/`), or its page when it has no code yet. */
export async function shortItemLink(strapi: Core.Strapi, item: WeekItem, locale: Locale): Promise<string> {
  const uid = item.kind === 'event' ? 'api::event.event' : 'api::petition.petition';
  const row = (await strapi.db.query(uid).findOne({ where: { documentId: itemDocumentId(item), shortCode: { $notNull: true } }, select: ['shortCode'] })) as { shortCode?: string } | null;
  if (row?.shortCode) return `${participationConfig().siteUrl}${shortLinkPath(item.kind === 'event' ? 'events' : 'petitions', row.shortCode, locale)}`;
  return itemLink(item.kind, item.kind === 'event' ? item.event.slug : item.petition.slug, locale);
}
