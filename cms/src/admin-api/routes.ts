import type { Core } from '@strapi/strapi';
import { currentAdminUser, isReviewer, type AdminUser } from '../editorial/review-status';
import { consultationAnswerCounts } from '../participation/consultations/answer-counts';
import { consultationCsv } from '../participation/consultations/export';
import { readPublisherStatus } from './publisher-status';

/**
 * Admin API routes behind the homepage widgets (cms/src/admin/widgets). Admin JWT only
 * (`admin::isAuthenticatedAdmin`: 401 without one). Consultation answers are personal information
 * (Law 25): only OCs and super admins read them; a community group gets 403.
 */
type Audience = 'any-admin' | 'reviewers';
type Handler = (ctx: any, user: AdminUser) => Promise<void>;

const ONLY_OCS = 'Réservé aux organisateur·trice·s communautaires (OCs only).';

function guarded(audience: Audience, handler: Handler) {
  return async (ctx: any) => {
    const user = currentAdminUser(ctx);
    if (!user) return ctx.unauthorized();
    if (audience === 'reviewers' && !isReviewer(user)) return ctx.forbidden(ONLY_OCS);
    ctx.set('Cache-Control', 'no-store');
    await handler(ctx, user);
  };
}

export function registerAdminWidgetRoutes(strapi: Core.Strapi): void {
  const route = (path: string, audience: Audience, handler: Handler) => ({
    method: 'GET',
    path,
    handler: guarded(audience, handler),
    config: { policies: ['admin::isAuthenticatedAdmin'] },
  });

  strapi.server.routes({
    type: 'admin',
    prefix: '',
    routes: [
      route('/passerelle/publisher-status', 'any-admin', async (ctx) => {
        ctx.body = { data: await readPublisherStatus() };
      }),
      route('/passerelle/consultations', 'reviewers', async (ctx) => {
        ctx.body = { data: await consultationAnswerCounts(strapi) };
      }),
      route('/passerelle/consultations/:slug/reponses.csv', 'reviewers', async (ctx, user) => {
        const slug = String(ctx.params.slug ?? '');
        const exported = await consultationCsv(strapi, slug);
        if (!exported) return ctx.notFound('Consultation introuvable (not found).');
        // Who exported what, for the Law 25 record of access to personal information.
        strapi.log.info(`[passerelle] consultation CSV "${exported.consultation.slug}" (${exported.rows} rows) exported by admin user ${user.id}`);
        ctx.set('Content-Type', 'text/csv; charset=utf-8');
        // The slug passed findConsultation's [a-z0-9-] check: safe inside the quoted file name.
        ctx.set('Content-Disposition', `attachment; filename="consultation-${exported.consultation.slug}-reponses.csv"`);
        ctx.set('X-Content-Type-Options', 'nosniff');
        ctx.body = exported.csv;
      }),
    ],
  } as any);
}
