import type { Core } from '@strapi/strapi';
import { consultationPagePath, eventPagePath, petitionPagePath, type DigestLine } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { shortLinkPath } from '@passerelle/shared/short-links';
import { participationConfig } from '../config';
import { shortDay, shortWhen } from '../sms/links';
import type { AlertPlace } from './places';

/**
 * What alerts are made of: the published events starting within the week, and the petitions and
 * consultations open now, each with its neighbourhoods and topics. Read once per run (a handful of
 * queries, whatever the number of subscribers), then filtered in memory for each scope.
 */
export type DigestKind = DigestLine['kind'];

export interface DigestItem {
  kind: DigestKind;
  documentId: string;
  /** The start of an event, the closing of a petition or consultation: the order of a digest. */
  at: string;
  neighbourhoodIds: string[];
  topicIds: string[];
  shortCode: string | null;
  byLocale: Partial<Record<Locale, { title: string; slug: string }>>;
}

/** A digest shows this many items; the neighbourhood's page has the rest. */
export const maxDigestLines = 8;
const weekMs = 7 * 86_400_000;

const sources = {
  event: { uid: 'api::event.event', at: 'startsAt' },
  petition: { uid: 'api::petition.petition', at: 'closesAt' },
  consultation: { uid: 'api::consultation.consultation', at: 'closesAt' },
} as const;

function filtersFor(kind: DigestKind, now: Date, only?: string): Record<string, unknown> {
  const iso = now.toISOString();
  const one = only ? { documentId: only } : {};
  if (kind === 'event') return { ...one, startsAt: { $gt: iso, $lte: new Date(now.getTime() + weekMs).toISOString() } };
  if (kind === 'petition') return { ...one, petitionStatus: 'open', opensAt: { $lte: iso }, closesAt: { $gt: iso } };
  return { ...one, opensAt: { $lte: iso }, closesAt: { $gt: iso } };
}

/** Every item an alert may name now; `only` narrows to one document (an item just published). */
export async function loadDigestItems(strapi: Core.Strapi, now: Date, only?: { kind: DigestKind; documentId: string }): Promise<DigestItem[]> {
  const items = new Map<string, DigestItem>();
  for (const kind of Object.keys(sources) as DigestKind[]) {
    if (only && only.kind !== kind) continue;
    const source = sources[kind];
    for (const locale of ['fr', 'en'] as const) {
      const docs = (await strapi.documents(source.uid).findMany({
        status: 'published',
        locale,
        filters: filtersFor(kind, now, only?.documentId),
        fields: ['title', 'slug', 'shortCode', source.at],
        populate: { neighbourhoods: { fields: ['slug'] }, topics: { fields: ['slug'] } },
        limit: 5000,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the filters serve three content types; the document service types them per content type
      } as any)) as Array<Record<string, any>>;
      for (const doc of docs) {
        const key = `${kind}:${doc.documentId}`;
        const item: DigestItem = items.get(key) ?? {
          kind,
          documentId: String(doc.documentId),
          at: String(doc[source.at]),
          neighbourhoodIds: [],
          topicIds: [],
          shortCode: typeof doc.shortCode === 'string' ? doc.shortCode : null,
          byLocale: {},
        };
        item.byLocale[locale] = { title: String(doc.title), slug: String(doc.slug) };
        for (const n of (doc.neighbourhoods ?? []) as Array<{ documentId: string }>) if (!item.neighbourhoodIds.includes(n.documentId)) item.neighbourhoodIds.push(n.documentId);
        for (const x of (doc.topics ?? []) as Array<{ documentId: string }>) if (!item.topicIds.includes(x.documentId)) item.topicIds.push(x.documentId);
        items.set(key, item);
      }
    }
  }
  return [...items.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** What one subscription covers: a neighbourhood's id or a territory's name, and a topic or all. */
export interface DigestScope {
  area: 'neighbourhood' | 'territory';
  /** The neighbourhood's documentId, or the territory's name. */
  place: string;
  topicDocumentId: string | null;
}

export function parseScopeKey(scopeKey: string): DigestScope | null {
  const match = /^(neighbourhood|territory):(.+):([^:]+)$/.exec(scopeKey);
  if (!match) return null;
  return { area: match[1] as DigestScope['area'], place: match[2]!, topicDocumentId: match[3] === '*' ? null : match[3]! };
}

/** Whether an item belongs to a scope; `territoryOf` maps a neighbourhood's id to its territory. */
export function inScope(item: DigestItem, scope: DigestScope, territoryOf: ReadonlyMap<string, string>): boolean {
  if (scope.topicDocumentId && !item.topicIds.includes(scope.topicDocumentId)) return false;
  if (scope.area === 'neighbourhood') return item.neighbourhoodIds.includes(scope.place);
  return item.neighbourhoodIds.some((id) => territoryOf.get(id) === scope.place);
}

export function territoryMap(places: readonly AlertPlace[]): Map<string, string> {
  return new Map(places.map((p) => [p.documentId, p.territory]));
}

const pagePath = { event: eventPagePath, petition: petitionPagePath, consultation: consultationPagePath } as const;
const collection = { event: 'events', petition: 'petitions', consultation: 'consultations' } as const;

/** One item as a digest line in `locale` (its other language when it has no version in this one). */
export function lineOf(item: DigestItem, locale: Locale): DigestLine | null {
  const version = item.byLocale[locale] ?? item.byLocale[locale === 'fr' ? 'en' : 'fr'];
  if (!version) return null;
  const pageLocale: Locale = item.byLocale[locale] ? locale : locale === 'fr' ? 'en' : 'fr';
  const siteUrl = participationConfig().siteUrl;
  return {
    kind: item.kind,
    title: version.title,
    when: item.kind === 'event' ? shortWhen(item.at, locale) : t(locale, 'alertUntil', { date: shortDay(item.at, locale) }),
    url: `${siteUrl}${pagePath[item.kind](pageLocale, version.slug)}`,
    ...(item.shortCode ? { shortUrl: `${siteUrl}${shortLinkPath(collection[item.kind], item.shortCode, pageLocale)}` } : {}),
  };
}

export function linesFor(items: readonly DigestItem[], scope: DigestScope, territoryOf: ReadonlyMap<string, string>, locale: Locale): DigestLine[] {
  const lines: DigestLine[] = [];
  for (const item of items) {
    if (lines.length >= maxDigestLines) break;
    if (!inScope(item, scope, territoryOf)) continue;
    const line = lineOf(item, locale);
    if (line) lines.push(line);
  }
  return lines;
}
