import { z } from 'zod';
import { contentTypes, locales, type CollectionName } from '@passerelle/shared';

export { RENDER_PATH } from './path.mjs';

const collectionNames = Object.keys(contentTypes) as [CollectionName, ...CollectionName[]];
const common = {
  collection: z.enum(collectionNames),
  locale: z.enum(locales),
  mode: z.enum(['preview', 'published']),
};

/**
 * What ./index.mjs passes in `locals` for one render: either the raw GraphQL node
 * (as `collectionQuery` returns it), or a document to fetch from the CMS first (the preview).
 */
export const renderRequestSchema = z.union([
  z.object({ ...common, node: z.unknown().refine((node) => node !== undefined, 'node is required') }).strict(),
  z
    .object({
      ...common,
      fetch: z.object({
        documentId: z.string().min(1).max(64),
        status: z.enum(['draft', 'published']),
        cmsUrl: z.string().url(),
        token: z.string().min(1).optional(),
      }),
    })
    .strict(),
]);
export type RenderRequest = z.infer<typeof renderRequestSchema>;

/** Why a render did not happen, as the renderer reports it (`RenderError.code`). */
export const renderFailureCodes = {
  'bad-request': 400,
  'not-found': 404,
  invalid: 422,
  'cms-unreachable': 502,
  'cms-error': 502,
} as const;
export type RenderFailureCode = keyof typeof renderFailureCodes;
