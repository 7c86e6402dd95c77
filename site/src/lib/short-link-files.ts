import { isLocale, itemCollections, localeTags, pathTo, type ItemCollection, type Locale } from '@passerelle/shared';
import { shortLinkPath } from '@passerelle/shared/short-links';
import { searchSnippet } from './text.ts';

/**
 * The files that make short links work on any static host (src/lib is pure; the build integration
 * integrations/short-links.ts writes them):
 * - a tiny page per code and language, `/e/7K2/index.html` (and the same in lower case, as people
 *   type it), that sends the browser on to the item's page: a refresh, with a link for the rest;
 * - `_redirects` (Netlify, Cloudflare Pages and others read it): the same as permanent redirects;
 * - `short-links.nginx.map`: the same for nginx (`map $uri $passerelle_short_link { include …; }`).
 */
export interface ShortLinkTarget {
  type: ItemCollection;
  code: string;
  locale: Locale;
  slug: string;
  title: string;
  /** The item's summary: the refresh page's description, what a link preview shows. */
  summary?: string | null | undefined;
}

type StoreEntry = { id: string; data: { slug: string; title: string; summary?: string | null; shortCode?: string | null } };

/** Every item of the content store that has a short code, in each language it exists in. */
export function shortLinkTargets(collections: Map<string, Map<string, StoreEntry>>): ShortLinkTarget[] {
  const targets: ShortLinkTarget[] = [];
  for (const type of itemCollections) {
    for (const { id, data } of collections.get(type)?.values() ?? []) {
      const locale = id.split('/')[0];
      if (!isLocale(locale) || !data.shortCode) continue;
      targets.push({ type, code: data.shortCode, locale, slug: data.slug, title: data.title, summary: data.summary });
    }
  }
  return targets.sort((a, b) => a.type.localeCompare(b.type) || a.code.localeCompare(b.code) || a.locale.localeCompare(b.locale));
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function redirectPage(target: ShortLinkTarget, site: string | URL): string {
  const path = pathTo(target.locale, target.type, target.slug);
  const title = escapeHtml(target.title);
  return (
    `<!doctype html><html lang="${localeTags[target.locale]}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
    `<meta name="description" content="${escapeHtml(searchSnippet(target.summary || target.title))}">` +
    `<meta name="robots" content="noindex"><link rel="canonical" href="${escapeHtml(new URL(path, site).href)}">` +
    `<meta http-equiv="refresh" content="0; url=${escapeHtml(path)}"></head>` +
    `<body><p><a href="${escapeHtml(path)}">${title}</a></p></body></html>\n`
  );
}

export interface ShortLinkFile {
  path: string;
  body: string;
}

/**
 * The CMS keeps codes unique per kind of item; two items with one code would send half the posters to
 * the wrong page, so the build stops instead (the publisher then keeps the site already online).
 */
function refuseDuplicateCodes(targets: readonly ShortLinkTarget[]): void {
  const seen = new Map<string, ShortLinkTarget>();
  for (const target of targets) {
    const link = shortLinkPath(target.type, target.code, target.locale).toLowerCase();
    const other = seen.get(link);
    if (other && other.slug !== target.slug) throw new Error(`Short link ${link} would lead to both ${other.slug} and ${target.slug}`);
    seen.set(link, target);
  }
}

export function shortLinkFiles(targets: readonly ShortLinkTarget[], site: string | URL): ShortLinkFile[] {
  refuseDuplicateCodes(targets);
  const files: ShortLinkFile[] = [];
  const redirects: string[] = [];
  const nginx: string[] = [];
  for (const target of targets) {
    const link = shortLinkPath(target.type, target.code, target.locale);
    const to = pathTo(target.locale, target.type, target.slug);
    const page = redirectPage(target, site);
    for (const variant of new Set([link, link.toLowerCase()])) {
      files.push({ path: `${variant}index.html`, body: page });
      redirects.push(`${variant.replace(/\/$/, '')} ${to} 301`, `${variant} ${to} 301`);
    }
    nginx.push(`~*^${link.replace(/\/$/, '')}/?$ ${to};`);
  }
  files.push({ path: '/_redirects', body: `${redirects.join('\n')}\n` });
  files.push({ path: '/short-links.nginx.map', body: `${nginx.join('\n')}\n` });
  return files;
}
