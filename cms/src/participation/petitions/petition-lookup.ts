import type { Core } from '@strapi/strapi';
import type { ParticipationLocale } from '../../generated/participation';

/**
 * The published petition a form posts to, found by its slug (shared by both locales). Only
 * published versions count: a draft petition cannot be signed.
 */
export interface PetitionTarget {
  documentId: string;
  slug: string;
  title: string;
  petitionStatus: string;
  opensAt: string;
  closesAt: string;
  paperSignatures: number;
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Every signature needs its petition; a few seconds of caching spares the document service two
 * queries per submission under load. An OC closing a petition takes effect within `cacheMs`.
 */
const cacheMs = 5_000;
const cache = new Map<string, { at: number; value: Promise<PetitionTarget | null> }>();

export function findPetition(strapi: Core.Strapi, slug: string, locale: ParticipationLocale): Promise<PetitionTarget | null> {
  const key = `${locale}:${slug}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < cacheMs) return hit.value;
  if (cache.size > 1000) cache.clear();
  const value = findPetitionUncached(strapi, slug, locale);
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}

async function findPetitionUncached(strapi: Core.Strapi, slug: string, locale: ParticipationLocale): Promise<PetitionTarget | null> {
  if (slug.length > 120 || !slugPattern.test(slug)) return null;
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const doc = (await strapi.documents('api::petition.petition').findFirst({
      filters: { slug },
      status: 'published',
      locale: tryLocale,
      fields: ['title', 'slug', 'petitionStatus', 'opensAt', 'closesAt', 'paperSignatures'],
    } as any)) as Record<string, any> | null;
    if (doc) {
      return {
        documentId: String(doc.documentId),
        slug: String(doc.slug),
        title: String(doc.title),
        petitionStatus: String(doc.petitionStatus),
        opensAt: String(doc.opensAt),
        closesAt: String(doc.closesAt),
        paperSignatures: Number(doc.paperSignatures ?? 0),
      };
    }
  }
  return null;
}

export async function findPetitionByDocumentId(strapi: Core.Strapi, documentId: string, locale: ParticipationLocale): Promise<PetitionTarget | null> {
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const doc = (await strapi.documents('api::petition.petition').findOne({
      documentId,
      status: 'published',
      locale: tryLocale,
      fields: ['slug'],
    } as any)) as Record<string, any> | null;
    if (doc) return findPetition(strapi, String(doc.slug), locale);
  }
  return null;
}

/** Signatures are accepted while the petition is "open" and between its opening and closing. */
export function acceptsSignatures(petition: PetitionTarget, now = Date.now()): boolean {
  return petition.petitionStatus === 'open' && Date.parse(petition.opensAt) <= now && now < Date.parse(petition.closesAt);
}
