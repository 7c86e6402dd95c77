import path from 'node:path';
import { collectionOfUid, contentTypes, documentQuery, isItemCollection, locales, pathTo, type ItemCollection, type Locale } from '@passerelle/shared';
import type { ExpressChange, ExpressEvent, ExpressSource } from './express.ts';

/**
 * Where the express lane's pages come from: the published entry, fetched from the CMS's public
 * GraphQL API with the same selection the site's loader uses, rendered by the site's on-demand
 * renderer (`@passerelle/site/renderer`, the same components as the static build). Only the four
 * kinds of item have a page of their own worth the fast path; taxonomies and organizations wait for
 * the full build.
 */
export interface EntryRenderer {
  renderEntry(input: { collection: ItemCollection; locale: Locale; node: unknown; mode: 'published' }): Promise<{ path: string; html: string; media: string[] }>;
}

export interface CmsExpressSourceOptions {
  cmsUrl: string;
  /** The renderer for the build that is live now (null before the first build). */
  renderer: () => EntryRenderer | null;
  /** The site's media cache, where the renderer encodes the images a page uses. */
  mediaCacheDir: string;
  timeoutMs?: number;
}

async function fetchPublished(cmsUrl: string, collection: ItemCollection, locale: Locale, documentId: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(`${cmsUrl.replace(/\/+$/, '')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // The public API, published versions only: exactly what the next full build will see.
    body: JSON.stringify({ query: documentQuery(collection), variables: { locale, documentId, status: 'PUBLISHED' } }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`CMS GraphQL answered HTTP ${response.status}`);
  const body = (await response.json()) as { data?: Record<string, unknown[] | null>; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`CMS GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
  const nodes = body.data?.[contentTypes[collection].query];
  return Array.isArray(nodes) && nodes.length > 0 ? nodes[0] : null;
}

export function cmsExpressSource(options: CmsExpressSourceOptions): ExpressSource {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (event: ExpressEvent): Promise<ExpressChange | null> => {
    const collection = collectionOfUid(event.uid);
    if (!isItemCollection(collection)) return null;
    const reason = `${event.event} ${event.uid}`;

    if (event.event === 'entry.unpublish' || event.event === 'entry.delete') {
      const locale = locales.find((l) => l === event.locale);
      if (!locale || !event.slug) return null;
      // Only if no published version is left in that locale (a delete of a draft, for one, leaves it).
      if (await fetchPublished(options.cmsUrl, collection, locale, event.documentId, timeoutMs)) return null;
      return { reason, pages: [], removals: [pathTo(locale, collection, event.slug)] };
    }

    const renderer = options.renderer();
    if (!renderer) return null;
    const pages: ExpressChange['pages'] = [];
    const files: NonNullable<ExpressChange['files']> = [];
    // Both locales: publishing one locale may also change the other's language switch.
    for (const locale of locales) {
      const node = await fetchPublished(options.cmsUrl, collection, locale, event.documentId, timeoutMs);
      if (!node) continue;
      const page = await renderer.renderEntry({ collection, locale, node, mode: 'published' });
      pages.push({ path: page.path, html: page.html });
      for (const name of page.media) files.push({ path: `/media/${name}`, source: path.join(options.mediaCacheDir, name) });
    }
    return { reason, pages, removals: [], files };
  };
}
