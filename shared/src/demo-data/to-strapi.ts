import { zonedDate, zonedDateTime } from '../dates.ts';
import type { Locale } from '../locales.ts';
import type { DemoCollection, DemoItem } from './collections.ts';
import type { PlaceInput } from './fields.ts';

/**
 * A demo-data entry (a line of cms/data/<collection>.json, or a test builder's item, which has the
 * same type) as Strapi keeps one locale of it: relative days become instants worked out in Québec
 * time, `fr`/`en` blocks become the locale's fields, slugs of linked items become documentIds. The
 * CMS seed writes this, tests create documents with it, and the builders' GraphQL nodes start from
 * `entryFields`, so a field is mapped here once.
 */

export type Fields = Record<string, unknown>;
export type RelationKind = 'neighbourhoods' | 'topics' | 'organizations' | 'episodes' | 'trainingModules';

export interface StrapiDataOptions {
  locale: Locale;
  /** The day relative dates count from. */
  now: Date;
  /**
   * The documentId of a linked item by slug (undefined when there is none). Without it the data
   * carries no relation fields at all: tests often create a lone item in an empty CMS.
   */
  relations?: (kind: RelationKind, slug: string) => string | undefined;
  /** An uploaded photo for the entry's `image` (events and calls). */
  imageId?: number;
}

/** Fields left out, not sent as `undefined`: Strapi then keeps its defaults. */
const defined = (value: Fields): Fields => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

export function placeIn(place: PlaceInput | undefined, locale: Locale): Fields | undefined {
  if (!place) return undefined;
  const { fr: _fr, en: _en, ...shared } = place;
  return defined({ ...shared, ...place[locale] });
}

function timeWindow(entry: { startsInDays?: number; time?: string; durationMinutes?: number }, now: Date) {
  if (entry.startsInDays === undefined) return { startsAt: null, endsAt: null };
  const startsAt = zonedDateTime(now, entry.startsInDays, entry.time ?? '09:00');
  const endsAt = entry.durationMinutes ? new Date(startsAt.getTime() + entry.durationMinutes * 60_000) : null;
  return { startsAt: startsAt.toISOString(), endsAt: endsAt?.toISOString() ?? null };
}

const opensCloses = (entry: { opensInDays: number; closesInDays: number }, now: Date) => ({
  opensAt: zonedDateTime(now, entry.opensInDays, '09:00').toISOString(),
  closesAt: zonedDateTime(now, entry.closesInDays, '23:59').toISOString(),
});

/** Per collection, the fields of one locale that Strapi's document and its GraphQL node share: no relations, no ids, nothing private. */
type ClosureInput = NonNullable<DemoItem<'accessPoints'>['closures']>[number];

/** A demo closure's days: relative to the seeding day, or the next yearly one not over yet. */
function closureDays(c: ClosureInput, now: Date): { startDate: string; endDate: string } {
  if ('startsInDays' in c) return { startDate: zonedDate(now, c.startsInDays), endDate: zonedDate(now, c.endsInDays) };
  const today = zonedDate(now, 0);
  const year = Number(today.slice(0, 4));
  const within = (y: number) => ({ startDate: `${y}-${c.from}`, endDate: `${c.to < c.from ? y + 1 : y}-${c.to}` });
  // This year's, unless it is over; last year's when it still runs (2 January, for 24 December to 2 January).
  const last = within(year - 1);
  if (last.endDate >= today) return last;
  const current = within(year);
  return current.endDate >= today ? current : within(year + 1);
}

const ownFields: { [C in DemoCollection]: (entry: DemoItem<C>, locale: Locale, now: Date) => Fields } = {
  neighbourhoods: (n, locale) => ({ slug: n.slug, name: n[locale].name, territory: n.territory, lat: n.lat, lng: n.lng, fsas: n.fsas ?? [], phoneMenuNumber: n.phoneMenuNumber ?? null, boundary: n.boundary ?? null }),
  topics: (t, locale) => ({ slug: t.slug, name: t[locale].name }),
  organizations: ({ slug, name, kind, phone, email, website, address, ...o }, locale) => ({
    slug,
    name,
    kind,
    phone,
    email,
    website,
    address,
    description: o[locale].description,
    openingHours: o[locale].openingHours ?? null,
    languages: o[locale].languages ?? null,
    accessibility: o[locale].accessibility ?? null,
  }),
  events: (e, locale, now) => ({
    slug: e.slug,
    ...e[locale],
    ...timeWindow(e, now),
    kind: e.kind ?? 'community',
    registrationMode: e.registrationMode ?? 'none',
    registrationUrl: e.registrationUrl,
    capacity: e.capacity,
    maxSeatsPerRegistration: e.maxSeatsPerRegistration,
    cancelled: e.cancelled ?? false,
    place: placeIn(e.place, locale),
    contact: e.contact,
  }),
  calls: (c, locale, now) => ({
    slug: c.slug,
    kind: c.kind,
    ...c[locale],
    ...timeWindow(c, now),
    deadline: c.deadlineInDays === undefined ? null : zonedDate(now, c.deadlineInDays),
    place: placeIn(c.place, locale) ?? null,
    contact: c.contact,
  }),
  consultations: (c, locale, now) => ({
    slug: c.slug,
    ...c[locale],
    ...opensCloses(c, now),
    questions: (c.questions ?? []).map((q) => ({ kind: q.kind, required: q.required ?? false, prompt: q[locale].prompt, options: q[locale].options ?? [] })),
    ...outcomeFields(c, now),
  }),
  petitions: (p, locale, now) => ({
    slug: p.slug,
    ...p[locale],
    signatureGoal: p.signatureGoal,
    paperSignatures: p.paperSignatures ?? 0,
    ...opensCloses(p, now),
    ...outcomeFields(p, now),
  }),
  accessPoints: (a, locale, now) => ({
    slug: a.slug,
    name: a.name,
    address: a.address,
    lat: a.lat,
    lng: a.lng,
    offers: a.offers,
    openingHours: a.openingHours.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
    closedOnQuebecHolidays: a.closedOnQuebecHolidays ?? false,
    closures: (a.closures ?? []).map((c) => ({ ...closureDays(c, now), reasonFr: c.fr ?? null, reasonEn: c.en ?? null })),
    languages: a.languages,
    cost: a.cost,
    phone: a.phone ?? null,
    ...a[locale],
  }),
  episodes: (e, locale, now) => ({
    slug: e.slug,
    releaseDate: zonedDate(now, e.releaseInDays),
    season: e.season ?? null,
    episodeNumber: e.episodeNumber ?? null,
    explicit: false,
    ...e[locale],
    guests: e[locale].guests.map((g) => ({ name: g.name, role: g.role ?? null })),
  }),
  trainingModules: (m, locale) => ({
    slug: m.slug,
    demo: m.demo ?? false,
    title: m[locale].title,
    summary: m[locale].summary,
    units: m[locale].units.map(({ episode: _episode, questions, ...unit }) => ({
      ...unit,
      questions: questions.map((q) => ({ prompt: q.prompt, choices: q.choices.map((c) => ({ text: c.text, correct: c.correct ?? false, feedback: c.feedback })) })),
    })),
  }),
};

/** The CMS's three outcome fields; the text comes with the locale's own fields. */
function outcomeFields(item: { outcome?: { status: string; inDays: number } }, now: Date): Fields {
  return item.outcome ? { outcomeStatus: item.outcome.status, outcomeDate: zonedDate(now, item.outcome.inDays) } : {};
}

/** The fields of one locale of an entry that every shape has (Strapi document, GraphQL node). */
export function entryFields<C extends DemoCollection>(collection: C, entry: DemoItem<C>, locale: Locale, now: Date): Fields {
  return ownFields[collection](entry, locale, now);
}

/**
 * `data` for `strapi.documents(uid).create/update` in one locale. Publication is the caller's: an
 * entry marked `draft` is created and never published.
 */
export function toStrapiData<C extends DemoCollection>(collection: C, entry: DemoItem<C>, options: StrapiDataOptions): Fields {
  const { locale, now, relations, imageId } = options;
  // Reading the shared fields through a loose view: which ones exist depends on the collection.
  const item = entry as DemoItem<C> & { status?: string; ocEmails?: string[]; organization?: string; neighbourhood?: string; neighbourhoods?: string[]; topics?: string[] };
  const data = entryFields(collection, entry, locale, now);
  // The CMS field is `petitionStatus`: `status` is Strapi's draft & publish.
  if (collection === 'petitions') data.petitionStatus = item.status;
  // Private: who reviews drafts for this neighbourhood (editorial/review-notification.ts).
  if (collection === 'neighbourhoods' && item.ocEmails) data.ocEmails = item.ocEmails;
  if (collection === 'events' || collection === 'calls') data.image = imageId;
  if (relations) {
    const id = (kind: RelationKind, slug: string) => {
      const found = relations(kind, slug);
      if (!found) throw new Error(`${kind} "${slug}" does not exist`);
      return found;
    };
    if (collection === 'organizations') data.neighbourhood = item.neighbourhood ? id('neighbourhoods', item.neighbourhood) : null;
    if (collection === 'accessPoints') {
      data.organization = item.organization ? id('organizations', item.organization) : null;
      data.neighbourhoods = (item.neighbourhoods ?? []).map((slug) => id('neighbourhoods', slug));
    }
    if (collection === 'trainingModules') {
      const training = entry as DemoItem<'trainingModules'>;
      data.topics = training.topics.map((slug) => id('topics', slug));
      // A unit's episode is a relation inside the component: the CMS takes its documentId.
      data.units = (data.units as Fields[]).map((unit, i) => {
        const episode = training[locale].units[i]?.episode;
        return episode ? { ...unit, episode: id('episodes', episode) } : unit;
      });
    }
    if (collection === 'events') {
      const session = (entry as DemoItem<'events'>).trainingModule;
      data.trainingModule = session ? id('trainingModules', session) : null;
    }
    if (collection === 'events' || collection === 'calls' || collection === 'consultations' || collection === 'petitions') {
      data.organization = item.organization ? id('organizations', item.organization) : null;
      data.neighbourhoods = (item.neighbourhoods ?? []).map((slug) => id('neighbourhoods', slug));
      data.topics = (item.topics ?? []).map((slug) => id('topics', slug));
    }
  }
  return defined(data);
}
