import { createHmac } from 'node:crypto';

/** What one preview URL opens, in the site's terms (its collection name, not Strapi's uid). */
export interface SignedPreviewTarget {
  type: string;
  documentId: string;
  locale: 'fr' | 'en';
  status: 'draft' | 'published';
}

/**
 * HMAC-SHA256 (hex) over a canonical string of the target and the expiry (Unix seconds, as
 * written in the URL). A JSON array, so no value can spill into the next one. The site server
 * checks it with the same string (site/server/preview.mjs `previewSignature`; the CMS cannot import
 * the site, and tests/security/preview-access proves the two agree).
 */
export function previewSignature(secret: string, { type, documentId, locale, status }: SignedPreviewTarget, exp: string): string {
  const canonical = JSON.stringify(['passerelle-preview', type, documentId, locale, status, exp]);
  return createHmac('sha256', secret).update(canonical).digest('hex');
}
