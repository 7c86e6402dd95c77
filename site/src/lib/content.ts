import { getCollection } from 'astro:content';
import type {
  CallToParticipate,
  CommunityEvent,
  Consultation,
  ItemCollection,
  Locale,
  Neighbourhood,
  Organization,
  Petition,
  Topic,
} from '@passerelle/shared';
import { byPeriod, type Period } from './lifecycle.ts';

// byPeriod lives in lifecycle.ts (pure, unit-tested); re-exported because map/search import it from here.
export { byPeriod, type Period } from './lifecycle.ts';

export interface ItemsByType {
  events: CommunityEvent[];
  calls: CallToParticipate[];
  consultations: Consultation[];
  petitions: Petition[];
}
export type AnyItem = ItemsByType[ItemCollection][number];

export interface SiteContent extends ItemsByType {
  neighbourhoods: Neighbourhood[];
  topics: Topic[];
  organizations: Organization[];
}

/** Entries are stored as `<locale>/<slug>`; each page asks for one locale. */
async function ofLocale<T>(collection: keyof SiteContent, locale: Locale): Promise<T[]> {
  const entries = await getCollection(collection, (entry) => entry.id.startsWith(`${locale}/`));
  return entries.map((entry) => entry.data as T);
}

const cache = new Map<Locale, Promise<SiteContent>>();

/** Everything in one locale, read once per build (hundreds of pages ask for it). */
export function siteContent(locale: Locale): Promise<SiteContent> {
  let pending = cache.get(locale);
  if (!pending) {
    pending = (async () => {
      const [neighbourhoods, topics, organizations, events, calls, consultations, petitions] = await Promise.all([
        ofLocale<Neighbourhood>('neighbourhoods', locale),
        ofLocale<Topic>('topics', locale),
        ofLocale<Organization>('organizations', locale),
        ofLocale<CommunityEvent>('events', locale),
        ofLocale<CallToParticipate>('calls', locale),
        ofLocale<Consultation>('consultations', locale),
        ofLocale<Petition>('petitions', locale),
      ]);
      const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, locale);
      return {
        neighbourhoods: neighbourhoods.sort(byName),
        topics: topics.sort(byName),
        organizations: organizations.sort(byName),
        events,
        calls,
        consultations,
        petitions,
      };
    })();
    cache.set(locale, pending);
  }
  return pending;
}

const periodCache = new Map<string, Promise<unknown[]>>();

/**
 * One type's current or archived items, sorted, computed once per build: list, taxonomy and home
 * pages all ask for the same few lists, thousands of times at 10,000 items. Callers must not
 * mutate the array they get (copy before sorting).
 */
export function itemsFor<C extends ItemCollection>(
  locale: Locale,
  type: C,
  period: Period,
): Promise<ItemsByType[C][number][]> {
  const key = `${locale}/${type}/${period}`;
  let pending = periodCache.get(key);
  if (!pending) {
    pending = siteContent(locale).then((content) => byPeriod(type, content[type] as ItemsByType[C][number][], period));
    periodCache.set(key, pending);
  }
  return pending as Promise<ItemsByType[C][number][]>;
}

const slugIndexes = new Map<string, Promise<Map<string, unknown>>>();

/** One entry by slug, through an index built once per locale and collection (pages ask thousands of times). */
export function entryBySlug<C extends keyof SiteContent>(
  locale: Locale,
  collection: C,
  slug: string,
): Promise<SiteContent[C][number] | undefined> {
  const key = `${locale}/${collection}`;
  let index = slugIndexes.get(key);
  if (!index) {
    index = siteContent(locale).then(
      (content) => new Map((content[collection] as Array<{ slug: string }>).map((entry) => [entry.slug, entry])),
    );
    slugIndexes.set(key, index);
  }
  return index.then((map) => map.get(slug) as SiteContent[C][number] | undefined);
}

/** True when the other locale has the same slug, so the language switch can point at it. */
export async function existsIn(locale: Locale, collection: keyof SiteContent, slug: string): Promise<boolean> {
  return (await entryBySlug(locale, collection, slug)) !== undefined;
}

export const otherLocale = (locale: Locale): Locale => (locale === 'fr' ? 'en' : 'fr');
