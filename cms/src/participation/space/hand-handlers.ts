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
import {
  addReply,
  audienceNames,
  audienceOf,
  createHand,
  editHand,
  handOfMember,
  handsOfMember,
  handView,
  membersReached,
  overReplyLimit,
  overRequestLimit,
  overWidenLimit,
  publishedNeighbourhoods,
  resolveHand,
  tablesOfMember,
  widens,
  type HandRow,
  type MemberHand,
} from './hands';
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
  const { open, mineResolved, hasOlder } = await handsOfMember(strapi, session.member.documentId, page, locale);
  send(ctx, 200, locale, renderSpaceHands(locale, open, mineResolved, { page, hasOlder }));
}

export async function showNewSpaceHand(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  if (await overRequestLimit(strapi, session.member.documentId)) return overLimit(ctx, locale);
  send(ctx, 200, locale, renderHandForm(locale, sessionCsrf(session), await choicesOf(strapi, session.member.documentId, locale), {}));
}

/** Where this member may send a request: the tables they sit at and the published neighbourhoods. */
async function choicesOf(strapi: Core.Strapi, memberId: string, locale: Locale) {
  const [tables, neighbourhoods] = await Promise.all([tablesOfMember(strapi, memberId), publishedNeighbourhoods(strapi, locale)]);
  return { tables, neighbourhoods };
}

const idsOf = (choices: Awaited<ReturnType<typeof choicesOf>>) => ({ tables: choices.tables.map((x) => x.documentId), neighbourhoods: choices.neighbourhoods.map((x) => x.documentId) });

/** The audience's names in both languages, for the messages (each member reads theirs). */
async function namesForNotices(strapi: Core.Strapi, row: Pick<HandRow, 'roundTables' | 'neighbourhoods'>): Promise<Record<Locale, string[]>> {
  const [fr, en] = await Promise.all((['fr', 'en'] as const).map(async (language) => {
    const names = await audienceNames(strapi, row, language);
    return [...names.tables, ...names.neighbourhoods];
  }));
  return { fr: fr!, en: en! };
}

/** The chosen tables and neighbourhoods as a request row has them (names from the form's choices). */
const chosenRow = (choices: Awaited<ReturnType<typeof choicesOf>>, input: { tables: string[]; neighbourhoods: string[] }) => ({
  roundTables: choices.tables.filter((x) => input.tables.includes(x.documentId)),
  neighbourhoods: choices.neighbourhoods.filter((x) => input.neighbourhoods.includes(x.documentId)),
});

export async function createSpaceHand(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const memberId = session.member.documentId;
  const choices = await choicesOf(strapi, memberId, locale);
  const { values, result } = parseHandForm(fields, idsOf(choices), montrealDay(Date.now()).date);
  if (!result.ok) {
    reportOutcome(ctx, 'space-hand', 'invalid');
    return send(ctx, 422, locale, renderHandForm(locale, sessionCsrf(session), choices, values, result.errors));
  }
  const names = await namesForNotices(strapi, chosenRow(choices, result.value));
  // The limit, the request and its messages in one transaction, the member's row locked: both
  // exist, or neither, and simultaneous posts count one after the other (limit-lock.ts).
  const documentId = await withLimitLock(strapi, [{ member: memberId }], async () => {
    if (await overRequestLimit(strapi, memberId)) return null;
    const created = await createHand(strapi, memberId, result.value);
    await queueHandNotices(strapi, { documentId: created.documentId, kind: result.value.kind, title: result.value.title }, memberId, { tableIds: result.value.tables, neighbourhoodIds: result.value.neighbourhoods }, names);
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
  send(ctx, status, locale, renderSpaceHand(locale, sessionCsrf(session), await handView(strapi, hand, page, locale), reply));
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

/** What the edit form shows first: the request as it stands. */
function valuesOf(row: HandRow) {
  const audience = audienceOf(row);
  return { kind: row.kind, title: row.title, details: row.details, neededBy: row.neededBy ? String(row.neededBy).slice(0, 10) : '', tables: audience.tableIds, neighbourhoods: audience.neighbourhoodIds };
}

export async function showEditSpaceHand(strapi: Core.Strapi, ctx: Ctx, handId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const hand = await handOfMember(strapi, handId, session.member.documentId);
  // Only its author edits it: for anyone else, even someone who sees it, the same 404 as an unknown request.
  if (!hand || !hand.isAuthor) return notFound(ctx, locale);
  if (hand.row.requestStatus !== 'open') return seeOther(ctx, withLocale(spaceHandPath(hand.row.documentId), locale));
  send(ctx, 200, locale, renderHandForm(locale, sessionCsrf(session), await choicesOf(strapi, session.member.documentId, locale), valuesOf(hand.row), {}, hand.row.documentId));
}

/**
 * An edit by its author, while it is open: the same form and checks as a new request. Those it no
 * longer reaches stop seeing it at once (the rule reads its audience); those it newly reaches are
 * told as for a new request, never anyone already reached or told; a widening counts in the day's
 * request limit. Its posting date stays.
 */
export async function editSpaceHand(strapi: Core.Strapi, ctx: Ctx, handId: string, queryLocale: Locale): Promise<void> {
  const form = await handForm(strapi, ctx, handId, queryLocale);
  if (!form) return;
  const { fields, locale, session, hand } = form;
  if (!hand.isAuthor) return notFound(ctx, locale);
  if (hand.row.requestStatus !== 'open') return seeOther(ctx, withLocale(spaceHandPath(hand.row.documentId), locale));
  const memberId = session.member.documentId;
  const choices = await choicesOf(strapi, memberId, locale);
  const stored = valuesOf(hand.row);
  const { values, result } = parseHandForm(fields, idsOf(choices), montrealDay(Date.now()).date, stored.neededBy || null);
  if (!result.ok) {
    reportOutcome(ctx, 'space-hand', 'invalid');
    return send(ctx, 422, locale, renderHandForm(locale, sessionCsrf(session), choices, values, result.errors, hand.row.documentId));
  }
  const before = audienceOf(hand.row);
  const after = { tableIds: result.value.tables, neighbourhoodIds: result.value.neighbourhoods };
  const widened = widens(before, after);
  const names = await namesForNotices(strapi, chosenRow(choices, result.value));
  // As for a new request: the limit, the edit and its messages under the member's lock (limit-lock.ts).
  const done = await withLimitLock(strapi, [{ member: memberId }], async () => {
    if (widened && (await overWidenLimit(strapi, hand.row, memberId))) return false;
    const reachedBefore = widened ? await membersReached(strapi, before) : new Set<string>();
    await editHand(strapi, hand, result.value, widened, before);
    if (widened) await queueHandNotices(strapi, { documentId: hand.row.documentId, kind: result.value.kind, title: result.value.title }, memberId, after, names, reachedBefore);
    return true;
  });
  if (!done) {
    reportOutcome(ctx, 'space-hand', 'throttled');
    return overLimit(ctx, locale);
  }
  reportOutcome(ctx, 'space-hand', 'accepted');
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
