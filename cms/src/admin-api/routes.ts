import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { currentAdminUser, isReviewer, SUPER_ADMIN_ROLE, type AdminUser } from '../editorial/review-status';
import { deletePersonData, exportPersonData, personKey } from '../participation/person-data';
import { consultationAnswerCounts } from '../participation/consultations/answer-counts';
import { channelReport } from '../participation/channel-counts';
import { consultationCsv } from '../participation/consultations/export';
import { deadLetters, retryDeadLetter } from '../participation/messages/dead-letters';
import type { PersonExport } from './person-export';
import { posterLink, posterLinkRequest } from './poster-link';
import { readPublisherStatus } from './publisher-status';
import { eventsThisWeek } from './this-week';

/**
 * Admin API routes behind the homepage widgets (cms/src/admin/widgets). Admin JWT only
 * (`admin::isAuthenticatedAdmin`: 401 without one). Consultation answers are personal information
 * (Law 25): only OCs and super admins read them; a community group gets 403.
 */
type Audience = 'any-admin' | 'reviewers' | 'super-admins';
type Handler = (ctx: any, user: AdminUser) => Promise<void>;

const ONLY_OCS = 'Réservé aux organisateur·trice·s communautaires (OCs only).';
const ONLY_SUPER_ADMINS =
  'Réservé aux super-administrateur·trice·s : la personne responsable des renseignements personnels (super admins only).';

const exportRequest = z.object({ contact: z.unknown(), format: z.enum(['json', 'csv']).default('json') });

/** The contact an access or erasure request names, or a 400 with the reason (never a 500). */
function requestedContact(ctx: any, raw: unknown): string | null {
  const contact = typeof raw === 'string' ? raw.trim() : '';
  try {
    if (contact.length === 0 || contact.length > 254) throw new Error('empty');
    personKey(contact);
    return contact;
  } catch {
    ctx.badRequest('Écrivez un courriel ou un numéro de téléphone valide (a valid email or phone number).');
    return null;
  }
}

function guarded(audience: Audience, handler: Handler) {
  return async (ctx: any) => {
    const user = currentAdminUser(ctx);
    if (!user) return ctx.unauthorized();
    if (audience === 'reviewers' && !isReviewer(user)) return ctx.forbidden(ONLY_OCS);
    if (audience === 'super-admins' && !user.roles.some((r) => r.code === SUPER_ADMIN_ROLE)) return ctx.forbidden(ONLY_SUPER_ADMINS);
    ctx.set('Cache-Control', 'no-store');
    await handler(ctx, user);
  };
}

export function registerAdminWidgetRoutes(strapi: Core.Strapi): void {
  const route = (path: string, audience: Audience, handler: Handler, method: 'GET' | 'POST' = 'GET') => ({
    method,
    path,
    handler: guarded(audience, handler),
    config: { policies: ['admin::isAuthenticatedAdmin'] },
    // Strapi sets `info.type` from the router's type when it registers the route.
    info: {},
  });

  strapi.server.routes({
    type: 'admin',
    prefix: '',
    routes: [
      route('/passerelle/publisher-status', 'any-admin', async (ctx) => {
        ctx.body = { data: await readPublisherStatus() };
      }),
      // The poster of a published event, call, consultation or petition: a public page's address,
      // for any admin user who opens the entry (the edit view's « Imprimer une affiche » panel).
      route('/passerelle/affiche', 'any-admin', async (ctx) => {
        const request = posterLinkRequest.safeParse(ctx.query ?? {});
        if (!request.success) return ctx.badRequest('Contenu sans affiche (no poster for this content).');
        ctx.body = { data: await posterLink(strapi, request.data) };
      }),
      // This week's events and their seats taken: OCs and super admins. A community group gets 403
      // (its widget is hidden): admin users are not tied to an organization, so there is no "own
      // events" to narrow to, and registration counts of other groups' events are not its business.
      route('/passerelle/cette-semaine', 'reviewers', async (ctx) => {
        ctx.body = { data: await eventsThisWeek(strapi) };
      }),
      // Messages the outbox gave up on: kinds, codes and times, never a recipient or a text.
      route('/passerelle/messages/echecs', 'reviewers', async (ctx) => {
        ctx.body = { data: await deadLetters(strapi) };
      }),
      route(
        '/passerelle/messages/:id/renvoyer',
        'reviewers',
        async (ctx, user) => {
          const id = Number(ctx.params.id);
          if (!Number.isSafeInteger(id) || id <= 0) return ctx.badRequest('Message inconnu (unknown message).');
          if (!(await retryDeadLetter(strapi, id))) return ctx.notFound('Aucun message en échec à renvoyer sous ce numéro (no dead message to retry with this id).');
          strapi.log.info(`[passerelle] dead message #${id} queued again by admin user ${user.id}`);
          ctx.body = { data: { id, queued: true } };
        },
        'POST',
      ),
      // How many took part by web, text, phone and paper: counts only, small ones masked.
      route('/passerelle/participation', 'reviewers', async (ctx) => {
        ctx.body = { data: await channelReport(strapi) };
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
      // Law 25 rights of access and erasure, from the admin (the same functions as the `person`
      // command). Super admins only: the person in charge of personal information acts on a
      // request after checking who is asking. Every use is logged, never the contact itself. The
      // contact travels in a POST body, never in a URL: URLs end up in logs and browser history.
      route(
        '/passerelle/personne/export',
        'super-admins',
        async (ctx, user) => {
          const body = exportRequest.safeParse(ctx.request?.body ?? {});
          if (!body.success) return ctx.badRequest('Demande d’export invalide : { contact, format: "json" | "csv" } (invalid export request).');
          const contact = requestedContact(ctx, body.data.contact);
          if (!contact) return;
          const { format } = body.data;
          const exported = await exportPersonData(strapi, contact);
          strapi.log.info(`[passerelle] personal data export (${exported.records.length} records, ${format}) by admin user ${user.id}`);
          ctx.set('X-Content-Type-Options', 'nosniff');
          const data: PersonExport = {
            fileName: `donnees-personnelles.${format}`,
            contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
            content: format === 'csv' ? exported.csv : exported.json,
            records: exported.records.length,
          };
          ctx.body = { data };
        },
        'POST',
      ),
      route(
        '/passerelle/personne/effacement',
        'super-admins',
        async (ctx, user) => {
          const body = (ctx.request?.body ?? {}) as { contact?: unknown; confirm?: unknown };
          const contact = requestedContact(ctx, body.contact);
          if (!contact) return;
          // The admin types the contact twice: an erasure cannot be undone.
          if (typeof body.confirm !== 'string' || body.confirm.trim() !== contact) {
            return ctx.badRequest('Retapez le même courriel ou numéro pour confirmer l’effacement (type it again to confirm).');
          }
          const erased = await deletePersonData(strapi, contact);
          const total = Object.values(erased).reduce((sum, n) => sum + n, 0);
          strapi.log.info(`[passerelle] personal data erased (${total} records) by admin user ${user.id}`);
          ctx.body = { data: { erased, total } };
        },
        'POST',
      ),
    ],
  });
}
