import type { DocumentMiddleware, StrapiInstance } from './types';

const READ_ACTIONS = new Set(['findMany', 'findOne', 'findFirst', 'count']);

/** Strategies that are allowed to read drafts: the admin panel and API tokens (site preview, tools). */
const DRAFT_READERS = new Set(['admin', 'api-token']);

/**
 * Closes the draft leak of strapi/strapi#25326: with `find` permission, anyone could read every
 * draft through REST `?status=draft` or GraphQL `status: DRAFT`. For any HTTP request that is not
 * authenticated as an admin or with an API token (the public role, users-permissions users), reads
 * are forced to the published versions. Calls made outside a request (bootstrap, seed, scripts)
 * are left alone.
 *
 * Populated relations are safe by Strapi's design: a published version only links to published
 * versions of its targets, and populate inherits the forced status.
 */
export function forcePublishedReads(strapi: StrapiInstance): DocumentMiddleware {
  return async (ctx, next) => {
    if (!READ_ACTIONS.has(ctx.action) || !ctx.contentType?.options?.draftAndPublish) return next();
    const request = strapi.requestContext.get();
    if (!request) return next();
    const strategy: string | undefined = request.state?.auth?.strategy?.name;
    if (strategy && DRAFT_READERS.has(strategy)) return next();
    ctx.params = { ...ctx.params, status: 'published' };
    return next();
  };
}
