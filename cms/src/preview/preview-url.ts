import type { PreviewSettings } from './settings';

/** The site's collection name for each public content type (shared/src/content `contentTypes`). */
const collectionByUid: Record<string, string> = {
  'api::event.event': 'events',
  'api::call.call': 'calls',
  'api::consultation.consultation': 'consultations',
  'api::petition.petition': 'petitions',
  'api::organization.organization': 'organizations',
  'api::neighbourhood.neighbourhood': 'neighbourhoods',
  'api::topic.topic': 'topics',
};

export interface PreviewTarget {
  documentId?: string | undefined;
  locale?: string | null | undefined;
  status?: string | null | undefined;
}

/**
 * The URL the admin's Preview panel loads in its iframe (Strapi 5 `preview.config.handler`), or null
 * for types the site has no page for (participation records, proposals…).
 */
export function previewUrl(settings: PreviewSettings, uid: string, { documentId, locale, status }: PreviewTarget): string | null {
  const type = collectionByUid[uid];
  if (!type || !documentId) return null;
  const query = new URLSearchParams({
    type,
    documentId,
    locale: locale === 'en' ? 'en' : 'fr',
    status: status === 'published' ? 'published' : 'draft',
    secret: settings.secret,
  });
  return `${settings.siteUrl}/apercu/?${query}`;
}
