import type { ItemCollection, Locale, Neighbourhood, Place } from '@passerelle/shared';
import { itemCollections, pathTo } from '@passerelle/shared';
import { countByNeighbourhood, toMapPoints, type MapPoint } from '@passerelle/shared/map-density';
import { t } from '@passerelle/shared/ui/common';
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
type ItemFields = Omit<CurrentItem, 'kind' | 'place'> & { place?: Place | null };

async function currentItems(locale: Locale): Promise<CurrentItem[]> {
  const content = await siteContent(locale);
  return itemCollections.flatMap((kind) =>
    (byPeriod(kind, content[kind], 'current') as ReadonlyArray<ItemFields>).map((item) => ({
      kind,
      slug: item.slug,
      title: item.title,
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

export async function mapPoints(locale: Locale): Promise<MapPoint[]> {
  const [neighbourhoods, items] = await Promise.all([neighbourhoodsOf(locale), currentItems(locale)]);
  const centroids = new Map(neighbourhoods.map((n) => [n.slug, { lat: n.lat, lng: n.lng, name: n.name }]));
  return toMapPoints(
    items.map((item) => ({
      title: item.title,
      url: pathTo(locale, item.kind, item.slug),
      typeName: t(locale, typeLabels[item.kind].one),
      place: item.place,
      neighbourhoods: item.neighbourhoods,
    })),
    centroids,
  );
}
