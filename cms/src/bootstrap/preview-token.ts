import type { Core } from '@strapi/strapi';
import { previewSettings } from '../preview/settings';

/** The slices of the admin's token and encryption services used here (Strapi types `service()` loosely). */
interface ApiTokenService {
  hash(accessKey: string): string;
  create(attributes: { name: string; description: string; type: 'read-only'; kind: 'content-api'; lifespan: null }): Promise<{ id: number }>;
}
interface EncryptionService {
  encrypt(value: string): string;
}

/** The token's name in Settings › API Tokens. */
export const PREVIEW_TOKEN_NAME = 'Aperçu du site (lecture seule)';

/**
 * The read-only API token the site's preview reads drafts with, kept on every boot to the access
 * key in PREVIEW_API_TOKEN, so the CMS and the site server share it without anyone copying a key
 * out of the admin. Strapi's service always draws a random key; the stored hash (and the encrypted
 * copy the admin shows) are then replaced by those of ours, with the service's own `hash`.
 * Preview off (no settings): the token is deleted, so a key that was once configured stops working.
 */
export async function ensurePreviewToken(strapi: Core.Strapi): Promise<void> {
  const settings = previewSettings();
  const tokens = strapi.db.query('admin::api-token');
  const existing = await tokens.findOne({ where: { name: PREVIEW_TOKEN_NAME } });
  if (!settings) {
    if (existing) await tokens.delete({ where: { id: existing.id } });
    return;
  }
  const service = strapi.service('admin::api-token') as ApiTokenService;
  const accessKey = service.hash(settings.apiToken);
  const encryptedKey = (strapi.service('admin::encryption') as EncryptionService).encrypt(settings.apiToken);
  let id = existing?.id;
  if (!id) {
    const created = await service.create({
      name: PREVIEW_TOKEN_NAME,
      description: "Lecture seule, brouillons compris : utilisé par l'aperçu du site (PREVIEW_API_TOKEN).",
      type: 'read-only',
      kind: 'content-api',
      lifespan: null,
    });
    id = created.id;
  } else if (existing.accessKey === accessKey && existing.type === 'read-only') {
    return;
  }
  await tokens.update({ where: { id }, data: { accessKey, encryptedKey, type: 'read-only' } });
}
