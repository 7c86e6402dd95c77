import type { Core } from '@strapi/strapi';
import {
  parseHandForm,
  parseNoticesForm,
  parseReplyForm,
  renderHandForm,
  renderSpaceHand,
  renderSpaceHands,
  renderSpaceNotices,
  spaceHandPath,
  spaceHandPaths,
  threadPageOf,
} from '@passerelle/shared/participation';
import { t, toLocale, type MessageKey } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { sendMessage } from '../http/form-action';
import { seeOther, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { montrealDay } from '../events/reminders';
import { addReply, createHand, handOfMember, handsOfMember, handView, overReplyLimit, overRequestLimit, resolveHand, tablesOfMember, type MemberHand } from './hands';
import { channelsOf, modeOf, channelOf, noticeFields, queueHandNotices, queueReplyNotices, type NoticeMember } from './hands-notices';
import { withLimitLock } from './limit-lock';
import { notFound, pageSession, send, sessionForm, withLocale } from './meeting-handlers';
import { practitionerUid, sessionCsrf, type SpaceSession } from './sessions';

/**
 * The pages of requests for a hand and of "Mes avis". Same rules as the rest of the space: a
 * session or the sign-in page; every POST's CSRF token checked before anything is read or done; a
 * request the member may not see answers exactly like one that does not exist (404).
 */
function overLimit(ctx: Ctx, locale: Locale): void {
  sendMessage(ctx, 429, locale, { title: 'handLimitTitle', body: 'handLimitBody', back: { href: withLocale(spaceHandPaths.list, locale), label: t(locale, 'handListTitle') } });
}

export async function showSpaceHands(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const page = threadPageOf(query.get('page'));
  const { open, mineResolved, hasOlder } = await handsOfMember(strapi, session.member.documentId, page);
  send(ctx, 200, locale, renderSpaceHands(locale, open, mineResolved, { page, hasOlder }));
}

export async function showNewSpaceHand(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  if (await overRequestLimit(strapi, session.member.documentId)) return overLimit(ctx, locale);
  send(ctx, 200, locale, renderHandForm(locale, sessionCsrf(session), await tablesOfMember(strapi, session.member.documentId), {}));
}

export async function createSpaceHand(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const memberId = session.member.documentId;
  const tables = await tablesOfMember(strapi, memberId);
  const { values, result } = parseHandForm(fields, tables.map((x) => x.documentId), montrealDay(Date.now()).date);
  if (!result.ok || tables.length === 0) {
    reportOutcome(ctx, 'space-hand', 'invalid');
    return send(ctx, 422, locale, renderHandForm(locale, sessionCsrf(session), tables, values, result.ok ? {} : result.errors));
  }
  const chosen = tables.filter((x) => result.value.tables.includes(x.documentId));
  // The limit, the request and its messages in one transaction, the member's row locked: both
  // exist, or neither, and simultaneous posts count one after the other (limit-lock.ts).
  const documentId = await withLimitLock(strapi, [{ member: memberId }], async () => {
    if (await overRequestLimit(strapi, memberId)) return null;
    const created = await createHand(strapi, memberId, result.value);
    await queueHandNotices(strapi, { documentId: created.documentId, kind: result.value.kind, title: result.value.title }, memberId, chosen);
    return created.documentId;
  });
  if (documentId === null) {
    reportOutcome(ctx, 'space-hand', 'throttled');
    return overLimit(ctx, locale);
  }
  reportOutcome(ctx, 'space-hand', 'accepted');
  seeOther(ctx, withLocale(spaceHandPath(documentId), locale));
}

/** A request's page: its replies a page at a time (page 1, the latest, is where the reply form is). */
async function showHand(strapi: Core.Strapi, ctx: Ctx, status: number, locale: Locale, session: SpaceSession, hand: MemberHand, reply: { value?: string; error?: MessageKey } = {}, page = 1): Promise<void> {
  send(ctx, status, locale, renderSpaceHand(locale, sessionCsrf(session), await handView(strapi, hand, page), reply));
}

export async function showSpaceHand(strapi: Core.Strapi, ctx: Ctx, handId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const hand = await handOfMember(strapi, handId, session.member.documentId);
  if (!hand) return notFound(ctx, locale);
  await showHand(strapi, ctx, 200, locale, session, hand, {}, threadPageOf(query.get('page')));
}

/** A request form's POST: the session (CSRF checked), and the request if this member may see it. */
async function handForm(strapi: Core.Strapi, ctx: Ctx, handId: string, queryLocale: Locale) {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return null;
  const hand = await handOfMember(strapi, handId, form.session.member.documentId);
  if (!hand) {
    notFound(ctx, form.locale);
    return null;
  }
  return { ...form, hand };
}

export async function replyToSpaceHand(strapi: Core.Strapi, ctx: Ctx, handId: string, queryLocale: Locale): Promise<void> {
  const form = await handForm(strapi, ctx, handId, queryLocale);
  if (!form) return;
  const { fields, locale, session, hand } = form;
  const memberId = session.member.documentId;
  if (hand.row.requestStatus !== 'open') return seeOther(ctx, withLocale(spaceHandPath(hand.row.documentId), locale));
  const { value, result } = parseReplyForm(fields);
  if (!result.ok) {
    reportOutcome(ctx, 'space-hand-reply', 'invalid');
    return showHand(strapi, ctx, 422, locale, session, hand, { value, error: result.error });
  }
  const accepted = await withLimitLock(strapi, [{ member: memberId }], async () => {
    if (await overReplyLimit(strapi, memberId)) return false;
    const replyId = await addReply(strapi, hand, memberId, result.value);
    await queueReplyNotices(strapi, hand.row, replyId, memberId);
    return true;
  });
  if (!accepted) {
    reportOutcome(ctx, 'space-hand-reply', 'throttled');
    return overLimit(ctx, locale);
  }
  reportOutcome(ctx, 'space-hand-reply', 'accepted');
  seeOther(ctx, withLocale(spaceHandPath(hand.row.documentId), locale));
}

export async function resolveSpaceHand(strapi: Core.Strapi, ctx: Ctx, handId: string, queryLocale: Locale): Promise<void> {
  const form = await handForm(strapi, ctx, handId, queryLocale);
  if (!form) return;
  const { locale, hand } = form;
  // Seeing a request is not enough: only its author and the OCs at its tables close it; anyone else gets the same 404.
  if (!hand.canResolve) return notFound(ctx, locale);
  if (hand.row.requestStatus === 'open') await resolveHand(strapi, hand);
  reportOutcome(ctx, 'space-hand', 'cancelled');
  seeOther(ctx, withLocale(spaceHandPath(hand.row.documentId), locale));
}

async function noticeMember(strapi: Core.Strapi, memberId: string): Promise<NoticeMember> {
  return (await strapi.db.query(practitionerUid).findOne({ where: { documentId: memberId }, select: [...noticeFields] })) as NoticeMember;
}

export async function showSpaceNotices(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const member = await noticeMember(strapi, session.member.documentId);
  const current = { mode: modeOf(member), channel: channelOf(member) ?? 'email' };
  send(ctx, 200, locale, renderSpaceNotices(locale, sessionCsrf(session), current, channelsOf(member), { saved: query.get('enregistre') === '1' }));
}

export async function saveSpaceNotices(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const member = await noticeMember(strapi, session.member.documentId);
  const available = channelsOf(member);
  const parsed = parseNoticesForm(fields, available);
  if (!parsed.ok) {
    reportOutcome(ctx, 'space-notices', 'invalid');
    return send(ctx, 422, locale, renderSpaceNotices(locale, sessionCsrf(session), { mode: modeOf(member), channel: channelOf(member) ?? 'email' }, available, { error: parsed.error }));
  }
  // The page's language becomes the messages' language: the member reads us in it.
  await strapi.db.query(practitionerUid).update({ where: { documentId: member.documentId }, data: { noticeMode: parsed.value.mode, noticeChannel: parsed.value.channel, noticeLanguage: locale } });
  reportOutcome(ctx, 'space-notices', 'accepted');
  seeOther(ctx, `${spaceHandPaths.notices}?enregistre=1${locale === 'en' ? '&locale=en' : ''}`);
}
