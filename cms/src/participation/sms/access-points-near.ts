import type { Core } from '@strapi/strapi';
import { accessCosts, accessOffers, closureSchema, openingHoursSchema, type AccessCost, type AccessOffer } from '@passerelle/shared/content';
import type { AccessPointLine } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';

/**
 * `WIFI H2R` and the phone line's key 5: the published digital access points of one neighbourhood,
 * nearest to its centre first (the resident gave a postal area or a keypad number, not an
 * address), in the resident's language when the place has it, the other one otherwise.
 */

/** A place as both channels read it: the text message's line, and what the phone line also says. */
export interface NearbyAccessPoint extends AccessPointLine {
  offers: AccessOffer[];
  cost: AccessCost | null;
}

const isOffer = (value: unknown): value is AccessOffer => (accessOffers as readonly unknown[]).includes(value);
const isCost = (value: unknown): value is AccessCost => (accessCosts as readonly unknown[]).includes(value);

const uid = 'api::access-point.access-point';

/** Squared distance on a local flat projection: enough to order places a few kilometres apart. */
function distance(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dx = (a.lng - b.lng) * Math.cos((a.lat * Math.PI) / 180);
  const dy = a.lat - b.lat;
  return dx * dx + dy * dy;
}

export async function accessPointsIn(strapi: Core.Strapi, neighbourhoodDocumentId: string, locale: Locale, limit: number): Promise<NearbyAccessPoint[]> {
  const centre = (await strapi.documents('api::neighbourhood.neighbourhood').findOne({
    documentId: neighbourhoodDocumentId,
    status: 'published',
    fields: ['lat', 'lng'],
  })) as { lat?: number; lng?: number } | null;
  const found = new Map<string, NearbyAccessPoint & { lat: number; lng: number }>();
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const docs = (await strapi.documents(uid).findMany({
      status: 'published',
      locale: tryLocale,
      filters: { neighbourhoods: { documentId: { $eq: neighbourhoodDocumentId } } },
      fields: ['name', 'address', 'phone', 'lat', 'lng', 'closedOnQuebecHolidays', 'offers', 'cost'],
      populate: { openingHours: true, closures: true },
      limit: 200,
    })) as Array<Record<string, any>>;
    for (const doc of docs) {
      if (found.has(String(doc.documentId))) continue;
      const hours = Array.isArray(doc.openingHours) ? doc.openingHours : [];
      found.set(String(doc.documentId), {
        name: String(doc.name),
        address: String(doc.address),
        phone: typeof doc.phone === 'string' && doc.phone.trim() ? doc.phone.trim() : null,
        // Only well-formed ranges: a stray row must not make a place say it is open.
        openingHours: hours.flatMap((h: unknown) => {
          const parsed = openingHoursSchema.safeParse(h);
          return parsed.success ? [parsed.data] : [];
        }),
        // A malformed closure is left out rather than refusing the whole place: the CMS refuses new ones.
        closures: (Array.isArray(doc.closures) ? doc.closures : []).flatMap((c: unknown) => {
          const parsed = closureSchema.safeParse(c);
          return parsed.success ? [parsed.data] : [];
        }),
        closedOnQuebecHolidays: doc.closedOnQuebecHolidays === true,
        // JSON typed in the admin panel: an unknown offer is not read out rather than refusing the place.
        offers: Array.isArray(doc.offers) ? doc.offers.filter(isOffer) : [],
        cost: isCost(doc.cost) ? doc.cost : null,
        lat: Number(doc.lat),
        lng: Number(doc.lng),
      });
    }
  }
  const points = [...found.values()];
  if (centre && typeof centre.lat === 'number' && typeof centre.lng === 'number') {
    const from = { lat: centre.lat, lng: centre.lng };
    points.sort((a, b) => distance(a, from) - distance(b, from) || a.name.localeCompare(b.name));
  }
  return points.slice(0, limit).map(({ lat: _lat, lng: _lng, ...line }) => line);
}

/** Whether the neighbourhood has a published access point, in either language: the phone line offers key 5 only then. */
export async function hasAccessPoints(strapi: Core.Strapi, neighbourhoodDocumentId: string): Promise<boolean> {
  const count = await strapi.db.query(uid).count({ where: { publishedAt: { $notNull: true }, neighbourhoods: { documentId: neighbourhoodDocumentId } } });
  return count > 0;
}
