import type { Locale } from './locales.ts';

/**
 * URL segments per locale. French lives at `/`, English at `/en/`; the page set is the same.
 * Item slugs are shared by both locales (the French slug), so switching language keeps the item.
 */
export const segments = {
  fr: {
    events: 'evenements',
    calls: 'appels',
    consultations: 'consultations',
    petitions: 'petitions',
    neighbourhoods: 'quartiers',
    topics: 'themes',
    organizations: 'organismes',
    accessPoints: 'se-brancher',
    episodes: 'balado',
    trainingModules: 'formation',
    map: 'carte',
    search: 'recherche',
    postalCode: 'code-postal',
    archive: 'archives',
    privacy: 'confidentialite',
    propose: 'proposer-une-activite',
    calendars: 'calendriers',
    posters: 'affiches',
    data: 'donnees',
  },
  en: {
    events: 'events',
    calls: 'calls',
    consultations: 'consultations',
    petitions: 'petitions',
    neighbourhoods: 'neighbourhoods',
    topics: 'topics',
    organizations: 'organizations',
    accessPoints: 'get-online',
    episodes: 'podcast',
    trainingModules: 'training',
    map: 'map',
    search: 'search',
    postalCode: 'postal-code',
    archive: 'archive',
    privacy: 'privacy',
    propose: 'propose-an-activity',
    calendars: 'calendars',
    posters: 'posters',
    data: 'data',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type Section = keyof (typeof segments)['fr'];

export function localeRoot(locale: Locale): string {
  return locale === 'fr' ? '/' : '/en/';
}

/** `/evenements/` or `/en/events/`; with a slug, `/evenements/<slug>/`. Trailing slash always. */
export function pathTo(locale: Locale, section: Section, slug?: string): string {
  const base = `${localeRoot(locale)}${segments[locale][section]}/`;
  return slug ? `${base}${slug}/` : base;
}

/** An item's printable poster: `/affiches/evenements/<slug>/`, `/en/posters/events/<slug>/`. */
export function posterPath(locale: Locale, type: 'events' | 'calls' | 'consultations' | 'petitions', slug: string): string {
  return `${pathTo(locale, 'posters')}${segments[locale][type]}/${slug}/`;
}

/**
 * A neighbourhood's weekly bulletin, printed on both sides of one sheet: `/quartiers/<slug>/bulletin/`,
 * `/en/neighbourhoods/<slug>/bulletin/`; its plain text beside it (`…/<slug>/bulletin.txt`).
 */
export function bulletinPath(locale: Locale, slug: string): string {
  return `${pathTo(locale, 'neighbourhoods', slug)}bulletin/`;
}
export function bulletinTextPath(locale: Locale, slug: string): string {
  return `${pathTo(locale, 'neighbourhoods', slug)}bulletin.txt`;
}

/** Where to get online in one neighbourhood: `/quartiers/<slug>/se-brancher/`, `/en/neighbourhoods/<slug>/get-online/`. */
export function accessPointsNearPath(locale: Locale, neighbourhoodSlug: string): string {
  return `${pathTo(locale, 'neighbourhoods', neighbourhoodSlug)}${segments[locale].accessPoints}/`;
}

/** A training unit, numbered from 1 in the module's order: `/formation/<module>/2/`, `/en/training/<module>/2/`. */
export function trainingUnitPath(locale: Locale, moduleSlug: string, unitNumber: number): string {
  return `${pathTo(locale, 'trainingModules', moduleSlug)}${unitNumber}/`;
}

/** A unit's printable fiche (one Letter page): `/formation/<module>/2/fiche/`. */
export function trainingFichePath(locale: Locale, moduleSlug: string, unitNumber: number): string {
  return `${trainingUnitPath(locale, moduleSlug, unitNumber)}fiche/`;
}

/** The `.ics` calendar file built for each event: `/evenements/<slug>.ics`, beside its page. */
export function icsPath(locale: Locale, slug: string): string {
  return `${pathTo(locale, 'events')}${slug}.ics`;
}

/** Where a static form lands, one level under the form's page (`/proposer-une-activite/merci/`). */
const thanksSegment = { fr: 'merci', en: 'thanks' } as const satisfies Record<Locale, string>;

export function thanksPathTo(locale: Locale, section: Section): string {
  return `${pathTo(locale, section)}${thanksSegment[locale]}/`;
}

/**
 * What a subscription follows: everything, one neighbourhood, one CLSC territory (its slug is made
 * from the territory's name), one topic or one organization. Feeds may also follow one kind of item.
 */
export type FollowScope =
  | { kind: 'all' }
  | { kind: 'neighbourhoods' | 'territories' | 'topics' | 'organizations'; slug: string };
export type FeedScope = FollowScope | { kind: 'type'; type: 'events' | 'calls' | 'consultations' | 'petitions' | 'outcomes' };

const followSegments = {
  fr: { feeds: 'fils', all: 'tout', territories: 'territoires', outcomes: 'resultats' },
  en: { feeds: 'feeds', all: 'all', territories: 'territories', outcomes: 'outcomes' },
} as const satisfies Record<Locale, Record<string, string>>;

function scopeSegment(locale: Locale, scope: FeedScope): string {
  switch (scope.kind) {
    case 'all':
      return followSegments[locale].all;
    case 'territories':
      return `${followSegments[locale].territories}/${scope.slug}`;
    case 'type':
      return scope.type === 'outcomes' ? followSegments[locale].outcomes : segments[locale][scope.type];
    default:
      return `${segments[locale][scope.kind]}/${scope.slug}`;
  }
}

/** A subscription calendar: `/calendriers/quartiers/<slug>.ics`, `/en/calendars/all.ics`. */
export function calendarFilePath(locale: Locale, scope: FollowScope): string {
  return `${pathTo(locale, 'calendars')}${scopeSegment(locale, scope)}.ics`;
}

/** An Atom feed: `/fils/quartiers/<slug>.xml`, `/en/feeds/events.xml`. */
export function feedFilePath(locale: Locale, scope: FeedScope): string {
  return `${localeRoot(locale)}${followSegments[locale].feeds}/${scopeSegment(locale, scope)}.xml`;
}

/**
 * The open data downloads, rebuilt at every build: current items as GeoJSON and CSV, and the
 * organizations with their locations in HSDS 3 JSON, in each locale's data folder; one DCAT
 * catalogue (bilingual) for both, in the French folder, which portals such as Données Québec harvest.
 */
export const openDataFiles = {
  itemsGeojson: { fr: 'elements-actuels.geojson', en: 'current-items.geojson' },
  itemsCsv: { fr: 'elements-actuels.csv', en: 'current-items.csv' },
  organizationsHsds: { fr: 'organismes-hsds.json', en: 'organizations-hsds.json' },
} as const satisfies Record<string, Record<Locale, string>>;
export type OpenDataFile = keyof typeof openDataFiles;

/** `/donnees/elements-actuels.csv`, `/en/data/current-items.csv`. */
export function openDataFilePath(locale: Locale, file: OpenDataFile): string {
  return `${pathTo(locale, 'data')}${openDataFiles[file][locale]}`;
}

/** The DCAT catalogue: one file, both languages. */
export const dcatCatalogPath = '/donnees/catalogue.jsonld';

/** The balado's RSS feed, which podcast apps subscribe to: `/balado/fil.xml`, `/en/podcast/feed.xml`. */
export function podcastFeedPath(locale: Locale): string {
  return `${pathTo(locale, 'episodes')}${locale === 'fr' ? 'fil' : 'feed'}.xml`;
}

/** An episode's chapters for podcast apps (Podcasting 2.0 JSON chapters), beside its page. */
export function episodeChaptersPath(locale: Locale, slug: string): string {
  return `${pathTo(locale, 'episodes', slug)}${locale === 'fr' ? 'chapitres' : 'chapters'}.json`;
}

/** An episode's transcript as plain text, for podcast apps (`podcast:transcript`). */
export function episodeTranscriptPath(locale: Locale, slug: string): string {
  return `${pathTo(locale, 'episodes', slug)}${locale === 'fr' ? 'transcription' : 'transcript'}.txt`;
}

/** Where the site serves an episode's audio file: copied from the CMS at build, named as the CMS named it (a hash in the name). */
export function episodeAudioPath(cmsUrl: string): string {
  const name = cmsUrl.split('?')[0]!.split('/').pop() ?? '';
  return `/media/balado/${name}`;
}

/** The balado's square artwork (Apple asks 1400–3000 px, JPEG or PNG), committed in site/public. */
export const podcastArtworkPath = '/balado/pochette.jpg';
