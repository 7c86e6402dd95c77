import type { Core } from '@strapi/strapi';
import {
  parseSpaceContact,
  renderPage,
  renderSpaceCode,
  renderSpaceHome,
  renderSpaceLinkButton,
  renderSpaceSignIn,
  spacePaths,
  spaceSignInPath,
  type SpacePage,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { readFormOrRefuse, sendMessage } from '../http/form-action';
import { seeOther, sendHtml, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import {
  activeMember,
  browserCsrf,
  browserCsrfValid,
  closeEverySession,
  closeSession,
  currentSession,
  openSession,
  sessionCsrf,
  sessionCsrfValid,
} from './sessions';
import { seatInvitedMember } from './invitations';
import { checkCode, linkWorks, requestSignIn, useLink } from './sign-in';
import { roundTablesOf } from './tables';

/**
 * The pages of the practitioners' space (see docs/practitioners-space.md). Pages are `no-store`
 * with the write path's strict CSP like every answer under /participer/; every POST is checked for
 * its CSRF token before anything else (403, nothing done); nothing a page says depends on whether
 * a contact belongs to a member.
 */
function send(ctx: Ctx, status: number, locale: Locale, page: SpacePage): void {
  sendHtml(ctx, status, renderPage({ locale, title: page.title, body: page.body, hasErrors: page.hasErrors ?? false }));
}

function backToSignIn(locale: Locale): { href: string; label: string } {
  return { href: spaceSignInPath(locale), label: t(locale, 'spaceBackToSignIn') };
}

function forbidden(ctx: Ctx, locale: Locale): void {
  sendMessage(ctx, 403, locale, { title: 'spaceForbiddenTitle', body: 'spaceForbiddenBody', back: backToSignIn(locale) });
}

/** Reads a form and checks its sign-in CSRF token; null when it has already answered. */
async function signInForm(ctx: Ctx, queryLocale: Locale): Promise<{ fields: Record<string, string>; locale: Locale } | null> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return null;
  const locale = toLocale(fields.locale);
  if (ctx.state) ctx.state.passerelleFormLocale = locale;
  if (!browserCsrfValid(ctx, fields.csrf)) {
    forbidden(ctx, locale);
    return null;
  }
  return { fields, locale };
}

/** GET /participer/espace/: the person's round tables, or the sign-in page for anyone else. */
export async function showSpaceHome(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await currentSession(strapi, ctx);
  if (!session) return seeOther(ctx, spaceSignInPath(locale));
  const tables = await roundTablesOf(strapi, session.member.documentId, locale);
  send(ctx, 200, locale, renderSpaceHome(locale, sessionCsrf(session), session.member, tables));
}

export function showSpaceSignIn(ctx: Ctx, query: URLSearchParams): void {
  const locale = toLocale(query.get('locale'));
  send(ctx, 200, locale, renderSpaceSignIn(locale, browserCsrf(ctx)));
}

/**
 * POST of the one field. An email leads to "check your email", a mobile to its code page: what
 * comes next depends only on what was typed, never on whether it is a member's.
 */
export async function requestSpaceSignIn(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await signInForm(ctx, queryLocale);
  if (!form) return;
  const { fields, locale } = form;
  const contact = parseSpaceContact(fields.contact ?? '');
  if (!contact) {
    reportOutcome(ctx, 'space-sign-in', 'invalid');
    return send(ctx, 422, locale, renderSpaceSignIn(locale, browserCsrf(ctx), (fields.contact ?? '').slice(0, 254), 'errSpaceContact'));
  }
  const { ref, sent } = await requestSignIn(strapi, contact, hashIp(clientIp(ctx)), locale);
  reportOutcome(ctx, 'space-sign-in', sent ? 'accepted' : 'throttled');
  if (ref) return seeOther(ctx, `${spacePaths.code}?ref=${ref}&locale=${locale}`);
  seeOther(ctx, `${spacePaths.sent}?locale=${locale}`);
}

export function showSpaceSignInSent(ctx: Ctx, query: URLSearchParams): void {
  const locale = toLocale(query.get('locale'));
  sendMessage(ctx, 200, locale, { title: 'spaceSentTitle', body: 'spaceSentBody', back: backToSignIn(locale) });
}

const refPattern = /^[A-Za-z0-9_-]{32}$/;

export function showSpaceCode(ctx: Ctx, query: URLSearchParams): void {
  const locale = toLocale(query.get('locale'));
  const ref = query.get('ref') ?? '';
  if (!refPattern.test(ref)) return sendMessage(ctx, 404, locale, { title: 'spaceCodeExpiredTitle', body: 'spaceCodeExpiredBody', back: backToSignIn(locale) });
  send(ctx, 200, locale, renderSpaceCode(locale, browserCsrf(ctx), ref));
}

export async function signInWithSpaceCode(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await signInForm(ctx, queryLocale);
  if (!form) return;
  const { fields, locale } = form;
  const ref = fields.ref ?? '';
  const code = (fields.code ?? '').replace(/\s/g, '');
  if (!refPattern.test(ref)) {
    reportOutcome(ctx, 'space-sign-in', 'unknown');
    return sendMessage(ctx, 422, locale, { title: 'spaceCodeExpiredTitle', body: 'spaceCodeExpiredBody', back: backToSignIn(locale) });
  }
  if (!/^\d{6}$/.test(code)) {
    reportOutcome(ctx, 'space-sign-in', 'invalid');
    return send(ctx, 422, locale, renderSpaceCode(locale, browserCsrf(ctx), ref, 'errSpaceCodeFormat'));
  }
  const outcome = await checkCode(strapi, ref, code);
  if (outcome.kind === 'signed-in' && (await activeMember(strapi, outcome.memberDocumentId))) {
    await openSession(strapi, ctx, outcome.memberDocumentId);
    reportOutcome(ctx, 'space-sign-in', 'confirmed');
    return seeOther(ctx, `${spacePaths.home}?locale=${locale}`);
  }
  reportOutcome(ctx, 'space-sign-in', 'unknown');
  if (outcome.kind === 'wrong') return send(ctx, 422, locale, renderSpaceCode(locale, browserCsrf(ctx), ref, 'errSpaceCodeWrong'));
  if (outcome.kind === 'locked') return sendMessage(ctx, 429, locale, { title: 'spaceCodeLockedTitle', body: 'spaceCodeLockedBody', back: backToSignIn(locale) });
  sendMessage(ctx, 422, locale, { title: 'spaceCodeExpiredTitle', body: 'spaceCodeExpiredBody', back: backToSignIn(locale) });
}

function invalidLink(ctx: Ctx, locale: Locale): void {
  sendMessage(ctx, 404, locale, { title: 'spaceLinkInvalidTitle', body: 'spaceLinkInvalidBody', back: backToSignIn(locale) });
}

/** GET behind the emailed link: a button (a GET changes nothing: mail scanners open links). */
export async function showSpaceLink(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const token = query.get('jeton') ?? '';
  if (!(await linkWorks(strapi, token))) return invalidLink(ctx, locale);
  send(ctx, 200, locale, renderSpaceLinkButton(locale, browserCsrf(ctx), token));
}

export async function signInWithSpaceLink(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await signInForm(ctx, queryLocale);
  if (!form) return;
  const { fields, locale } = form;
  const used = await useLink(strapi, fields.jeton ?? '');
  if (!used || !(await activeMember(strapi, used.memberDocumentId))) {
    reportOutcome(ctx, 'space-sign-in', 'unknown');
    return invalidLink(ctx, locale);
  }
  if (used.invitedToTable) await seatInvitedMember(strapi, used.invitedToTable, used.memberDocumentId);
  await openSession(strapi, ctx, used.memberDocumentId);
  reportOutcome(ctx, 'space-sign-in', 'confirmed');
  seeOther(ctx, `${spacePaths.home}?locale=${locale}`);
}

/** The two ways out: this session, or every session of this member. A missing or wrong token: 403, nothing closed. */
async function signOutWith(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale, everywhere: boolean): Promise<void> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  const session = await currentSession(strapi, ctx);
  if (!session) return seeOther(ctx, spaceSignInPath(locale));
  if (!sessionCsrfValid(session, fields.csrf)) return forbidden(ctx, locale);
  if (everywhere) await closeEverySession(strapi, ctx, session);
  else await closeSession(strapi, ctx, session);
  reportOutcome(ctx, 'space-session', 'cancelled');
  sendMessage(ctx, 200, locale, { title: 'spaceSignedOutTitle', body: 'spaceSignedOutBody', back: backToSignIn(locale) });
}

export const signOutOfSpace = (strapi: Core.Strapi, ctx: Ctx, locale: Locale) => signOutWith(strapi, ctx, locale, false);
export const signOutOfSpaceEverywhere = (strapi: Core.Strapi, ctx: Ctx, locale: Locale) => signOutWith(strapi, ctx, locale, true);
