import { canReadDrafts } from '../lib/draft-access';
import { stripLocalizationFilters, stripLocalizationFiltersInPopulate } from '../lib/strip-localization-filters';
import type { DocumentMiddleware, StrapiInstance } from './types';

const READ_ACTIONS = new Set(['findMany', 'findOne', 'findFirst', 'count']);

/**
 * Closes the draft leak of strapi/strapi#25326: with `find` permission, anyone could read every
 * draft through REST `?status=draft` or GraphQL `status: DRAFT`. For any HTTP request that is not
 * authenticated as an admin or with a token (the public role, users-permissions users), reads are
 * forced to the published versions. Calls made outside a request (bootstrap, seed, scripts) are
 * left alone.
 *
 * REST populate inherits the forced status, and a published version only links to published
 * versions of its targets. GraphQL resolves nested relations outside the document service, from
 * the root query's arguments: see graphql/force-published-queries.ts for that half.
 */
export function forcePublishedReads(strapi: StrapiInstance): DocumentMiddleware {
  return async (ctx, next) => {
    if (!READ_ACTIONS.has(ctx.action) || !ctx.contentType?.options?.draftAndPublish) return next();
    const request = strapi.requestContext.get();
    if (!request || canReadDrafts(request.state?.auth)) return next();
    ctx.params = { ...ctx.params, status: 'published' };
    if (ctx.params.filters) ctx.params.filters = stripLocalizationFilters(ctx.params.filters);
    if (ctx.params.populate) ctx.params.populate = stripLocalizationFiltersInPopulate(ctx.params.populate);
    return next();
  };
}
