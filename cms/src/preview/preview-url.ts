import { collectionOfUid, contentTypes, type CollectionName, type ContentTypeUid } from '@passerelle/shared/content';
import type { PreviewSettings } from './settings';
import { previewSignature, type SignedPreviewTarget } from './signature';

/** What Strapi's preview route passes to the handler (already past its own validation). */
export interface PreviewRequest {
  documentId?: string | undefined;
  locale?: string | null | undefined;
  status?: string | null | undefined;
}

/** A preview the site can show: a public type, a document, one of the site's two locales, a status. */
export interface PreviewTarget {
  uid: ContentTypeUid;
  /** The site's collection for `uid` (shared's content-type registry). */
  type: CollectionName;
  documentId: string;
  locale: SignedPreviewTarget['locale'];
  status: SignedPreviewTarget['status'];
}

/**
 * The request in the site's terms, or null when the site has no page for it (participation records,
 * proposals, a locale it does not publish). No locale means the default one (French); no status
 * means the draft, as Strapi's route assumes for draft-and-publish types.
 */
export function previewTarget(uid: string, { documentId, locale, status }: PreviewRequest): PreviewTarget | null {
  const type = collectionOfUid(uid);
  if (!type || !documentId) return null;
  const siteLocale = locale == null ? 'fr' : locale;
  const siteStatus = status == null ? 'draft' : status;
  if ((siteLocale !== 'fr' && siteLocale !== 'en') || (siteStatus !== 'draft' && siteStatus !== 'published')) return null;
  return { uid: contentTypes[type].uid, type, documentId, locale: siteLocale, status: siteStatus };
}

/**
 * The signed URL the admin's Preview panel loads in its iframe: it opens this one type, document,
 * locale and status until `exp`, and carries a signature, never the secret itself.
 */
export function signedPreviewUrl(settings: PreviewSettings, target: PreviewTarget, now: number = Date.now()): string {
  const signed: SignedPreviewTarget = {
    type: target.type,
    documentId: target.documentId,
    locale: target.locale,
    status: target.status,
  };
  const exp = String(Math.floor(now / 1000) + settings.urlTtlSeconds);
  const query = new URLSearchParams({ ...signed, exp, sig: previewSignature(settings.secret, signed, exp) });
  return `${settings.siteUrl}/apercu/?${query.toString()}`;
}
