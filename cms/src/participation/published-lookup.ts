import type { Core } from '@strapi/strapi';
import type { Locale } from '@passerelle/shared/locales';

/** The public content types a resident's form or landing page points at by slug. */
export type ParticipationTargetUid = 'api::petition.petition' | 'api::event.event' | 'api::call.call' | 'api::consultation.consultation';

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug from a URL is checked before it reaches the database: anything else cannot exist. */
export function isWellFormedSlug(slug: string): boolean {
  return slug.length <= 120 && slugPattern.test(slug);
}

/**
 * Slugs are shared by both locales, and an item may exist in only one of them: the asked locale
 * first, then the other, so an English visitor still finds a French-only petition.
 */
function localesToTry(locale: Locale): Locale[] {
  return locale === 'fr' ? ['fr', 'en'] : ['en', 'fr'];
}

export interface PublishedQuery {
  fields: string[];
  populate?: Record<string, unknown>;
}

/**
 * The published version of an item, by slug. Drafts never count: nobody can sign, register for
 * or land on a page about something the public cannot see. Returns the raw document; each
 * caller maps the fields it asked for into its own typed target.
 */
export async function findPublishedBySlug(
  strapi: Core.Strapi,
  uid: ParticipationTargetUid,
  slug: string,
  locale: Locale,
  query: PublishedQuery,
): Promise<Record<string, any> | null> {
  if (!isWellFormedSlug(slug)) return null;
  for (const tryLocale of localesToTry(locale)) {
    const params = {
      filters: { slug },
      status: 'published' as const,
      locale: tryLocale,
      fields: query.fields,
      ...(query.populate ? { populate: query.populate } : {}),
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document service's populate type is generated per content type; this helper serves four of them, so it passes the query untyped and the callers type what comes back
    const doc = (await strapi.documents(uid).findFirst(params as any)) as Record<string, any> | null;
    if (doc) return doc;
  }
  return null;
}

/** The slug of a published item, from the document id a signature or registration keeps. */
export async function findPublishedSlug(
  strapi: Core.Strapi,
  uid: ParticipationTargetUid,
  documentId: string,
  locale: Locale,
): Promise<string | null> {
  for (const tryLocale of localesToTry(locale)) {
    const doc = (await strapi.documents(uid).findOne({ documentId, status: 'published', locale: tryLocale, fields: ['slug'] })) as Record<
      string,
      any
    > | null;
    if (doc) return String(doc.slug);
  }
  return null;
}
