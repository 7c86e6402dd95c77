/**
 * Whether a form post may have come from a page on another site (cross-site request forgery: a
 * page elsewhere making a visitor's browser sign a petition or cancel a registration in their
 * name). Browsers say where a request comes from in two headers a page cannot set:
 * - Sec-Fetch-Site: `same-origin` (the page is ours, under whatever name it was reached) and
 *   `none` (typed, bookmarked) are fine; `same-site` and `cross-site` need an Origin of ours;
 * - Origin: must be one of ours (the site's, the CMS's public one, ALLOWED_ORIGINS). `null` is
 *   the opaque origin of sandboxed frames and data: pages — never ours.
 * A post with neither header is accepted: old browsers send neither, and neither do curl or a
 * script, which cannot borrow anyone's browser anyway.
 */
export function isCrossSitePost(headers: { origin: string; secFetchSite: string }, ourOrigins: readonly string[]): boolean {
  const site = headers.secFetchSite.trim().toLowerCase();
  if (site === 'same-origin' || site === 'none') return false;
  const origin = headers.origin.trim().toLowerCase();
  if (origin) return !ourOrigins.includes(origin);
  return site !== '';
}
