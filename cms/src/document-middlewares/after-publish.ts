import type { DocumentMiddleware, StrapiInstance } from './types';

/**
 * Runs `then` once Strapi's publish of a document of one of `uids` has succeeded: the messages a
 * publish causes (cancellation, outcome, alerts, the proposer's news) are queued after it, by
 * documentId. A failure there is logged under `tag` (what and which document, no personal data)
 * and never undoes the editor's publish.
 */
export function afterPublish(
  strapi: StrapiInstance,
  uids: readonly string[],
  tag: string,
  then: (uid: string, documentId: string) => Promise<unknown>,
): DocumentMiddleware {
  return async (ctx, next) => {
    if (ctx.action !== 'publish' || !uids.includes(ctx.uid)) return next();
    const documentId: string | undefined = ctx.params?.documentId;
    const result = await next();
    if (!documentId) return result;
    try {
      await then(ctx.uid, documentId);
    } catch (error) {
      strapi.log.error(`[${tag}] after publishing ${ctx.uid} ${documentId}: ${(error as Error).message}`);
    }
    return result;
  };
}
