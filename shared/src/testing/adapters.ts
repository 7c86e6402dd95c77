import type { CollectionName } from '../content/index.ts';
import { contentTypes } from '../content/index.ts';
import { entryFields, toStrapiData, type RelationKind } from '../demo-data/to-strapi.ts';
import type { Locale } from '../locales.ts';
import { alimentation, cuisineCollective, numerique, villeray } from './builders.ts';
import type { EntryOf, Fixture } from './entries.ts';

export { placeIn } from '../demo-data/to-strapi.ts';

/**
 * The three shapes one built item takes: the demo-data JSON (what the CMS seed reads), the Strapi
 * document (what tests create through the document service) and the GraphQL node (what the site's
 * loader receives). The Strapi document is the seed's own conversion (demo-data/to-strapi.ts), and
 * the GraphQL node starts from the same fields.
 */

export type Node = Record<string, unknown>;

/** The entry as a cms/data/<collection>.json file holds it. */
export function toDemoEntry<C extends CollectionName>(fixture: Fixture<C>): EntryOf[C] {
  const { collection: _collection, ...entry } = fixture;
  return entry as unknown as EntryOf[C];
}

/** Items grouped by collection, as the files of a seed folder (`<collection>.json`). */
export function toDemoData(fixtures: readonly Fixture[]): Partial<{ [C in CollectionName]: EntryOf[C][] }> {
  const data: Partial<Record<CollectionName, unknown[]>> = {};
  for (const fixture of fixtures) (data[fixture.collection] ??= []).push(toDemoEntry(fixture));
  return data as Partial<{ [C in CollectionName]: EntryOf[C][] }>;
}

/** Strapi content-type UID of a collection (`api::event.event`). */
export const uidOf = (collection: CollectionName): string => contentTypes[collection].uid;

export function collectionOf(uid: string): CollectionName {
  const found = (Object.keys(contentTypes) as CollectionName[]).find((name) => contentTypes[name].uid === uid);
  if (!found) throw new Error(`no public content type ${uid}`);
  return found;
}

export interface DocumentOptions {
  locale?: Locale;
  now?: Date;
  /**
   * documentIds of the taxonomy items links point to, by slug. Without them the document carries
   * no relations: most tests create a lone item in an empty CMS.
   */
  relations?: Partial<Record<RelationKind, Record<string, string>>>;
}

/**
 * `data` for `strapi.documents(uid).create/update` in one locale, made as the CMS seed makes it
 * (demo-data/to-strapi.ts). Fields a builder left out are left out here too (Strapi keeps its
 * defaults), never sent as `undefined`.
 */
export function toStrapiDocument(fixture: Fixture, { locale = 'fr', now = new Date(), relations }: DocumentOptions = {}): Node {
  const lookup = relations ? (kind: RelationKind, slug: string) => relations[kind]?.[slug] : undefined;
  return toStrapiData(fixture.collection, fixture, { locale, now, relations: lookup });
}

export interface NodeOptions {
  locale?: Locale;
  now?: Date;
  /** Defaults to a fresh id per call. */
  documentId?: string;
  /** Taxonomy items the links may point to, besides Villeray, Alimentation and the Cuisine collective. */
  taxonomy?: readonly Fixture<'neighbourhoods' | 'topics' | 'organizations'>[];
}

let nodeCounter = 0;

function refs(taxonomy: readonly Fixture[], locale: Locale) {
  const names = new Map<string, Node>([
    [`neighbourhoods/${villeray.slug}`, { slug: villeray.slug, name: villeray.name }],
    [`topics/${alimentation.slug}`, { slug: alimentation.slug, name: alimentation[locale] }],
    [`topics/${numerique.slug}`, { slug: numerique.slug, name: numerique[locale] }],
    [`organizations/${cuisineCollective.slug}`, { ...cuisineCollective }],
  ]);
  for (const item of taxonomy) {
    if (item.collection === 'organizations') {
      const { slug, name, phone, email, website } = item;
      names.set(`organizations/${slug}`, { slug, name, phone: phone ?? null, email: email ?? null, website: website ?? null });
    } else if (item.collection === 'neighbourhoods' || item.collection === 'topics') {
      names.set(`${item.collection}/${item.slug}`, { slug: item.slug, name: item[locale].name });
    }
  }
  return (kind: string, slug: string): Node => {
    const ref = names.get(`${kind}/${slug}`);
    if (!ref) throw new Error(`${kind} "${slug}" is not known: pass its fixture in \`taxonomy\``);
    return ref;
  };
}

/** The node Strapi's GraphQL API returns for this item, before the shared zod schema parses it. */
export function toGraphqlNode(fixture: Fixture, { locale = 'fr', now = new Date(), documentId, taxonomy = [] }: NodeOptions = {}): Node {
  const ref = refs(taxonomy, locale);
  const own = entryFields(fixture.collection, fixture, locale, now);
  const node: Node = { documentId: documentId ?? `${fixture.collection.slice(0, 3)}${String(++nodeCounter).padStart(6, '0')}`, ...own, locale, updatedAt: now.toISOString() };
  switch (fixture.collection) {
    case 'neighbourhoods':
    case 'topics':
      return node;
    case 'organizations':
      return { ...node, neighbourhood: fixture.neighbourhood ? ref('neighbourhoods', fixture.neighbourhood) : null };
    case 'episodes': {
      const kb = (seconds: number, kbps: number) => Math.round((seconds * kbps) / 8);
      return {
        ...node,
        publishedAt: fixture.draft ? null : now.toISOString(),
        durationSeconds: fixture.audioSeconds,
        lowDataAudio: { url: `/uploads/${fixture.slug}-leger.m4a`, size: kb(fixture.audioSeconds, 32), mime: 'audio/mp4' },
        standardAudio: { url: `/uploads/${fixture.slug}.mp3`, size: kb(fixture.audioSeconds, 96), mime: 'audio/mpeg' },
      };
    }
    case 'trainingModules':
      return {
        ...node,
        publishedAt: fixture.draft ? null : now.toISOString(),
        topics: fixture.topics.map((slug) => ref('topics', slug)),
        units: (node.units as Node[]).map((unit) => ({ ...unit, episode: null })),
      };
    case 'accessPoints':
      return {
        ...node,
        publishedAt: fixture.draft ? null : now.toISOString(),
        organization: fixture.organization ? ref('organizations', fixture.organization) : null,
        neighbourhoods: fixture.neighbourhoods.map((slug) => ref('neighbourhoods', slug)),
      };
    default: {
      const item: Node = {
        ...node,
        body: node.body ?? null,
        publishedAt: fixture.draft ? null : now.toISOString(),
        organization: fixture.organization ? ref('organizations', fixture.organization) : null,
        neighbourhoods: (fixture.neighbourhoods ?? []).map((slug) => ref('neighbourhoods', slug)),
        topics: (fixture.topics ?? []).map((slug) => ref('topics', slug)),
      };
      if (fixture.collection === 'events' || fixture.collection === 'calls') Object.assign(item, { image: null, imageAlt: null });
      if (fixture.collection === 'events') Object.assign(item, { capacity: item.capacity ?? null, registrationUrl: item.registrationUrl ?? null, maxSeatsPerRegistration: item.maxSeatsPerRegistration ?? null });
      if (fixture.collection === 'consultations') {
        item.results = item.results ?? null;
        item.questions = (item.questions as Node[]).map((q, i) => ({ id: i + 1, ...q }));
      }
      if (fixture.collection === 'petitions') {
        const { response, ...rest } = item;
        return { ...rest, status: fixture.status, response: response ?? null };
      }
      return item;
    }
  }
}

/** The same item in both locales, as Strapi's i18n keeps it: one documentId, one slug, two texts. */
export function toGraphqlNodes(fixture: Fixture, options: Omit<NodeOptions, 'locale'> = {}): Record<Locale, Node> {
  const documentId = options.documentId ?? `${fixture.collection.slice(0, 3)}${String(++nodeCounter).padStart(6, '0')}`;
  return { fr: toGraphqlNode(fixture, { ...options, documentId, locale: 'fr' }), en: toGraphqlNode(fixture, { ...options, documentId, locale: 'en' }) };
}
