import type { ItemCollection, Locale, Neighbourhood, Place } from '@passerelle/shared';
import { itemCollections, pathTo } from '@passerelle/shared';
import {
  countByNeighbourhood,
  overviewPoints,
  pointsByNeighbourhood,
  type MapPoint,
  type NeighbourhoodOverview,
} from '@passerelle/shared/map-density';
import { enumKey, t } from '@passerelle/shared/i18n';
import { typeLabels } from '../../lib/cards.ts';
import { byPeriod, siteContent } from '../../lib/content.ts';

/**
 * What the map pages show, read through the site's own content helpers so "current" means
 * exactly what the lists mean (same rules, same build time, `PASSERELLE_NOW` included).
 */
interface CurrentItem {
  kind: ItemCollection;
  slug: string;
  title: string;
  neighbourhoods: Array<{ slug: string; name: string }>;
  place: Place | null;
}

/** The fields read here; every item type has them (`place` only events and calls). */
type ItemFields = Omit<CurrentItem, 'kind' | 'place'> & { place?: Place | null; cancelled?: boolean };

async function currentItems(locale: Locale): Promise<CurrentItem[]> {
  const content = await siteContent(locale);
  return itemCollections.flatMap((kind) =>
    (byPeriod(kind, content[kind], 'current') as ReadonlyArray<ItemFields>).map((item) => ({
      kind,
      slug: item.slug,
      // The map popup shows a title and a link only: a cancelled event says so there.
      title: 'cancelled' in item && item.cancelled ? t(locale, 'cancelledItemTitle', { title: item.title }) : item.title,
      neighbourhoods: item.neighbourhoods,
      place: item.place ?? null,
    })),
  );
}

export async function neighbourhoodsOf(locale: Locale): Promise<Neighbourhood[]> {
  return (await siteContent(locale)).neighbourhoods;
}

export async function mapOverview(locale: Locale) {
  const [neighbourhoods, items] = await Promise.all([neighbourhoodsOf(locale), currentItems(locale)]);
  return { neighbourhoods, counts: countByNeighbourhood(items) };
}

export interface MapPointFiles {
  /** `points.json`: one entry per neighbourhood, what the map shows when it opens. */
  overview: NeighbourhoodOverview[];
  /** `points/<slug>.json`: a neighbourhood's points, loaded when the resident goes there. */
  byNeighbourhood: Map<string, MapPoint[]>;
}

const pointFiles = new Map<Locale, Promise<MapPointFiles>>();

/** Computed once per locale: the overview and every neighbourhood file come from the same pass. */
export function mapPointFiles(locale: Locale): Promise<MapPointFiles> {
  let files = pointFiles.get(locale);
  if (!files) {
    files = buildPointFiles(locale);
    pointFiles.set(locale, files);
  }
  return files;
}

async function buildPointFiles(locale: Locale): Promise<MapPointFiles> {
  const [neighbourhoods, items] = await Promise.all([neighbourhoodsOf(locale), currentItems(locale)]);
  const centroids = new Map(neighbourhoods.map((n) => [n.slug, { lat: n.lat, lng: n.lng, name: n.name }]));
  const byNeighbourhood = pointsByNeighbourhood(
    items.map((item) => ({
      title: item.title,
      url: pathTo(locale, item.kind, item.slug),
      typeName: t(locale, typeLabels[item.kind].one),
      place: item.place,
      neighbourhoods: item.neighbourhoods,
    })),
    centroids,
  );
  return { overview: overviewPoints(neighbourhoods, byNeighbourhood), byNeighbourhood };
}

/**
 * `se-brancher.json`: the free places to get online, their own layer on the interactive map (a few
 * dozen points at most, so one small file fetched when the map opens). Named in words: the kind of
 * point is what the place offers.
 */
export async function accessPointsOnMap(locale: Locale): Promise<MapPoint[]> {
  const { accessPoints } = await siteContent(locale);
  return accessPoints.map((p) => ({
    lat: p.lat,
    lng: p.lng,
    t: p.name,
    u: pathTo(locale, 'accessPoints', p.slug),
    k: p.offers.map((offer) => t(locale, enumKey('accessOffer', offer))).join(', '),
  }));
}

export const jsonResponse = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
