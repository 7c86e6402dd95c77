import type { Core } from '@strapi/strapi';
import type { Locale } from '@passerelle/shared/locales';
import { shortLivedCache } from '../../lib/short-lived-cache';
import { findPublishedBySlug, findPublishedSlug } from '../published-lookup';

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

/**
 * Every signature needs its petition; a few seconds of caching spares the document service two
 * queries per submission under load. An OC closing a petition takes effect within `cacheMs`.
 */
const cacheMs = 5_000;
const petitions = shortLivedCache<PetitionTarget | null>(cacheMs);

export function findPetition(strapi: Core.Strapi, slug: string, locale: Locale): Promise<PetitionTarget | null> {
  return petitions(`${locale}:${slug}`, () => findPetitionUncached(strapi, slug, locale));
}

async function findPetitionUncached(strapi: Core.Strapi, slug: string, locale: Locale): Promise<PetitionTarget | null> {
  const doc = await findPublishedBySlug(strapi, 'api::petition.petition', slug, locale, {
    fields: ['title', 'slug', 'petitionStatus', 'opensAt', 'closesAt', 'paperSignatures'],
  });
  if (!doc) return null;
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

/** Every confirmation needs its petition's slug: cached like the petition, for the same reason. */
const slugs = shortLivedCache<string | null>(cacheMs);

export async function findPetitionByDocumentId(strapi: Core.Strapi, documentId: string, locale: Locale): Promise<PetitionTarget | null> {
  const slug = await slugs(`${locale}:${documentId}`, () => findPublishedSlug(strapi, 'api::petition.petition', documentId, locale));
  return slug === null ? null : findPetition(strapi, slug, locale);
}

/** Signatures are accepted while the petition is "open" and between its opening and closing. */
export function acceptsSignatures(petition: PetitionTarget, now = Date.now()): boolean {
  return petition.petitionStatus === 'open' && Date.parse(petition.opensAt) <= now && now < Date.parse(petition.closesAt);
}
