/**
 * Who may read drafts: the admin panel and tokens issued from it (API tokens for the site preview
 * and tools, admin tokens, transfer tokens). Everyone else (the public role, users-permissions
 * users) reads published versions only. Strategy names as registered by Strapi 5.54.
 */
const DRAFT_READERS = new Set(['admin', 'admin-token', 'content-api-token', 'api-token', 'data-transfer']);

export function canReadDrafts(auth: { strategy?: { name?: string } } | undefined | null): boolean {
  const name = auth?.strategy?.name;
  return typeof name === 'string' && DRAFT_READERS.has(name);
}
