import { errors } from '@strapi/utils';
import type { DocumentMiddleware, StrapiInstance } from '../document-middlewares/types';
import { notifyAuthorOfChanges, notifyReviewers } from './review-notification';
import { currentAdminUser, isReviewedType, isReviewer, reviewerOnlyStatuses, type ReviewStatus } from './review-status';

export const reviewMessages = {
  reviewerOnly: (status: string) =>
    `Seule une organisatrice ou un organisateur communautaire peut mettre le statut de révision à « ${status} ». ` +
    `Choisissez « to_review » quand votre brouillon est prêt (only an OC can set this review status).`,
} as const;

/**
 * The review state machine, enforced on the document service so it holds for the admin panel and
 * any other writer:
 * - a "Groupe communautaire" user may set `draft` or `to_review`, not an OC's decision;
 * - entering `to_review` e-mails the OCs of the entry's neighbourhoods (after the write succeeded);
 * - entering `changes_requested` e-mails the group that wrote the draft;
 * - publishing marks the entry `approved`, so it leaves the review list without a second edit.
 */
export function reviewWorkflow(strapi: StrapiInstance): DocumentMiddleware {
  return async (ctx, next) => {
    if (!isReviewedType(ctx.uid)) return next();
    const documentId: string | undefined = ctx.params?.documentId;

    if (ctx.action === 'publish' && documentId) {
      const result = await next();
      // Only once publication succeeded (a refused publish must stay in the queue). Both the draft
      // and the new published rows: the database layer, so no second webhook or validation round.
      await strapi.db.query(ctx.uid).updateMany({ where: { documentId }, data: { reviewStatus: 'approved' } });
      return result;
    }
    if (ctx.action !== 'create' && ctx.action !== 'update') return next();

    const requested = ctx.params?.data?.reviewStatus as ReviewStatus | undefined;
    if (requested === undefined || requested === null) return next();

    const user = currentAdminUser(strapi.requestContext.get());
    if (user && !isReviewer(user) && reviewerOnlyStatuses.includes(requested)) {
      const message = reviewMessages.reviewerOnly(requested);
      throw new errors.ValidationError(message, { errors: [{ path: ['reviewStatus'], message, name: 'ValidationError' }] });
    }

    const before =
      ctx.action === 'update' && documentId
        ? ((await strapi.db.query(ctx.uid).findOne({ where: { documentId, publishedAt: null }, select: ['reviewStatus'] })) as {
            reviewStatus?: string | null;
          } | null)?.reviewStatus
        : undefined;

    // The save and its review e-mail in one transaction: the message is queued with the draft's
    // new status (the outbox's worker sends it), or neither happens.
    const uid = ctx.uid;
    return strapi.db.transaction(async () => {
      const result = (await next()) as { documentId?: string; locale?: string } | null;
      const id = documentId ?? result?.documentId;
      const locale = result?.locale ?? ctx.params?.locale ?? 'fr';
      if (id && requested !== before && (requested === 'to_review' || requested === 'changes_requested')) {
        if (requested === 'to_review') {
          const notified = await notifyReviewers(strapi, uid, id, locale);
          strapi.log.info(`[passerelle] review requested for ${uid} ${id}: notified ${notified.length} OC(s)`);
        } else {
          await notifyAuthorOfChanges(strapi, uid, id, locale, user);
        }
      }
      return result;
    });
  };
}
