import type { Core } from '@strapi/strapi';
import { markUnitSchema, parseSelfCheckForm, renderPeerSessionsBlock, renderSpaceSelfCheck, renderSpaceSelfCheckResult, renderSpaceTraining, spaceTrainingPaths, unitNumberSchema } from '@passerelle/shared/participation';
import { toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { seeOther, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { notFound, pageSession, send, sessionForm, withLocale } from './meeting-handlers';
import { isOc, upcomingPeerSessions } from './peer-sessions';
import { sessionCsrf } from './sessions';
import { eraseProgress, keepUnitProgress, progressOfMember, publishedModule, publishedModules } from './training';

/**
 * The private training progress pages. Same rules as the rest of the space: a session or the
 * sign-in page; every POST's CSRF token checked before anything is read or done. The member whose
 * rows are read or written is always the session's: nothing posted can name another one.
 */
export async function showSpaceTraining(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const modules = await publishedModules(strapi, locale);
  const progress = await progressOfMember(strapi, session.member.documentId);
  const peer = renderPeerSessionsBlock(locale, await upcomingPeerSessions(strapi, session.member.documentId), await isOc(strapi, session.member.documentId));
  send(ctx, 200, locale, renderSpaceTraining(locale, sessionCsrf(session), modules, progress, query.get('efface') === '1', peer));
}

/** A published module and one of its units, from a slug and a number (an address's or a form's). */
async function moduleUnit(strapi: Core.Strapi, slug: string, rawUnit: unknown, locale: Locale) {
  const number = unitNumberSchema.safeParse(rawUnit);
  if (!number.success) return null;
  const module = await publishedModule(strapi, slug, locale);
  const unit = module?.units.find((u) => u.number === number.data);
  return module && unit ? { module, unit } : null;
}

export async function markSpaceTrainingUnit(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const parsed = markUnitSchema.safeParse(fields);
  const found = parsed.success ? await moduleUnit(strapi, slug, fields.unit, locale) : null;
  if (!parsed.success || !found) return notFound(ctx, locale);
  await keepUnitProgress(strapi, session.member.documentId, found.module.slug, found.unit.number, { done: parsed.data.done === '1' });
  reportOutcome(ctx, 'space-training', 'accepted');
  seeOther(ctx, withLocale(spaceTrainingPaths.list, locale));
}

export async function forgetSpaceTrainingUnit(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const number = unitNumberSchema.safeParse(fields.unit);
  // A module withdrawn since keeps its rows erasable: only the slug's shape is checked here.
  if (!number.success || !/^[a-z0-9-]{1,200}$/.test(slug)) return notFound(ctx, locale);
  await eraseProgress(strapi, session.member.documentId, { moduleSlug: slug, unitNumber: number.data });
  reportOutcome(ctx, 'space-training', 'cancelled');
  seeOther(ctx, withLocale(spaceTrainingPaths.list, locale));
}

export async function eraseSpaceTraining(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { locale, session } = form;
  await eraseProgress(strapi, session.member.documentId);
  reportOutcome(ctx, 'space-training', 'cancelled');
  seeOther(ctx, `${spaceTrainingPaths.list}?efface=1${locale === 'fr' ? '' : '&locale=en'}`);
}

export async function showSpaceSelfCheck(strapi: Core.Strapi, ctx: Ctx, slug: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const found = await moduleUnit(strapi, slug, query.get('unite'), locale);
  if (!found || found.unit.questions.length === 0) return notFound(ctx, locale);
  send(ctx, 200, locale, renderSpaceSelfCheck(locale, sessionCsrf(session), found.module, found.unit));
}

/** The answers: feedback on each, and the result kept only when the member ticked the box. */
export async function checkSpaceSelfCheck(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const found = await moduleUnit(strapi, slug, fields.unit, locale);
  if (!found || found.unit.questions.length === 0) return notFound(ctx, locale);
  const { values, result } = parseSelfCheckForm(fields, found.unit);
  if (!result.ok) {
    reportOutcome(ctx, 'space-training', 'invalid');
    return send(ctx, 422, locale, renderSpaceSelfCheck(locale, sessionCsrf(session), found.module, found.unit, values, result.errors, fields.save === '1'));
  }
  if (result.value.save) {
    await keepUnitProgress(strapi, session.member.documentId, found.module.slug, found.unit.number, { check: { correct: result.value.correct, total: result.value.total } });
  }
  reportOutcome(ctx, 'space-training', result.value.save ? 'accepted' : 'confirmed');
  send(ctx, 200, locale, renderSpaceSelfCheckResult(locale, found.module, found.unit, result.value));
}
