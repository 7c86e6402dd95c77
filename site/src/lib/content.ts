import { getCollection } from 'astro:content';
import type {
  AccessPoint,
  CallToParticipate,
  CommunityEvent,
  Consultation,
  Episode,
  ItemCollection,
  Locale,
  Neighbourhood,
  Organization,
  Petition,
  Topic,
  TrainingModule,
} from '@passerelle/shared';
import type { ItemsByType } from './items.ts';
import { byPeriod, type Period } from './lifecycle.ts';
import { renderOverride, type RenderOverride } from './render-context.ts';

// byPeriod lives in lifecycle.ts (pure, unit-tested); re-exported because map/search import it from here.
export { byPeriod, type Period } from './lifecycle.ts';

export interface SiteContent extends ItemsByType {
  neighbourhoods: Neighbourhood[];
  topics: Topic[];
  organizations: Organization[];
  accessPoints: AccessPoint[];
  /** Newest first. */
  episodes: Episode[];
  /** By title. */
  trainingModules: TrainingModule[];
}

/** Entries are stored as `<locale>/<slug>`; each page asks for one locale. */
async function ofLocale<T>(collection: keyof SiteContent, locale: Locale): Promise<T[]> {
  const entries = await getCollection(collection, (entry) => entry.id.startsWith(`${locale}/`));
  return entries.map((entry) => entry.data as T);
}

const cache = new Map<Locale, Promise<SiteContent>>();

const byTitle = (locale: Locale) => (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title, locale);

/** Newest release first; same day: higher episode number first. */
export const newestEpisodeFirst = (a: Episode, b: Episode) =>
  b.releaseDate.localeCompare(a.releaseDate) || (b.episodeNumber ?? 0) - (a.episodeNumber ?? 0);

/** The on-demand render's override when it concerns this locale (never during the static build). */
function overrideIn(locale: Locale): RenderOverride | undefined {
  const override = renderOverride();
  return override?.locale === locale ? override : undefined;
}

/**
 * Everything in one locale, read once per build (hundreds of pages ask for it). During an
 * on-demand render, with that request's entry in place of the stored one (same document or slug)
 * or added; never cached, so other requests keep the store's version.
 */
export function siteContent(locale: Locale): Promise<SiteContent> {
  const override = overrideIn(locale);
  return override ? storedContent(locale).then((content) => withEntry(content, override)) : storedContent(locale);
}

/** Lists the store keeps sorted by name (see storedContent). */
const sortedByName = new Set<keyof SiteContent>(['neighbourhoods', 'topics', 'organizations', 'accessPoints']);

function withEntry(content: SiteContent, { collection, locale, entry }: RenderOverride): SiteContent {
  type Entry = { slug: string; documentId?: string; name?: string };
  const same = (other: Entry) => other.slug === entry.slug || (!!entry.documentId && other.documentId === entry.documentId);
  const list = content[collection] as Entry[];
  // In place, so every list keeps the order the static build sees.
  const at = list.findIndex(same);
  const merged = at === -1 ? [...list, entry] : list.flatMap((other, i) => (i === at ? [entry] : same(other) ? [] : [other]));
  if (sortedByName.has(collection)) merged.sort((a, b) => String(a.name).localeCompare(String(b.name), locale));
  if (collection === 'episodes') (merged as unknown as Episode[]).sort(newestEpisodeFirst);
  if (collection === 'trainingModules') (merged as unknown as TrainingModule[]).sort(byTitle(locale));
  return { ...content, [collection]: merged };
}

function storedContent(locale: Locale): Promise<SiteContent> {
  let pending = cache.get(locale);
  if (!pending) {
    pending = (async () => {
      const [neighbourhoods, topics, organizations, events, calls, consultations, petitions, accessPoints, episodes, trainingModules] = await Promise.all([
        ofLocale<Neighbourhood>('neighbourhoods', locale),
        ofLocale<Topic>('topics', locale),
        ofLocale<Organization>('organizations', locale),
        ofLocale<CommunityEvent>('events', locale),
        ofLocale<CallToParticipate>('calls', locale),
        ofLocale<Consultation>('consultations', locale),
        ofLocale<Petition>('petitions', locale),
        ofLocale<AccessPoint>('accessPoints', locale),
        ofLocale<Episode>('episodes', locale),
        ofLocale<TrainingModule>('trainingModules', locale),
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
        accessPoints: accessPoints.sort(byName),
        episodes: episodes.sort(newestEpisodeFirst),
        trainingModules: trainingModules.sort(byTitle(locale)),
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
  if (overrideIn(locale)) {
    return siteContent(locale).then((content) => byPeriod(type, content[type] as ItemsByType[C][number][], period));
  }
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
  if (overrideIn(locale)) {
    return siteContent(locale).then(
      (content) => (content[collection] as Array<{ slug: string }>).find((entry) => entry.slug === slug) as SiteContent[C][number] | undefined,
    );
  }
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
