import { getCollection } from 'astro:content';
import {
  countByNeighbourhood,
  isCurrentItem,
  toMapPoints,
  type DatedItem,
  type MapPoint,
  type PointSource,
} from '@passerelle/shared/map-density';
import {
  itemCollections,
  pathTo,
  type ItemCollection,
  type Locale,
  type Neighbourhood,
  type NeighbourhoodRef,
  type Place,
} from '@passerelle/shared';
import { itemTypeNames } from '@passerelle/shared/ui/map-search';

/** The fields of any item the map reads, whatever its kind. */
type MapItemData = DatedItem & {
  slug: string;
  title: string;
  locale: Locale;
  neighbourhoods: NeighbourhoodRef[];
  place?: Place | null;
};

export interface CurrentItem {
  kind: ItemCollection;
  data: MapItemData;
}

/** Build time is "now": the site is rebuilt when content changes and at least daily. */
const buildTime = new Date();

export async function neighbourhoodsOf(locale: Locale): Promise<Neighbourhood[]> {
  const entries = await getCollection('neighbourhoods');
  return entries
    .map((e) => e.data as Neighbourhood)
    .filter((n) => n.locale === locale)
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

export async function currentItemsOf(locale: Locale): Promise<CurrentItem[]> {
  const perKind = await Promise.all(
    itemCollections.map(async (kind) => {
      const entries = await getCollection(kind);
      return entries
        .map((e) => e.data as MapItemData)
        .filter((d) => d.locale === locale && isCurrentItem(kind, d, buildTime))
        .map((data) => ({ kind, data }));
    }),
  );
  return perKind.flat();
}

export interface MapOverview {
  neighbourhoods: Neighbourhood[];
  counts: Map<string, number>;
}

export async function mapOverview(locale: Locale): Promise<MapOverview> {
  const [neighbourhoods, items] = await Promise.all([neighbourhoodsOf(locale), currentItemsOf(locale)]);
  return { neighbourhoods, counts: countByNeighbourhood(items.map((i) => i.data)) };
}

export async function mapPoints(locale: Locale): Promise<MapPoint[]> {
  const [neighbourhoods, items] = await Promise.all([neighbourhoodsOf(locale), currentItemsOf(locale)]);
  const centroids = new Map(neighbourhoods.map((n) => [n.slug, { lat: n.lat, lng: n.lng, name: n.name }]));
  const sources: PointSource[] = items.map(({ kind, data }) => ({
    title: data.title,
    url: pathTo(locale, kind, data.slug),
    typeName: itemTypeNames[locale][kind],
    place: data.place ?? null,
    neighbourhoods: data.neighbourhoods,
  }));
  return toMapPoints(sources, centroids);
}
