import type { Core } from '@strapi/strapi';
import { parseActionForm, parseActionUpdateForm, parseBarriersForm, renderSpaceDiagnostic, renderSpaceDiagnostics, spaceDiagnosticPath, type DiagnosticPageState } from '@passerelle/shared/participation';
import { toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { seeOther, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { montrealDay } from '../events/reminders';
import { actionOfNeighbourhood, addAction, diagnosticSummaries, diagnosticView, neighbourhoodOfMember, neighbourhoodsOfMember, saveBarriers, updateAction, type MemberNeighbourhood } from './diagnostics';
import { notFound, pageSession, send, sessionForm } from './meeting-handlers';
import { sessionCsrf, type SpaceSession } from './sessions';

/**
 * The neighbourhood diagnostics' pages. Same rules as the rest of the space: a session or the
 * sign-in page; every POST's CSRF token checked before anything is read or done; a neighbourhood
 * where the member sits at no table answers exactly like one that does not exist (404).
 */
export async function showSpaceDiagnostics(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const places = await neighbourhoodsOfMember(strapi, session.member.documentId, locale);
  send(ctx, 200, locale, renderSpaceDiagnostics(locale, await diagnosticSummaries(strapi, places)));
}

async function showDiagnostic(strapi: Core.Strapi, ctx: Ctx, status: number, locale: Locale, session: SpaceSession, place: MemberNeighbourhood, state: DiagnosticPageState = {}): Promise<void> {
  send(ctx, status, locale, renderSpaceDiagnostic(locale, sessionCsrf(session), await diagnosticView(strapi, place), state));
}

export async function showSpaceDiagnostic(strapi: Core.Strapi, ctx: Ctx, slug: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const place = await neighbourhoodOfMember(strapi, slug, session.member.documentId, locale);
  if (!place) return notFound(ctx, locale);
  await showDiagnostic(strapi, ctx, 200, locale, session, place, { saved: query.get('enregistre') === '1' });
}

/** A diagnostic form's POST: the session (CSRF checked), and the neighbourhood if this member keeps it. */
async function diagnosticForm(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale) {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return null;
  const place = await neighbourhoodOfMember(strapi, slug, form.session.member.documentId, form.locale);
  if (!place) {
    notFound(ctx, form.locale);
    return null;
  }
  return { ...form, place };
}

const saved = (ctx: Ctx, slug: string, locale: Locale, anchor: string) => seeOther(ctx, `${spaceDiagnosticPath(slug)}?enregistre=1${locale === 'en' ? '&locale=en' : ''}#${anchor}`);

export async function saveSpaceBarriers(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  const form = await diagnosticForm(strapi, ctx, slug, queryLocale);
  if (!form) return;
  const { fields, locale, session, place } = form;
  const { values, result } = parseBarriersForm(fields);
  if (!result.ok) {
    reportOutcome(ctx, 'space-diagnostic', 'invalid');
    return showDiagnostic(strapi, ctx, 422, locale, session, place, { barriers: { values, errors: result.errors } });
  }
  await saveBarriers(strapi, place, result.value);
  reportOutcome(ctx, 'space-diagnostic', 'accepted');
  saved(ctx, place.slug, locale, 'obstacle-device-niveau');
}

export async function addSpaceDiagnosticAction(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  const form = await diagnosticForm(strapi, ctx, slug, queryLocale);
  if (!form) return;
  const { fields, locale, session, place } = form;
  const { values, result } = parseActionForm(fields, montrealDay(Date.now()).date);
  if (!result.ok) {
    reportOutcome(ctx, 'space-diagnostic', 'invalid');
    return showDiagnostic(strapi, ctx, 422, locale, session, place, { newAction: { values, errors: result.errors } });
  }
  const actionId = await addAction(strapi, place, result.value);
  reportOutcome(ctx, 'space-diagnostic', 'accepted');
  saved(ctx, place.slug, locale, `action-${actionId}`);
}

export async function updateSpaceDiagnosticAction(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  const form = await diagnosticForm(strapi, ctx, slug, queryLocale);
  if (!form) return;
  const { fields, locale, session, place } = form;
  // An action of another neighbourhood's plan is read like one that does not exist.
  const action = await actionOfNeighbourhood(strapi, place, fields.action ?? '');
  if (!action) return notFound(ctx, locale);
  const { values, result } = parseActionUpdateForm(fields);
  if (!result.ok) {
    reportOutcome(ctx, 'space-diagnostic', 'invalid');
    return showDiagnostic(strapi, ctx, 422, locale, session, place, { update: { actionId: action.documentId, values, errors: result.errors } });
  }
  await updateAction(strapi, action, result.value);
  reportOutcome(ctx, 'space-diagnostic', 'accepted');
  saved(ctx, place.slug, locale, `action-${action.documentId}`);
}
