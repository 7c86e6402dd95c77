import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { contentTypes, type CollectionName } from '@passerelle/shared';

/**
 * Which version of every entry this build's pages were rendered from: `<uid>:<documentId>:<locale>`
 * → `updatedAt`, read from the same content layer as the pages. The publisher compares it with what
 * was published before the build started and refuses to put live a build that shows an older
 * version (publisher/src/freshness.ts), then takes the file out of the output: it is not served.
 */
export const GET: APIRoute = async () => {
  const versions: Record<string, string> = {};
  for (const collection of Object.keys(contentTypes) as CollectionName[]) {
    for (const entry of await getCollection(collection)) {
      const data = entry.data as { documentId?: string; updatedAt?: string };
      // Store ids are `<locale>/<slug>` (site/src/loader/normalise.ts).
      const locale = entry.id.split('/')[0];
      if (data.documentId && data.updatedAt && locale) versions[`${contentTypes[collection].uid}:${data.documentId}:${locale}`] = data.updatedAt;
    }
  }
  return new Response(JSON.stringify(versions), { headers: { 'content-type': 'application/json' } });
};
