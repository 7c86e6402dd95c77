import { clearResultsCache } from '../participation/consultations/handlers';
import { clearCountCache } from '../participation/petitions/counts';
import type { DocumentMiddleware } from './types';

const WRITE_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

/**
 * The public counts and results are cached on the server (petitions/counts.ts,
 * consultations/handlers.ts). What an OC changes on a petition or a consultation (paper signatures,
 * closing date, questions, publication) shows at once: the caches are emptied after the write.
 */
export function clearPublicAnswerCaches(): DocumentMiddleware {
  return async (ctx, next) => {
    const result = await next();
    if (WRITE_ACTIONS.has(ctx.action)) {
      if (ctx.uid === 'api::petition.petition') clearCountCache();
      if (ctx.uid === 'api::consultation.consultation') clearResultsCache();
    }
    return result;
  };
}
