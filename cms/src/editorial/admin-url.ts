import type { Core } from '@strapi/strapi';

/** The Content Manager page of one entry, absolute so it works from an e-mail. */
export function entryAdminUrl(strapi: Core.Strapi, uid: string, documentId: string, locale: string): string {
  return `${adminBaseUrl(strapi)}/content-manager/collection-types/${uid}/${documentId}?plugins[i18n][locale]=${locale}`;
}

/** The bookmarkable "waiting for review" list of one type (docs/editors.md: review workflow). */
export function reviewListAdminUrl(strapi: Core.Strapi, uid: string, locale = 'fr'): string {
  return (
    `${adminBaseUrl(strapi)}/content-manager/collection-types/${uid}` +
    `?page=1&pageSize=50&sort=updatedAt:ASC&filters[$and][0][reviewStatus][$eq]=to_review&plugins[i18n][locale]=${locale}`
  );
}

function adminBaseUrl(strapi: Core.Strapi): string {
  // Strapi computes admin.absoluteUrl from server.url (PUBLIC_URL) and admin.url at load.
  const absolute = strapi.config.get('admin.absoluteUrl') as string | undefined;
  if (absolute && /^https?:\/\//.test(absolute)) return absolute.replace(/\/+$/, '');
  const host = strapi.config.get('server.host') as string;
  const port = strapi.config.get('server.port') as number;
  return `http://${host}:${port}/admin`;
}
