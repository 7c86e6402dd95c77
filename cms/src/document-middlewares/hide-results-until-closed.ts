import { canReadDrafts } from '../lib/draft-access';
import type { DocumentMiddleware, StrapiInstance } from './types';

const CONSULTATION = 'api::consultation.consultation';
const READ_ACTIONS = new Set(['findMany', 'findOne', 'findFirst']);

/**
 * Fields the public reads as null for a while, by content type. They can be neither filtered nor
 * sorted by the public (refuse-hidden-field-queries.ts), and their schema marks them
 * `searchable: false` so that `_q` does not look into them either.
 */
export const hiddenFields: Readonly<Record<string, readonly string[]>> = {
  [CONSULTATION]: ['results'],
};

type WithResults = { closesAt?: string | Date | null; results?: unknown };

/**
 * A consultation's results are shown after it closes, so that early answers do not sway later
 * ones. The site already waits; this makes the public API (REST and GraphQL) wait too: for anyone
 * but the admin panel and API tokens, `results` reads as null until `closesAt` has passed.
 */
export function hideResultsUntilClosed(strapi: StrapiInstance): DocumentMiddleware {
  return async (ctx, next) => {
    if (ctx.uid !== CONSULTATION || !READ_ACTIONS.has(ctx.action)) return next();
    const request = strapi.requestContext.get();
    const result = await next();
    if (!request || canReadDrafts(request.state?.auth)) return result;
    const now = Date.now();
    const hide = (doc: unknown) => {
      const c = doc as WithResults | null;
      if (c && typeof c === 'object' && 'results' in c && (!c.closesAt || new Date(c.closesAt).getTime() > now)) {
        c.results = null;
      }
    };
    if (Array.isArray(result)) result.forEach(hide);
    else hide(result);
    return result;
  };
}
