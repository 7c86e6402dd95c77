import type { Core } from '@strapi/strapi';
import { matchNeighbourhood } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';

/**
 * What a resident asking by text message about a place gets: the upcoming events and open
 * petitions of the neighbourhood their postal code's FSA (`H2R`) or their words (`Villeray`) name,
 * soonest first (an event by its start, a petition by its closing date). Published versions only,
 * in the resident's language when the item has it, the other one otherwise.
 */
export interface NearbyItem {
  kind: 'event' | 'petition';
  documentId: string;
}

export interface Neighbourhood {
  documentId: string;
  name: string;
  fsas: string[];
}

/** Enough for ten pages of three; nobody reads further by text message. */
const maxItems = 30;

async function neighbourhoods(strapi: Core.Strapi, locale: Locale): Promise<Neighbourhood[]> {
  const found = new Map<string, Neighbourhood>();
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const docs = (await strapi.documents('api::neighbourhood.neighbourhood').findMany({
      status: 'published',
      locale: tryLocale,
      fields: ['name', 'fsas'],
      limit: 500,
    })) as Array<Record<string, any>>;
    for (const doc of docs) {
      if (found.has(String(doc.documentId))) continue;
      const fsas = Array.isArray(doc.fsas) ? doc.fsas.filter((f: unknown): f is string => typeof f === 'string') : [];
      found.set(String(doc.documentId), { documentId: String(doc.documentId), name: String(doc.name), fsas });
    }
  }
  return [...found.values()];
}

/** The neighbourhood named by an FSA or by words, or null. */
export async function findNeighbourhood(strapi: Core.Strapi, locale: Locale, query: { fsa: string } | { words: string }): Promise<Neighbourhood | null> {
  const all = await neighbourhoods(strapi, locale);
  if ('fsa' in query) return all.find((n) => n.fsas.includes(query.fsa)) ?? null;
  return matchNeighbourhood(query.words, all);
}

export async function itemsIn(strapi: Core.Strapi, neighbourhoodDocumentId: string, now = new Date()): Promise<NearbyItem[]> {
  const iso = now.toISOString();
  const inNeighbourhood = { neighbourhoods: { documentId: { $eq: neighbourhoodDocumentId } } };
  // Document ids are shared by both locales: one query each, in the default locale's rows and the other's.
  const dated: Array<NearbyItem & { at: string }> = [];
  const seen = new Set<string>();
  for (const locale of ['fr', 'en']) {
    const events = (await strapi.documents('api::event.event').findMany({
      status: 'published',
      locale,
      filters: { ...inNeighbourhood, startsAt: { $gt: iso } },
      sort: 'startsAt:asc',
      fields: ['startsAt'],
      limit: maxItems,
    })) as Array<Record<string, any>>;
    for (const e of events) {
      if (seen.has(`e:${e.documentId}`)) continue;
      seen.add(`e:${e.documentId}`);
      dated.push({ kind: 'event', documentId: String(e.documentId), at: String(e.startsAt) });
    }
    const petitions = (await strapi.documents('api::petition.petition').findMany({
      status: 'published',
      locale,
      filters: { ...inNeighbourhood, petitionStatus: 'open', opensAt: { $lte: iso }, closesAt: { $gt: iso } },
      sort: 'closesAt:asc',
      fields: ['closesAt'],
      limit: maxItems,
    })) as Array<Record<string, any>>;
    for (const p of petitions) {
      if (seen.has(`p:${p.documentId}`)) continue;
      seen.add(`p:${p.documentId}`);
      dated.push({ kind: 'petition', documentId: String(p.documentId), at: String(p.closesAt) });
    }
  }
  return dated
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(0, maxItems)
    .map(({ kind, documentId }) => ({ kind, documentId }));
}
