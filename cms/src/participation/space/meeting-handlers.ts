import type { Core } from '@strapi/strapi';
import {
  meetingFormValues,
  parseMeetingForm,
  parseMinutesForm,
  renderMeetingForm,
  renderMinutesForm,
  renderPage,
  renderSpaceMeeting,
  spaceMeetingActions,
  spaceMeetingPath,
  spacePaths,
  spaceSignInPath,
  spaceTablePath,
  parseInviteForm,
  renderInviteForm,
  type MeetingMailingKind,
  type SpacePage,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import { formatDateTime, formatTime } from '@passerelle/shared/dates';
import type { Locale } from '@passerelle/shared/locales';
import { readFormOrRefuse, sendMessage } from '../http/form-action';
import { seeOther, sendCalendar, sendHtml, type Ctx } from '../http/respond';
import { reportOutcome } from '../outcomes';
import { meetingIcs, newCalendarLink, stopCalendarLink, tableIcs, tableOfCalendarToken } from './calendar';
import { createMeeting, leaveTable, meetingOfMember, meetingView, saveAttendance, saveMinutes, tableOfMember, updateMeeting, type MemberMeeting, type MemberTable } from './meetings';
import { inviteToTable } from './invitations';
import { sendMeetingToMembers } from './meeting-mailings';
import { showTableWithThread } from './thread-handlers';
import { draftsOfSource } from './public-drafts';
import { currentSession, sessionCsrf, sessionCsrfValid, type SpaceSession } from './sessions';

/**
 * The round tables' and meetings' pages of the space. Same rules as the rest of it: a session or
 * the sign-in page; every POST's CSRF token checked before anything is read or done; a table or
 * meeting the member does not sit at answers exactly like one that does not exist (404).
 */
export function send(ctx: Ctx, status: number, locale: Locale, page: SpacePage): void {
  sendHtml(ctx, status, renderPage({ locale, title: page.title, body: page.body, hasErrors: page.hasErrors ?? false }));
}

export const withLocale = (path: string, locale: Locale) => (locale === 'fr' ? path : `${path}?locale=en`);

export function notFound(ctx: Ctx, locale: Locale): void {
  sendMessage(ctx, 404, locale, { title: 'spaceNotFoundTitle', body: 'spaceNotFoundBody', back: { href: withLocale(spacePaths.home, locale), label: t(locale, 'spaceBackHome') } });
}

export function forbidden(ctx: Ctx, locale: Locale): void {
  sendMessage(ctx, 403, locale, { title: 'spaceForbiddenTitle', body: 'spaceForbiddenBody', back: { href: withLocale(spacePaths.home, locale), label: t(locale, 'spaceBackHome') } });
}

/** A signed-in page: the session, or an answer already sent (to the sign-in page). */
export async function pageSession(strapi: Core.Strapi, ctx: Ctx, locale: Locale): Promise<SpaceSession | null> {
  const session = await currentSession(strapi, ctx);
  if (!session) seeOther(ctx, spaceSignInPath(locale));
  return session;
}

/** A signed-in form: its fields, locale and session once the CSRF token matched; null when already answered. */
export async function sessionForm(strapi: Core.Strapi, ctx: Ctx, queryLocale: Locale): Promise<{ fields: Record<string, string>; locale: Locale; session: SpaceSession } | null> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return null;
  const locale = toLocale(fields.locale);
  if (ctx.state) ctx.state.passerelleFormLocale = locale;
  const session = await currentSession(strapi, ctx);
  if (!session) {
    seeOther(ctx, spaceSignInPath(locale));
    return null;
  }
  if (!sessionCsrfValid(session, fields.csrf)) {
    forbidden(ctx, locale);
    return null;
  }
  return { fields, locale, session };
}

async function showTable(strapi: Core.Strapi, ctx: Ctx, session: SpaceSession, table: MemberTable, locale: Locale, calendarUrl?: string, allPast = false): Promise<void> {
  await showTableWithThread(strapi, ctx, 200, locale, session, table, { calendarUrl, allPast });
}

export async function showSpaceTable(strapi: Core.Strapi, ctx: Ctx, tableId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const table = await tableOfMember(strapi, tableId, session.member.documentId);
  if (!table) return notFound(ctx, locale);
  await showTable(strapi, ctx, session, table, locale, undefined, query.get('passees') === 'toutes');
}

export async function leaveSpaceTable(strapi: Core.Strapi, ctx: Ctx, tableId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { locale, session } = form;
  const table = await tableOfMember(strapi, tableId, session.member.documentId);
  if (!table) return notFound(ctx, locale);
  await leaveTable(strapi, table, session.member.documentId);
  reportOutcome(ctx, 'space-table', 'cancelled');
  sendMessage(ctx, 200, locale, { title: 'spaceLeftTitle', body: 'spaceLeftBody', back: { href: withLocale(spacePaths.home, locale), label: t(locale, 'spaceBackHome') } });
}

/** "Get / replace my subscription address" (shown once, on the page this POST answers) or "stop it". */
export async function makeSpaceCalendarLink(strapi: Core.Strapi, ctx: Ctx, tableId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const table = await tableOfMember(strapi, tableId, session.member.documentId);
  if (!table) return notFound(ctx, locale);
  if (fields.action === 'stop') {
    await stopCalendarLink(strapi, session.member.documentId, table.row.documentId);
    return seeOther(ctx, withLocale(spaceTablePath(table.row.documentId), locale));
  }
  const url = await newCalendarLink(strapi, session.member.documentId, table.row.documentId);
  await showTable(strapi, ctx, session, table, locale, url);
}

export async function showNewSpaceMeeting(strapi: Core.Strapi, ctx: Ctx, tableId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const table = await tableOfMember(strapi, tableId, session.member.documentId);
  if (!table || !table.canPlan) return notFound(ctx, locale);
  send(ctx, 200, locale, renderMeetingForm(locale, sessionCsrf(session), spaceMeetingActions.create(table.row.documentId), table.row.name, {}));
}

export async function createSpaceMeeting(strapi: Core.Strapi, ctx: Ctx, tableId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const table = await tableOfMember(strapi, tableId, session.member.documentId);
  if (!table || !table.canPlan) return notFound(ctx, locale);
  const { values, result } = parseMeetingForm(fields);
  if (!result.ok) {
    reportOutcome(ctx, 'space-meeting', 'invalid');
    return send(ctx, 422, locale, renderMeetingForm(locale, sessionCsrf(session), spaceMeetingActions.create(table.row.documentId), table.row.name, values, result.errors));
  }
  const meetingId = await createMeeting(strapi, table.row.documentId, result.value);
  reportOutcome(ctx, 'space-meeting', 'accepted');
  seeOther(ctx, withLocale(spaceMeetingPath(meetingId), locale));
}

async function meetingPage(strapi: Core.Strapi, ctx: Ctx, meetingId: string, query: URLSearchParams): Promise<{ locale: Locale; session: SpaceSession; meeting: MemberMeeting } | null> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return null;
  const meeting = await meetingOfMember(strapi, meetingId, session.member.documentId);
  if (!meeting) {
    notFound(ctx, locale);
    return null;
  }
  return { locale, session, meeting };
}

export async function showSpaceMeeting(strapi: Core.Strapi, ctx: Ctx, meetingId: string, query: URLSearchParams): Promise<void> {
  const page = await meetingPage(strapi, ctx, meetingId, query);
  if (!page) return;
  const drafts = await draftsOfSource(strapi, 'meeting', page.meeting.row.documentId);
  send(ctx, 200, page.locale, renderSpaceMeeting(page.locale, sessionCsrf(page.session), meetingView(page.meeting, drafts)));
}

export async function showEditSpaceMeeting(strapi: Core.Strapi, ctx: Ctx, meetingId: string, query: URLSearchParams): Promise<void> {
  const page = await meetingPage(strapi, ctx, meetingId, query);
  if (!page) return;
  if (!page.meeting.table.canPlan) return notFound(ctx, page.locale);
  const view = meetingView(page.meeting);
  send(ctx, 200, page.locale, renderMeetingForm(page.locale, sessionCsrf(page.session), spaceMeetingActions.edit(view.documentId), view.table.name, meetingFormValues(view), {}, true));
}

/** A meeting form's POST: the session, the meeting (the member sits at its table), the fields. */
async function meetingForm(strapi: Core.Strapi, ctx: Ctx, meetingId: string, queryLocale: Locale) {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return null;
  const meeting = await meetingOfMember(strapi, meetingId, form.session.member.documentId);
  if (!meeting) {
    notFound(ctx, form.locale);
    return null;
  }
  return { ...form, meeting };
}

export async function editSpaceMeeting(strapi: Core.Strapi, ctx: Ctx, meetingId: string, queryLocale: Locale): Promise<void> {
  const form = await meetingForm(strapi, ctx, meetingId, queryLocale);
  if (!form) return;
  const { fields, locale, session, meeting } = form;
  if (!meeting.table.canPlan) return notFound(ctx, locale);
  const { values, result } = parseMeetingForm(fields);
  if (!result.ok) {
    reportOutcome(ctx, 'space-meeting', 'invalid');
    return send(ctx, 422, locale, renderMeetingForm(locale, sessionCsrf(session), spaceMeetingActions.edit(meeting.row.documentId), meeting.table.row.name, values, result.errors, true));
  }
  await updateMeeting(strapi, meeting, result.value);
  reportOutcome(ctx, 'space-meeting', 'accepted');
  seeOther(ctx, withLocale(spaceMeetingPath(meeting.row.documentId), locale));
}

export async function showSpaceMinutes(strapi: Core.Strapi, ctx: Ctx, meetingId: string, query: URLSearchParams): Promise<void> {
  const page = await meetingPage(strapi, ctx, meetingId, query);
  if (!page) return;
  const view = meetingView(page.meeting);
  send(ctx, 200, page.locale, renderMinutesForm(page.locale, sessionCsrf(page.session), view, { minutes: view.minutes, decisions: view.decisions }));
}

export async function saveSpaceMinutes(strapi: Core.Strapi, ctx: Ctx, meetingId: string, queryLocale: Locale): Promise<void> {
  const form = await meetingForm(strapi, ctx, meetingId, queryLocale);
  if (!form) return;
  const { fields, locale, session, meeting } = form;
  const { values, result } = parseMinutesForm(fields);
  if (!result.ok) {
    reportOutcome(ctx, 'space-minutes', 'invalid');
    return send(ctx, 422, locale, renderMinutesForm(locale, sessionCsrf(session), meetingView(meeting), values, result.errors));
  }
  await saveMinutes(strapi, meeting, result.value);
  reportOutcome(ctx, 'space-minutes', 'accepted');
  seeOther(ctx, withLocale(spaceMeetingPath(meeting.row.documentId), locale));
}

export async function saveSpaceAttendance(strapi: Core.Strapi, ctx: Ctx, meetingId: string, queryLocale: Locale): Promise<void> {
  const form = await meetingForm(strapi, ctx, meetingId, queryLocale);
  if (!form) return;
  const { fields, locale, meeting } = form;
  if (!meeting.table.canPlan) return notFound(ctx, locale);
  await saveAttendance(strapi, meeting, fields);
  reportOutcome(ctx, 'space-attendance', 'accepted');
  seeOther(ctx, withLocale(spaceMeetingPath(meeting.row.documentId), locale));
}

/**
 * "Send the agenda to members" / "Send the minutes": the table's coordination and the OCs at it
 * (a plain member gets 403, a stranger to the table the usual 404). Nothing is sent on an edit:
 * only this POST sends, once per version, at most every 10 minutes and a few versions a day (meeting-mailings.ts).
 */
async function sendToMembers(strapi: Core.Strapi, ctx: Ctx, meetingId: string, queryLocale: Locale, kind: MeetingMailingKind): Promise<void> {
  const form = await meetingForm(strapi, ctx, meetingId, queryLocale);
  if (!form) return;
  const { locale, meeting } = form;
  const back = { href: withLocale(spaceMeetingPath(meeting.row.documentId), locale), label: t(locale, 'spaceBackToMeeting') };
  if (!meeting.table.canPlan) return sendMessage(ctx, 403, locale, { title: 'spaceSendForbiddenTitle', body: 'spaceSendForbiddenBody', back });
  const outcome = await sendMeetingToMembers(strapi, meeting, kind, locale);
  const metric = 'space-mailing';
  if (outcome.kind === 'sent') {
    reportOutcome(ctx, metric, 'accepted');
    return seeOther(ctx, withLocale(spaceMeetingPath(meeting.row.documentId), locale));
  }
  if (outcome.kind === 'too-soon') {
    reportOutcome(ctx, metric, 'throttled');
    return sendMessage(ctx, 429, locale, { title: 'spaceSendTooSoonTitle', body: 'spaceSendTooSoonBody', values: { time: formatTime(new Date(outcome.retryAtMs), locale) }, back });
  }
  if (outcome.kind === 'day-spent') {
    reportOutcome(ctx, metric, 'throttled');
    return sendMessage(ctx, 429, locale, { title: 'spaceSendDaySpentTitle', body: 'spaceSendDaySpentBody', values: { count: outcome.count, time: formatDateTime(new Date(outcome.retryAtMs), locale) }, back });
  }
  reportOutcome(ctx, metric, 'invalid');
  if (outcome.kind === 'nothing-new') return sendMessage(ctx, 200, locale, { title: 'spaceSendNothingNewTitle', body: 'spaceSendNothingNewBody', back });
  sendMessage(ctx, 422, locale, { title: 'spaceSendEmptyTitle', body: kind === 'agenda' ? 'spaceSendEmptyAgendaBody' : 'spaceSendEmptyMinutesBody', back });
}

export const sendSpaceAgenda = (strapi: Core.Strapi, ctx: Ctx, meetingId: string, locale: Locale) => sendToMembers(strapi, ctx, meetingId, locale, 'agenda');
export const sendSpaceMinutes = (strapi: Core.Strapi, ctx: Ctx, meetingId: string, locale: Locale) => sendToMembers(strapi, ctx, meetingId, locale, 'minutes');

export async function spaceMeetingIcs(strapi: Core.Strapi, ctx: Ctx, meetingId: string, query: URLSearchParams): Promise<void> {
  const page = await meetingPage(strapi, ctx, meetingId, query);
  if (!page) return;
  const { row, table } = page.meeting;
  sendCalendar(ctx, `reunion-${row.documentId}.ics`, meetingIcs({ ...row, startsAt: String(row.startsAt), endsAt: String(row.endsAt), updatedAt: String(row.updatedAt) }, table.row.name, page.locale));
}

/** A calendar app's fetch: no cookie, the address's secret says who. Unknown or stopped: 404, like any unknown address. */
export async function spaceTableCalendar(strapi: Core.Strapi, ctx: Ctx, token: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const table = await tableOfCalendarToken(strapi, token);
  if (!table) return notFound(ctx, locale);
  sendCalendar(ctx, 'table.ics', await tableIcs(strapi, table, locale));
}

/** Invite a person to a table: the table's coordination and the OCs at it (a plain member 403, anyone else the usual 404). */
export async function showSpaceInvite(strapi: Core.Strapi, ctx: Ctx, tableId: string, query: URLSearchParams): Promise<void> {
  const locale = toLocale(query.get('locale'));
  const session = await pageSession(strapi, ctx, locale);
  if (!session) return;
  const table = await tableOfMember(strapi, tableId, session.member.documentId);
  if (!table) return notFound(ctx, locale);
  if (!table.canPlan) return inviteForbidden(ctx, locale, table);
  send(ctx, 200, locale, renderInviteForm(locale, sessionCsrf(session), table.row, { role: 'intervenant' }, {}, table.isOc));
}

function inviteForbidden(ctx: Ctx, locale: Locale, table: MemberTable): void {
  sendMessage(ctx, 403, locale, { title: 'spaceSendForbiddenTitle', body: 'spaceInviteForbiddenBody', back: { href: withLocale(spaceTablePath(table.row.documentId), locale), label: t(locale, 'spaceBackToTable') } });
}

/**
 * The invitation's POST. Whatever the contact (new, a member elsewhere, inactive, over its daily
 * limit), the answer is the same page: the inviter learns nothing about who is already a member.
 */
export async function inviteToSpaceTable(strapi: Core.Strapi, ctx: Ctx, tableId: string, queryLocale: Locale): Promise<void> {
  const form = await sessionForm(strapi, ctx, queryLocale);
  if (!form) return;
  const { fields, locale, session } = form;
  const table = await tableOfMember(strapi, tableId, session.member.documentId);
  if (!table) return notFound(ctx, locale);
  if (!table.canPlan) return inviteForbidden(ctx, locale, table);
  const { values, result } = parseInviteForm(fields, table.isOc);
  if (!result.ok) {
    reportOutcome(ctx, 'space-invitation', 'invalid');
    return send(ctx, 422, locale, renderInviteForm(locale, sessionCsrf(session), table.row, values, result.errors, table.isOc));
  }
  const back = { href: withLocale(spaceTablePath(table.row.documentId), locale), label: t(locale, 'spaceBackToTable') };
  const outcome = await inviteToTable(strapi, session.member, table, result.value, locale);
  if (outcome.kind === 'inviter-over-limit') {
    reportOutcome(ctx, 'space-invitation', 'throttled');
    return sendMessage(ctx, 429, locale, { title: 'spaceInviteLimitTitle', body: 'spaceInviteLimitBody', back });
  }
  reportOutcome(ctx, 'space-invitation', outcome.sent ? 'accepted' : 'throttled');
  sendMessage(ctx, 200, locale, { title: 'spaceInviteSentTitle', body: 'spaceInviteSentBody', back });
}
