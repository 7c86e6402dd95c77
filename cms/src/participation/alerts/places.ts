import type { Core } from '@strapi/strapi';
import type { Locale } from '@passerelle/shared/locales';

/**
 * The published neighbourhoods and topics an alert can name, read once per call in both languages
 * (a subscriber reads their alerts in their own; a place not translated keeps the other's name).
 */
export interface AlertPlace {
  documentId: string;
  slug: string;
  name: string;
  territory: string;
}

export interface AlertTopic {
  documentId: string;
  slug: string;
  name: string;
}

async function published<T>(strapi: Core.Strapi, uid: 'api::neighbourhood.neighbourhood' | 'api::topic.topic', locale: Locale, fields: string[]): Promise<Array<T & { documentId: string }>> {
  const found = new Map<string, T & { documentId: string }>();
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const docs = (await strapi.documents(uid).findMany({ status: 'published', locale: tryLocale, fields, limit: 1000 })) as Array<Record<string, any>>;
    for (const doc of docs) if (!found.has(String(doc.documentId))) found.set(String(doc.documentId), { ...(doc as T), documentId: String(doc.documentId) });
  }
  return [...found.values()];
}

export async function alertPlaces(strapi: Core.Strapi, locale: Locale): Promise<AlertPlace[]> {
  const rows = await published<AlertPlace>(strapi, 'api::neighbourhood.neighbourhood', locale, ['slug', 'name', 'territory']);
  return rows.map((r) => ({ documentId: r.documentId, slug: String(r.slug), name: String(r.name), territory: String(r.territory) })).sort((a, b) => a.name.localeCompare(b.name, locale));
}

export async function alertTopics(strapi: Core.Strapi, locale: Locale): Promise<AlertTopic[]> {
  const rows = await published<AlertTopic>(strapi, 'api::topic.topic', locale, ['slug', 'name']);
  return rows.map((r) => ({ documentId: r.documentId, slug: String(r.slug), name: String(r.name) }));
}

/** A slug from a form: matched in either language (a page's slug may be the other language's). */
export function bySlug<T extends { slug: string }>(all: readonly T[], slug: string | null): T | null {
  return slug === null ? null : (all.find((x) => x.slug === slug) ?? null);
}
