import type { Loader } from 'astro/loaders';
import { contentTypes, type CollectionName } from '@passerelle/shared';

/**
 * The render build's loader: fetches nothing. That build must not depend on the CMS (it is built
 * when site code changes, not content), and its content store is the static build's, read at run
 * time (integrations/data-store-from-file.mjs).
 */
export function storeOnlyLoader<C extends CollectionName>(collection: C): Loader & { schema: (typeof contentTypes)[C]['schema'] } {
  return { name: 'passerelle-store-only-loader', schema: contentTypes[collection].schema, load: async () => {} };
}
