import { z } from 'zod';
import { formatDateTime, formatRange } from '../dates.ts';
import { attrs, escapeHtml } from './html.ts';
import { textControlField } from './form-field.ts';
import { quebecLocalToIso } from './event-proposal.ts';
import { button, form, hidden, link, paragraphs, withLocale } from './space-html.ts';
import { publicDraftBlock, type PublicDraftMark } from './space-public-draft-link.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import type { SpacePage } from './practitioners.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Round tables and their meetings in the practitioners' space: the table's page, a meeting's page,
 * the meeting form (coordination and OCs), the minutes form (any member), the attendance
 * checkboxes (coordination). Pages only: who may see or do what is decided by the CMS.
 */
export const spaceTablePath = (tableId: string) => participationUrl(participationRoutes.showSpaceTable.path, tableId);
export const spaceMeetingPath = (meetingId: string) => participationUrl(participationRoutes.showSpaceMeeting.path, meetingId);
export const spaceMeetingActions = {
  leave: (tableId: string) => participationUrl(participationRoutes.leaveSpaceTable.path, tableId),
  calendarLink: (tableId: string) => participationUrl(participationRoutes.makeSpaceCalendarLink.path, tableId),
  create: (tableId: string) => participationUrl(participationRoutes.createSpaceMeeting.path, tableId),
  edit: (meetingId: string) => participationUrl(participationRoutes.editSpaceMeeting.path, meetingId),
  minutes: (meetingId: string) => participationUrl(participationRoutes.saveSpaceMinutes.path, meetingId),
  attendance: (meetingId: string) => participationUrl(participationRoutes.saveSpaceAttendance.path, meetingId),
  sendAgenda: (meetingId: string) => participationUrl(participationRoutes.sendSpaceAgenda.path, meetingId),
  sendMinutes: (meetingId: string) => participationUrl(participationRoutes.sendSpaceMinutes.path, meetingId),
  ics: (meetingId: string) => participationUrl(participationRoutes.spaceMeetingIcs.path, meetingId),
  tableCalendar: (token: string) => participationUrl(participationRoutes.spaceTableCalendar.path, token),
} as const;

/** The rules of meetings and calendars. */
export const meetingRules = {
  titleMax: 160,
  placeMax: 200,
  agendaMax: 5000,
  minutesMax: 20000,
  decisionsMax: 5000,
  /** A meeting lasts at most this long (a day of work, not a typo'd week). */
  maxHours: 12,
  /** How often calendar apps should fetch a table's calendar again. */
  calendarRefreshHours: 6,
  /** Past meetings on a table's page before "see them all": a table meets for years. */
  pastOnTablePage: 10,
  /** The agenda, or the minutes, of one meeting go to its members at most once in this many minutes. */
  sendEveryMinutes: 10,
} as const;

// eslint-disable-next-line no-control-regex -- refusing control characters in what members type is the point
export const spaceControlChars = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;

/** A typed text field's schema: trimmed, newlines normalised, control characters refused (shared by the space's forms). */
export const spaceText = (max: number, { required = false, multiline = false } = {}) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/\r\n?/g, '\n').trim())
    .superRefine((v, ctx) => {
      const issue = (message: MessageKey) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      if (v === '') return required ? issue('errFieldRequired') : undefined;
      // UTF-16 units, as Strapi's maxLength and the browser's maxlength count them (an emoji is two):
      // counted by code points, a text the form accepts could fail the CMS's validation (a 500).
      if (v.length > max) return issue('errSpaceTooLong');
      if (spaceControlChars.test(v.replace(/\n/g, ' ')) || (!multiline && v.includes('\n'))) issue('errFieldInvalid');
    });

export const meetingFields = ['title', 'date', 'start', 'end', 'place', 'callIn', 'agenda'] as const;
export type MeetingField = (typeof meetingFields)[number];
export type MeetingFormValues = Partial<Record<MeetingField, string>>;
export type MeetingErrors = Partial<Record<MeetingField, MessageKey>>;
export interface MeetingInput {
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  callIn: string;
  agenda: string;
}

export const spaceDateField = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .superRefine((v, ctx) => {
    if (v === '') return ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errSpaceDateRequired' });
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const real = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().startsWith(v);
    if (!real) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errDateInvalid' });
  });
export const spaceTimeField = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .superRefine((v, ctx) => {
    if (v === '') return ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errSpaceTimeRequired' });
    if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errTimeInvalid' });
  });

const meetingSchema = z
  .object({
    title: spaceText(meetingRules.titleMax, { required: true }),
    date: spaceDateField,
    start: spaceTimeField,
    end: spaceTimeField,
    place: spaceText(meetingRules.placeMax),
    callIn: spaceText(meetingRules.placeMax),
    agenda: spaceText(meetingRules.agendaMax, { multiline: true }),
  })
  .superRefine((v, ctx) => {
    if (v.place === '' && v.callIn === '') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['place'], message: 'errSpacePlaceRequired' });
  });

/** The meeting form, read: the values as typed (to show again) and either the meeting or the errors. */
export function parseMeetingForm(fields: Record<string, string | undefined>): { values: MeetingFormValues; result: { ok: true; value: MeetingInput } | { ok: false; errors: MeetingErrors } } {
  const values = Object.fromEntries(meetingFields.map((f) => [f, (fields[f] ?? '').slice(0, meetingRules.agendaMax + 100)])) as MeetingFormValues;
  const parsed = meetingSchema.safeParse(values);
  const errors: MeetingErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as MeetingField;
      errors[field] ??= issue.message as MessageKey;
    }
    return { values, result: { ok: false, errors } };
  }
  const v = parsed.data;
  const startsAt = quebecLocalToIso(v.date, v.start);
  const endsAt = quebecLocalToIso(v.date, v.end);
  const hours = (Date.parse(endsAt) - Date.parse(startsAt)) / 3_600_000;
  if (hours <= 0 || hours > meetingRules.maxHours) return { values, result: { ok: false, errors: { end: 'errSpaceEndBeforeStart' } } };
  return { values, result: { ok: true, value: { title: v.title, startsAt, endsAt, place: v.place, callIn: v.callIn, agenda: v.agenda } } };
}

export type MinutesField = 'minutes' | 'decisions';
export type MinutesFormValues = Partial<Record<MinutesField, string>>;
export type MinutesErrors = Partial<Record<MinutesField, MessageKey>>;
const minutesSchema = z.object({ minutes: spaceText(meetingRules.minutesMax, { multiline: true }), decisions: spaceText(meetingRules.decisionsMax, { multiline: true }) });

export function parseMinutesForm(fields: Record<string, string | undefined>): { values: MinutesFormValues; result: { ok: true; value: { minutes: string; decisions: string } } | { ok: false; errors: MinutesErrors } } {
  const values: MinutesFormValues = { minutes: (fields.minutes ?? '').slice(0, meetingRules.minutesMax + 100), decisions: (fields.decisions ?? '').slice(0, meetingRules.decisionsMax + 100) };
  const parsed = minutesSchema.safeParse(values);
  if (parsed.success) return { values, result: { ok: true, value: parsed.data } };
  const errors: MinutesErrors = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as MinutesField] ??= issue.message as MessageKey;
  return { values, result: { ok: false, errors } };
}

/** The Québec local date (`YYYY-MM-DD`) and time (`HH:MM`) of an instant, as the space's date and time fields show them. */
export function quebecDateAndTime(iso: string): { date: string; time: string } {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The Québec local date and time of an instant, as the form's fields show them. */
export function meetingFormValues(meeting: SpaceMeetingView): MeetingFormValues {
  const start = quebecDateAndTime(meeting.startsAt);
  return { title: meeting.title, date: start.date, start: start.time, end: quebecDateAndTime(meeting.endsAt).time, place: meeting.place, callIn: meeting.callIn, agenda: meeting.agenda };
}

export interface SpaceTableMember {
  documentId: string;
  name: string;
  organization: string | null;
  coordination: boolean;
  /** Only for a member who agreed to show them to their tables. */
  email: string | null;
  phone: string | null;
}

export interface SpaceMeetingSummary {
  documentId: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

export interface SpaceTableView {
  documentId: string;
  name: string;
  neighbourhoods: string[];
  members: SpaceTableMember[];
  upcoming: SpaceMeetingSummary[];
  /** The latest past meetings first; all of them only when asked (`?passees=toutes`). */
  past: SpaceMeetingSummary[];
  pastTotal: number;
  canPlan: boolean;
  hasCalendarLink: boolean;
}

export interface SpaceMeetingView extends SpaceMeetingSummary {
  table: { documentId: string; name: string };
  place: string;
  callIn: string;
  agenda: string;
  minutes: string;
  decisions: string;
  members: Array<{ documentId: string; name: string; present: boolean }>;
  canPlan: boolean;
  /** When the agenda, or the minutes, were last sent to the members, and to how many (counts only). */
  agendaSent: MeetingMailing | null;
  minutesSent: MeetingMailing | null;
  /** Drafts for the public site already made from this meeting's decisions. */
  publicDrafts: PublicDraftMark[];
}

export interface MeetingMailing {
  at: string;
  count: number;
}

export type MeetingMailingKind = 'agenda' | 'minutes';

const h = (level: number, key: MessageKey, locale: Locale) => `<h${level}>${escapeHtml(t(locale, key))}</h${level}>`;

function meetingList(locale: Locale, meetings: SpaceMeetingSummary[], empty: MessageKey): string {
  if (meetings.length === 0) return `<p>${escapeHtml(t(locale, empty))}</p>`;
  return `<ul>${meetings.map((m) => `<li>${link(withLocale(spaceMeetingPath(m.documentId), locale), m.title)}, ${escapeHtml(formatRange(m.startsAt, m.endsAt, locale))}</li>`).join('')}</ul>`;
}

/** A round table's page: who sits at it, its meetings, its calendar, and the way out. */
/** `threadBlock`: the table's discussion (space-threads.ts), rendered by the caller so this module stays free of it. */
export function renderSpaceTable(locale: Locale, csrf: string, table: SpaceTableView, calendarUrl?: string, threadBlock = '', hasErrors = false): SpacePage {
  const member = (m: SpaceTableMember) =>
    `<li>${escapeHtml(m.name)}${m.organization ? ` (${escapeHtml(m.organization)})` : ''}${m.coordination ? ` — ${escapeHtml(t(locale, 'spaceCoordination'))}` : ''}` +
    (m.email ? `<br>${link(`mailto:${m.email}`, m.email)}` : '') +
    (m.phone ? `<br>${link(`tel:${m.phone}`, m.phone)}` : '') +
    `</li>`;
  const calendar = calendarUrl
    ? `<p>${escapeHtml(t(locale, 'spaceCalendarNew'))}</p><p><code class="url">${escapeHtml(calendarUrl)}</code></p>`
    : `<p>${escapeHtml(t(locale, table.hasCalendarLink ? 'spaceCalendarHas' : 'spaceCalendarIntro'))}</p>`;
  return {
    title: table.name,
    hasErrors,
    body:
      `<p>${link(withLocale('/participer/espace/', locale), t(locale, 'spaceBackHome'))}</p>` +
      `<h1>${escapeHtml(table.name)}</h1>` +
      (table.neighbourhoods.length > 0 ? `<p>${escapeHtml(t(locale, 'spaceNeighbourhoods'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(table.neighbourhoods.join(', '))}</p>` : '') +
      h(2, 'spaceUpcomingMeetings', locale) +
      meetingList(locale, table.upcoming, 'spaceNoUpcomingMeetings') +
      (table.canPlan ? `<p>${link(withLocale(participationUrl(participationRoutes.showNewSpaceMeeting.path, table.documentId), locale), t(locale, 'spacePlanMeeting'))}</p>` : '') +
      h(2, 'spacePastMeetings', locale) +
      meetingList(locale, table.past, 'spaceNoPastMeetings') +
      (table.past.length < table.pastTotal
        ? `<p>${link(`${spaceTablePath(table.documentId)}?passees=toutes${locale === 'fr' ? '' : '&locale=en'}`, t(locale, 'spacePastMeetingsAll', { count: table.pastTotal }))}</p>`
        : '') +
      threadBlock +
      h(2, 'spaceMembers', locale) +
      `<ul>${table.members.map(member).join('')}</ul>` +
      (table.canPlan ? `<p>${link(withLocale(participationUrl(participationRoutes.showSpaceInvite.path, table.documentId), locale), t(locale, 'spaceInvitePerson'))}</p>` : '') +
      `<p class="hint">${escapeHtml(t(locale, 'spaceContactConsentHint'))}</p>` +
      h(2, 'spaceCalendarHeading', locale) +
      calendar +
      form(spaceMeetingActions.calendarLink(table.documentId), locale, csrf, hidden('action', 'new') + button(locale, table.hasCalendarLink || calendarUrl ? 'spaceCalendarReplace' : 'spaceCalendarCreate')) +
      (table.hasCalendarLink || calendarUrl ? form(spaceMeetingActions.calendarLink(table.documentId), locale, csrf, hidden('action', 'stop') + button(locale, 'spaceCalendarStop')) : '') +
      h(2, 'spaceLeaveHeading', locale) +
      `<p>${escapeHtml(t(locale, 'spaceLeaveHint'))}</p>` +
      form(spaceMeetingActions.leave(table.documentId), locale, csrf, button(locale, 'spaceLeave')),
  };
}

/** "Agenda sent on … to N members" (everyone sees it), and the button for the coordination and OCs. */
function mailingBlock(locale: Locale, csrf: string, meeting: SpaceMeetingView, kind: MeetingMailingKind, sendable: boolean): string {
  const sent = kind === 'agenda' ? meeting.agendaSent : meeting.minutesSent;
  const status = sent
    ? `<p class="hint">${escapeHtml(
        t(locale, kind === 'agenda' ? (sent.count === 1 ? 'spaceAgendaSentOne' : 'spaceAgendaSent') : sent.count === 1 ? 'spaceMinutesSentOne' : 'spaceMinutesSent', { when: formatDateTime(sent.at, locale), count: sent.count }),
      )}</p>`
    : '';
  const action = kind === 'agenda' ? spaceMeetingActions.sendAgenda(meeting.documentId) : spaceMeetingActions.sendMinutes(meeting.documentId);
  const send = meeting.canPlan && sendable ? form(action, locale, csrf, `<p class="hint">${escapeHtml(t(locale, 'spaceSendHint'))}</p>` + button(locale, kind === 'agenda' ? 'spaceSendAgenda' : 'spaceSendMinutes')) : '';
  return status + send;
}

/** A meeting's page: when, where, the agenda, the minutes and decisions, who was there. */
export function renderSpaceMeeting(locale: Locale, csrf: string, meeting: SpaceMeetingView): SpacePage {
  const attendance = meeting.canPlan
    ? form(
        spaceMeetingActions.attendance(meeting.documentId),
        locale,
        csrf,
        `<fieldset><legend>${escapeHtml(t(locale, 'spaceAttendanceLegend'))}</legend>` +
          meeting.members
            .map((m) => `<div class="check"><input${attrs({ type: 'checkbox', id: `present-${m.documentId}`, name: `present-${m.documentId}`, value: '1', checked: m.present })}> <label for="present-${escapeHtml(m.documentId)}">${escapeHtml(m.name)}</label></div>`)
            .join('') +
          `</fieldset>` +
          button(locale, 'spaceAttendanceSave'),
      )
    : (() => {
        const present = meeting.members.filter((m) => m.present);
        return present.length ? `<ul>${present.map((m) => `<li>${escapeHtml(m.name)}</li>`).join('')}</ul>` : `<p>${escapeHtml(t(locale, 'spaceNoAttendance'))}</p>`;
      })();
  return {
    title: meeting.title,
    body:
      `<p>${link(withLocale(spaceTablePath(meeting.table.documentId), locale), meeting.table.name)}</p>` +
      `<h1>${escapeHtml(meeting.title)}</h1>` +
      `<p>${escapeHtml(formatRange(meeting.startsAt, meeting.endsAt, locale))}</p>` +
      (meeting.place ? `<p>${escapeHtml(t(locale, 'spacePlace'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(meeting.place)}</p>` : '') +
      (meeting.callIn ? `<p>${escapeHtml(t(locale, 'spaceCallIn'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(meeting.callIn)}</p>` : '') +
      `<p>${link(withLocale(spaceMeetingActions.ics(meeting.documentId), locale), t(locale, 'spaceMeetingIcs'))}` +
      (meeting.canPlan ? ` · ${link(withLocale(participationUrl(participationRoutes.showEditSpaceMeeting.path, meeting.documentId), locale), t(locale, 'spaceEditMeeting'))}` : '') +
      `</p>` +
      h(2, 'spaceAgenda', locale) +
      (meeting.agenda ? paragraphs(meeting.agenda) : `<p>${escapeHtml(t(locale, 'spaceNoAgenda'))}</p>`) +
      mailingBlock(locale, csrf, meeting, 'agenda', Boolean(meeting.agenda) && Date.parse(meeting.endsAt) > Date.now()) +
      h(2, 'spaceMinutes', locale) +
      (meeting.minutes ? paragraphs(meeting.minutes) : `<p>${escapeHtml(t(locale, 'spaceNoMinutes'))}</p>`) +
      h(2, 'spaceDecisions', locale) +
      (meeting.decisions ? paragraphs(meeting.decisions) + publicDraftBlock(locale, 'meeting', meeting.documentId, meeting.publicDrafts) : `<p>${escapeHtml(t(locale, 'spaceNoDecisions'))}</p>`) +
      `<p>${link(withLocale(participationUrl(participationRoutes.showSpaceMinutes.path, meeting.documentId), locale), t(locale, meeting.minutes || meeting.decisions ? 'spaceEditMinutes' : 'spaceAddMinutes'))}</p>` +
      mailingBlock(locale, csrf, meeting, 'minutes', Boolean(meeting.minutes || meeting.decisions)) +
      h(2, 'spaceAttendance', locale) +
      attendance,
  };
}

/** One field of the meeting forms, through the write-path forms' shared `formField` (ids `reunion-<name>`). */
function textField(locale: Locale, name: string, label: MessageKey, hint: MessageKey | null, value: string, error: MessageKey | undefined, extra: Record<string, string | number>, area = false): string {
  return textControlField(locale, `reunion-${name}`, name, label, hint, value, error, extra, area);
}

const summary = (locale: Locale, errors: Partial<Record<string, MessageKey>>) =>
  renderErrorSummary(
    locale,
    Object.entries(errors).flatMap(([field, key]) => (key ? [{ href: `#reunion-${field}`, key }] : [])),
  );

/** Plan a meeting, or change one: the same form. */
export function renderMeetingForm(locale: Locale, csrf: string, action: string, tableName: string, values: MeetingFormValues, errors: MeetingErrors = {}, editing = false): SpacePage {
  const title = t(locale, editing ? 'spaceEditMeetingTitle' : 'spaceNewMeetingTitle');
  const v = (f: MeetingField) => values[f] ?? '';
  return {
    title,
    hasErrors: Object.keys(errors).length > 0,
    body:
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(tableName)}</p>` +
      summary(locale, errors) +
      form(
        action,
        locale,
        csrf,
        textField(locale, 'title', 'spaceMeetingTitleLabel', 'spaceMeetingTitleHint', v('title'), errors.title, { type: 'text', maxlength: meetingRules.titleMax }) +
          textField(locale, 'date', 'spaceMeetingDateLabel', 'spaceMeetingDateHint', v('date'), errors.date, { type: 'date' }) +
          textField(locale, 'start', 'spaceMeetingStartLabel', 'spaceMeetingTimeHint', v('start'), errors.start, { type: 'time' }) +
          textField(locale, 'end', 'spaceMeetingEndLabel', 'spaceMeetingTimeHint', v('end'), errors.end, { type: 'time' }) +
          textField(locale, 'place', 'spaceMeetingPlaceLabel', 'spaceMeetingPlaceHint', v('place'), errors.place, { type: 'text', maxlength: meetingRules.placeMax }) +
          textField(locale, 'callIn', 'spaceMeetingCallInLabel', 'spaceMeetingCallInHint', v('callIn'), errors.callIn, { type: 'text', maxlength: meetingRules.placeMax }) +
          textField(locale, 'agenda', 'spaceMeetingAgendaLabel', 'spaceMeetingAgendaHint', v('agenda'), errors.agenda, { maxlength: meetingRules.agendaMax }, true) +
          button(locale, editing ? 'spaceSaveMeeting' : 'spaceCreateMeeting'),
        ' novalidate',
      ),
  };
}

/** The minutes and decisions of a meeting: any member of its table may write them. */
export function renderMinutesForm(locale: Locale, csrf: string, meeting: SpaceMeetingView, values: MinutesFormValues, errors: MinutesErrors = {}): SpacePage {
  const title = t(locale, 'spaceMinutesTitle');
  return {
    title,
    hasErrors: Object.keys(errors).length > 0,
    body:
      `<p>${link(withLocale(spaceMeetingPath(meeting.documentId), locale), meeting.title)}</p>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(formatRange(meeting.startsAt, meeting.endsAt, locale))}</p>` +
      summary(locale, errors) +
      (meeting.agenda ? `<details><summary>${escapeHtml(t(locale, 'spaceAgenda'))}</summary>${paragraphs(meeting.agenda)}</details>` : '') +
      form(
        spaceMeetingActions.minutes(meeting.documentId),
        locale,
        csrf,
        textField(locale, 'minutes', 'spaceMinutesLabel', 'spaceMinutesHint', values.minutes ?? '', errors.minutes, { maxlength: meetingRules.minutesMax }, true) +
          textField(locale, 'decisions', 'spaceDecisionsLabel', 'spaceDecisionsHint', values.decisions ?? '', errors.decisions, { maxlength: meetingRules.decisionsMax }, true) +
          button(locale, 'spaceSaveMinutes'),
        ' novalidate',
      ),
  };
}
