import type { Core } from '@strapi/strapi';
import { mayPreview } from './access';
import { previewTarget, signedPreviewUrl, type PreviewRequest } from './preview-url';
import type { PreviewSettings } from './settings';

/**
 * Strapi 5's `preview.config.handler`: the URL of the site's preview of this document, or null
 * (the route then answers 204 and the panel shows no preview) when the site has no page for it,
 * the version does not exist, or the admin asking may not read it. Config files get no `strapi`
 * argument; the handler runs during a request, after Strapi has set its global.
 */
export async function previewHandler(settings: PreviewSettings, uid: string, request: PreviewRequest): Promise<string | null> {
  const target = previewTarget(uid, request);
  if (!target) return null;
  const strapi = (globalThis as { strapi?: Core.Strapi }).strapi;
  if (!strapi || !(await mayPreview(strapi, target))) return null;
  return signedPreviewUrl(settings, target);
}
