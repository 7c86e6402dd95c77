import { z } from 'zod';
import { formatRange } from '../dates.ts';
import { attrs, escapeHtml } from './html.ts';
import { textControlField } from './form-field.ts';
import { quebecLocalToIso } from './event-proposal.ts';
import { button, form, link, paragraphs, withLocale } from './space-html.ts';
import { meetingRules, quebecDateAndTime, spaceDateField, spaceText, spaceTimeField } from './space-meetings.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import type { SpacePage } from './practitioners.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Peer training sessions for members of the practitioners' space only. They are not events: no
 * public reader (site build, feeds, APIs, SMS, phone) ever meets one. An OC announces a session for
 * every member or for one of their round tables; members register for one seat each, with a
 * waiting list when it is full. The OCs who may announce a session may also change or cancel it:
 * a cancelled session stays, marked « Séance annulée ». Pages only: who may see or do what is
 * decided by the CMS.
 */
export const spacePeerSessionPath = (sessionId: string) => participationUrl(participationRoutes.showSpacePeerSession.path, sessionId);
export const spacePeerSessionActions = {
  newPage: participationUrl(participationRoutes.showNewSpacePeerSession.path),
  create: participationUrl(participationRoutes.createSpacePeerSession.path),
  register: (sessionId: string) => participationUrl(participationRoutes.registerForSpacePeerSession.path, sessionId),
  cancel: (sessionId: string) => participationUrl(participationRoutes.cancelSpacePeerSessionSeat.path, sessionId),
  ics: (sessionId: string) => participationUrl(participationRoutes.spacePeerSessionIcs.path, sessionId),
  edit: (sessionId: string) => participationUrl(participationRoutes.editSpacePeerSession.path, sessionId),
  cancelSession: (sessionId: string) => participationUrl(participationRoutes.cancelSpacePeerSession.path, sessionId),
} as const;

export const peerSessionRules = {
  titleMax: meetingRules.titleMax,
  placeMax: meetingRules.placeMax,
  descriptionMax: 5000,
  /** A room of peers, not a conference: more than this is a typo. */
  capacityMax: 500,
  maxHours: meetingRules.maxHours,
} as const;

export const peerSessionFields = ['title', 'description', 'date', 'start', 'end', 'place', 'callIn', 'capacity', 'audience'] as const;
export type PeerSessionField = (typeof peerSessionFields)[number];
export type PeerSessionFormValues = Partial<Record<PeerSessionField, string>>;
export type PeerSessionErrors = Partial<Record<PeerSessionField, MessageKey>>;
export interface PeerSessionInput {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string;
  callIn: string;
  capacity: number | null;
  /** A round table's documentId, or null for every member. */
  roundTable: string | null;
}

const capacityField = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .superRefine((v, ctx) => {
    if (v === '') return;
    const n = /^\d{1,4}$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= peerSessionRules.capacityMax)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errSpacePeerSessionCapacity' });
  });

const peerSessionSchema = z
  .object({
    title: spaceText(peerSessionRules.titleMax, { required: true }),
    description: spaceText(peerSessionRules.descriptionMax, { multiline: true }),
    date: spaceDateField,
    start: spaceTimeField,
    end: spaceTimeField,
    place: spaceText(peerSessionRules.placeMax),
    callIn: spaceText(peerSessionRules.placeMax),
    capacity: capacityField,
    audience: z.string().optional().transform((v) => (v ?? '').trim()),
  })
  .superRefine((v, ctx) => {
    if (v.place === '' && v.callIn === '') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['place'], message: 'errSpacePlaceRequired' });
  });

/**
 * The announcement form, read: the values as typed (to show again) and either the session or the
 * errors. `tableIds` are the tables the OC may choose; anything else posted as the audience is
 * refused. `null` reads the change form, which has no audience: who a session is for never changes
 * once members have seen it (`roundTable` comes back null and is not to be written).
 */
export function parsePeerSessionForm(
  fields: Record<string, string | undefined>,
  tableIds: readonly string[] | null,
  now = Date.now(),
): { values: PeerSessionFormValues; result: { ok: true; value: PeerSessionInput } | { ok: false; errors: PeerSessionErrors } } {
  const values = Object.fromEntries(peerSessionFields.map((f) => [f, (fields[f] ?? '').slice(0, peerSessionRules.descriptionMax + 100)])) as PeerSessionFormValues;
  const parsed = peerSessionSchema.safeParse(values);
  const errors: PeerSessionErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path[0] as PeerSessionField] ??= issue.message as MessageKey;
  }
  const audience = parsed.success ? parsed.data.audience : (values.audience ?? '').trim();
  if (tableIds !== null && audience !== '' && audience !== 'all' && !tableIds.includes(audience)) errors.audience ??= 'errFieldInvalid';
  if (!parsed.success || Object.keys(errors).length > 0) return { values, result: { ok: false, errors } };
  const v = parsed.data;
  const startsAt = quebecLocalToIso(v.date, v.start);
  const endsAt = quebecLocalToIso(v.date, v.end);
  const hours = (Date.parse(endsAt) - Date.parse(startsAt)) / 3_600_000;
  if (hours <= 0 || hours > peerSessionRules.maxHours) return { values, result: { ok: false, errors: { end: 'errSpaceEndBeforeStart' } } };
  if (Date.parse(startsAt) <= now) return { values, result: { ok: false, errors: { date: 'errSpacePeerSessionPast' } } };
  return {
    values,
    result: {
      ok: true,
      value: { title: v.title, description: v.description, startsAt, endsAt, place: v.place, callIn: v.callIn, capacity: v.capacity === '' ? null : Number(v.capacity), roundTable: tableIds === null || audience === '' || audience === 'all' ? null : audience },
    },
  };
}

export type PeerSeat = 'confirmed' | 'waitlisted' | null;

export interface PeerSessionSummary {
  documentId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** The table it is for, or null when every member may come. */
  tableName: string | null;
  capacity: number | null;
  confirmed: number;
  mine: PeerSeat;
  /** Cancelled by an OC: still shown, marked so, and closed to registration. */
  cancelled: boolean;
}

export interface PeerSessionView extends PeerSessionSummary {
  description: string;
  place: string;
  callIn: string;
  waiting: number;
  /** The organizer (and other OCs) see who registered: names only, never contact details. */
  registrants: Array<{ name: string; seat: 'confirmed' | 'waitlisted' }> | null;
  /** Whether this member may change or cancel it (an OC who may announce it). */
  canManage: boolean;
}

/** A session's fields as the change form shows them (Québec local date and times). */
export function peerSessionFormValues(s: PeerSessionView): PeerSessionFormValues {
  const start = quebecDateAndTime(s.startsAt);
  return { title: s.title, description: s.description, date: start.date, start: start.time, end: quebecDateAndTime(s.endsAt).time, place: s.place, callIn: s.callIn, capacity: s.capacity === null ? '' : String(s.capacity) };
}

const seatText = (locale: Locale, s: PeerSessionSummary) =>
  s.capacity === null ? t(locale, 'spacePeerSessionSeatsOpen', { count: s.confirmed }) : t(locale, 'spacePeerSessionSeats', { count: s.confirmed, capacity: s.capacity });

/** "Séances entre pairs" on the space's training page: the sessions this member may see, soonest first. */
export function renderPeerSessionsBlock(locale: Locale, sessions: PeerSessionSummary[], canAnnounce: boolean): string {
  const item = (s: PeerSessionSummary) =>
    `<li>${link(withLocale(spacePeerSessionPath(s.documentId), locale), s.title)}, ${escapeHtml(formatRange(s.startsAt, s.endsAt, locale))}` +
    (s.cancelled ? ` — <strong>${escapeHtml(t(locale, 'spacePeerSessionCancelled'))}</strong>` : '') +
    (s.tableName ? ` — ${escapeHtml(t(locale, 'spacePeerSessionForTable', { table: s.tableName }))}` : '') +
    (s.cancelled ? '' : `<br><span class="hint">${escapeHtml(seatText(locale, s))}${s.mine ? ` · ${escapeHtml(t(locale, s.mine === 'confirmed' ? 'spacePeerSessionMineConfirmed' : 'spacePeerSessionMineWaiting'))}` : ''}</span>`) +
    `</li>`;
  return (
    `<h2>${escapeHtml(t(locale, 'spacePeerSessionsHeading'))}</h2><p>${escapeHtml(t(locale, 'spacePeerSessionsIntro'))}</p>` +
    (sessions.length ? `<ul>${sessions.map(item).join('')}</ul>` : `<p>${escapeHtml(t(locale, 'spacePeerSessionsNone'))}</p>`) +
    (canAnnounce ? `<p>${link(withLocale(spacePeerSessionActions.newPage, locale), t(locale, 'spacePeerSessionAnnounce'))}</p>` : '')
  );
}

/** A session's page: when, where, what, the seats, and the member's one button (register, or cancel). */
export function renderPeerSession(locale: Locale, csrf: string, s: PeerSessionView, now = Date.now()): SpacePage {
  const started = Date.parse(s.startsAt) <= now;
  const full = s.capacity !== null && s.confirmed >= s.capacity;
  const action = s.cancelled
    ? `<p role="status"><strong>${escapeHtml(t(locale, 'spacePeerSessionCancelledNote'))}</strong></p>`
    : started
    ? `<p>${escapeHtml(t(locale, 'spacePeerSessionStarted'))}</p>`
    : s.mine
      ? `<p role="status"><strong>${escapeHtml(t(locale, s.mine === 'confirmed' ? 'spacePeerSessionMineConfirmed' : 'spacePeerSessionMineWaiting'))}</strong></p>` +
        form(spacePeerSessionActions.cancel(s.documentId), locale, csrf, button(locale, s.mine === 'confirmed' ? 'spacePeerSessionCancel' : 'spacePeerSessionLeaveWaiting'))
      : (full ? `<p>${escapeHtml(t(locale, 'spacePeerSessionFull'))}</p>` : '') +
        form(spacePeerSessionActions.register(s.documentId), locale, csrf, button(locale, full ? 'spacePeerSessionJoinWaiting' : 'spacePeerSessionRegister'));
  const registrants =
    s.registrants === null
      ? ''
      : `<h2>${escapeHtml(t(locale, 'spacePeerSessionRegistrants'))}</h2>` +
        (s.registrants.length
          ? `<ul>${s.registrants.map((r) => `<li>${escapeHtml(r.name)}${r.seat === 'waitlisted' ? ` — ${escapeHtml(t(locale, 'spacePeerSessionWaitingMark'))}` : ''}</li>`).join('')}</ul>`
          : `<p>${escapeHtml(t(locale, 'spacePeerSessionNoRegistrants'))}</p>`);
  return {
    title: s.title,
    body:
      `<p>${link(withLocale(participationUrl(participationRoutes.showSpaceTraining.path), locale), t(locale, 'spaceTrainingTitle'))}</p>` +
      `<h1>${escapeHtml(s.title)}</h1>` +
      (s.cancelled ? `<p><strong>${escapeHtml(t(locale, 'spacePeerSessionCancelled'))}</strong></p>` : '') +
      `<p>${escapeHtml(t(locale, 'spacePeerSessionPrivate'))}</p>` +
      `<p>${escapeHtml(formatRange(s.startsAt, s.endsAt, locale))}</p>` +
      (s.tableName ? `<p>${escapeHtml(t(locale, 'spacePeerSessionForTable', { table: s.tableName }))}</p>` : '') +
      (s.place ? `<p>${escapeHtml(t(locale, 'spacePlace'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(s.place)}</p>` : '') +
      (s.callIn ? `<p>${escapeHtml(t(locale, 'spaceCallIn'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(s.callIn)}</p>` : '') +
      (s.description ? paragraphs(s.description) : '') +
      `<p>${escapeHtml(seatText(locale, s))}${s.waiting ? ` · ${escapeHtml(t(locale, 'spacePeerSessionWaitingCount', { count: s.waiting }))}` : ''}</p>` +
      `<p>${link(withLocale(spacePeerSessionActions.ics(s.documentId), locale), t(locale, 'spaceMeetingIcs'))}</p>` +
      action +
      (s.canManage && !s.cancelled && !started
        ? `<p>${link(withLocale(spacePeerSessionActions.edit(s.documentId), locale), t(locale, 'spacePeerSessionEditLink'))} · ${link(withLocale(spacePeerSessionActions.cancelSession(s.documentId), locale), t(locale, 'spacePeerSessionCancelLink'))}</p>`
        : '') +
      registrants,
  };
}

/** The confirm step before cancelling a session (no script): what happens, and one button. */
export function renderCancelPeerSession(locale: Locale, csrf: string, s: PeerSessionView): SpacePage {
  const title = t(locale, 'spacePeerSessionCancelTitle');
  return {
    title,
    body:
      `<p>${link(withLocale(spacePeerSessionPath(s.documentId), locale), s.title)}</p>` +
      `<h1>${escapeHtml(title)}</h1>` +
      `<p>${escapeHtml(s.title)}, ${escapeHtml(formatRange(s.startsAt, s.endsAt, locale))}</p>` +
      `<p>${escapeHtml(t(locale, 'spacePeerSessionCancelIntro', { count: s.confirmed + s.waiting }))}</p>` +
      form(spacePeerSessionActions.cancelSession(s.documentId), locale, csrf, button(locale, 'spacePeerSessionCancelConfirm')) +
      `<p>${link(withLocale(spacePeerSessionPath(s.documentId), locale), t(locale, 'spacePeerSessionCancelBack'))}</p>`,
  };
}

function field(locale: Locale, name: PeerSessionField, label: MessageKey, hint: MessageKey | null, value: string, error: MessageKey | undefined, extra: Record<string, string | number>, area = false): string {
  return textControlField(locale, `seance-${name}`, name, label, hint, value, error, extra, area);
}

/** Who may come: every member, or the members of one of the OC's tables (radio buttons, no script). */
function audienceField(locale: Locale, tables: Array<{ documentId: string; name: string }>, value: string, error: MessageKey | undefined): string {
  const chosen = value === '' ? 'all' : value;
  const option = (id: string, val: string, label: string) =>
    `<div class="check"><input${attrs({ type: 'radio', id, name: 'audience', value: val, checked: chosen === val })}> <label for="${id}">${escapeHtml(label)}</label></div>`;
  return (
    `<fieldset id="seance-audience"${attrs({ class: error ? 'field-error' : undefined, 'aria-describedby': error ? 'seance-audience-erreur' : undefined })}><legend>${escapeHtml(t(locale, 'spacePeerSessionAudienceLegend'))}</legend>` +
    (error ? `<p class="error-message" id="seance-audience-erreur"><span class="vh">${locale === 'fr' ? 'Erreur :' : 'Error:'} </span>${escapeHtml(t(locale, error))}</p>` : '') +
    option('seance-audience-all', 'all', t(locale, 'spacePeerSessionAudienceAll')) +
    tables.map((table, i) => option(`seance-audience-${i + 1}`, table.documentId, t(locale, 'spacePeerSessionForTable', { table: table.name }))).join('') +
    `</fieldset>`
  );
}

/**
 * The OC's announcement form, or with `editing` the same form to change a session: pre-filled, no
 * audience (who it is for does not change), its own address and button.
 */
export function renderPeerSessionForm(
  locale: Locale,
  csrf: string,
  tables: Array<{ documentId: string; name: string }>,
  values: PeerSessionFormValues,
  errors: PeerSessionErrors = {},
  editing?: { sessionId: string; title: string; tableName: string | null },
): SpacePage {
  const title = t(locale, editing ? 'spacePeerSessionEditTitle' : 'spacePeerSessionNewTitle');
  const v = (f: PeerSessionField) => values[f] ?? '';
  const summary = renderErrorSummary(
    locale,
    Object.entries(errors).flatMap(([f, key]) => (key ? [{ href: f === 'audience' ? '#seance-audience-all' : `#seance-${f}`, key }] : [])),
  );
  return {
    title,
    hasErrors: Object.keys(errors).length > 0,
    body:
      (editing
        ? `<p>${link(withLocale(spacePeerSessionPath(editing.sessionId), locale), editing.title)}</p>` +
          `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'spacePeerSessionEditIntro'))}</p>` +
          `<p>${escapeHtml(editing.tableName ? t(locale, 'spacePeerSessionForTable', { table: editing.tableName }) : t(locale, 'spacePeerSessionAudienceAll'))}</p>`
        : `<p>${link(withLocale(participationUrl(participationRoutes.showSpaceTraining.path), locale), t(locale, 'spaceTrainingTitle'))}</p>` +
          `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'spacePeerSessionNewIntro'))}</p>`) +
      summary +
      form(
        editing ? spacePeerSessionActions.edit(editing.sessionId) : spacePeerSessionActions.create,
        locale,
        csrf,
        field(locale, 'title', 'spaceMeetingTitleLabel', null, v('title'), errors.title, { type: 'text', maxlength: peerSessionRules.titleMax }) +
          field(locale, 'description', 'spacePeerSessionDescriptionLabel', 'spacePeerSessionDescriptionHint', v('description'), errors.description, { maxlength: peerSessionRules.descriptionMax }, true) +
          field(locale, 'date', 'spaceMeetingDateLabel', 'spaceMeetingDateHint', v('date'), errors.date, { type: 'date' }) +
          field(locale, 'start', 'spaceMeetingStartLabel', 'spaceMeetingTimeHint', v('start'), errors.start, { type: 'time' }) +
          field(locale, 'end', 'spaceMeetingEndLabel', 'spaceMeetingTimeHint', v('end'), errors.end, { type: 'time' }) +
          field(locale, 'place', 'spaceMeetingPlaceLabel', 'spaceMeetingPlaceHint', v('place'), errors.place, { type: 'text', maxlength: peerSessionRules.placeMax }) +
          field(locale, 'callIn', 'spaceMeetingCallInLabel', 'spaceMeetingCallInHint', v('callIn'), errors.callIn, { type: 'text', maxlength: peerSessionRules.placeMax }) +
          field(locale, 'capacity', 'spacePeerSessionCapacityLabel', 'spacePeerSessionCapacityHint', v('capacity'), errors.capacity, { type: 'text', inputmode: 'numeric', maxlength: 4 }) +
          (editing ? '' : audienceField(locale, tables, v('audience'), errors.audience)) +
          button(locale, editing ? 'spacePeerSessionSave' : 'spacePeerSessionCreate'),
        ' novalidate',
      ),
  };
}

/** The message to a member who came off the waiting list: no one else's name, the session's link. */
export function peerSeatMessage(locale: Locale, input: { name: string; title: string; startsAt: string; endsAt: string; link: string }): { subject: string; text: string; sms: string } {
  const when = formatRange(input.startsAt, input.endsAt, locale);
  return {
    subject: t(locale, 'spacePeerSeatSubject', { title: input.title }),
    text: t(locale, 'spacePeerSeatEmail', { name: input.name, title: input.title, when, link: input.link }),
    sms: t(locale, 'spacePeerSeatSms', { title: input.title, when, link: input.link }),
  };
}

/**
 * The messages to someone registered or waiting when a session's date or place changes, or when it
 * is cancelled: their own name, the session's title, date and link; never anyone else's name or
 * contact, nor the place or call-in (which may hold a phone number): the page has them.
 */
function peerNotice(locale: Locale, keys: { subject: MessageKey; email: MessageKey; sms: MessageKey }, input: { name: string; title: string; startsAt: string; endsAt: string; link: string }): { subject: string; text: string; sms: string } {
  const when = formatRange(input.startsAt, input.endsAt, locale);
  return {
    subject: t(locale, keys.subject, { title: input.title }),
    text: t(locale, keys.email, { name: input.name, title: input.title, when, link: input.link }),
    sms: t(locale, keys.sms, { title: input.title, when, link: input.link }),
  };
}

export const peerChangedMessage = (locale: Locale, input: { name: string; title: string; startsAt: string; endsAt: string; link: string }) =>
  peerNotice(locale, { subject: 'spacePeerChangedSubject', email: 'spacePeerChangedEmail', sms: 'spacePeerChangedSms' }, input);

export const peerCancelledMessage = (locale: Locale, input: { name: string; title: string; startsAt: string; endsAt: string; link: string }) =>
  peerNotice(locale, { subject: 'spacePeerCancelledSubject', email: 'spacePeerCancelledEmail', sms: 'spacePeerCancelledSms' }, input);
