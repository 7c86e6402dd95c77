import type { Core } from '@strapi/strapi';
import { buildIcs } from '@passerelle/shared/ics';
import { peerCancelledMessage, peerChangedMessage, peerSeatMessage, spacePeerSessionPath, type PeerSeat, type PeerSessionInput, type PeerSessionSummary, type PeerSessionView } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import type { DocumentMiddleware } from '../../document-middlewares/types';
import { participationConfig } from '../config';
import { queueItemNotices } from '../messages/fold';
import { queueMany, supersedePending, type BatchMessage } from '../messages/send';
import { tablesOfMember } from './hands';
import { messageTo } from './hands-notices';
import { withLimitLock } from './limit-lock';
import { isDocumentId } from './meetings';
import { practitionerUid, roundTableUid } from './sessions';

/**
 * Peer training sessions for members only (docs/decisions/0052-peer-sessions-are-a-private-type-of-the-space.md).
 * They are their own private type, not events, so no public reader of events can ever meet one.
 *
 * Who sees a session: every active member when it has no round table; else the members of that
 * table, and the OC who announced it. Every read starts from "this session, seen by this member":
 * one they may not see is the same "not found" as one that does not exist. OCs announce sessions
 * and see the names of who registered (never contact details).
 *
 * Seats: one per member. Registering and cancelling run under one lock per session (withLimitLock,
 * an advisory lock on PostgreSQL; SQLite runs transactions one after another), so the count of
 * confirmed seats read before writing is the true one and a burst cannot exceed the capacity. A
 * seat freed by a cancellation or an erasure goes to the oldest on the waiting list, who is told
 * by their channel through the outbox, in the same transaction.
 *
 * Changing and cancelling: the OCs who may announce a session for its audience, and the OC who
 * announced it, may change it or cancel it, under the same lock. A new date or place tells everyone
 * registered or waiting, folded under bursts of changes (messages/fold.ts); raising the capacity
 * seats the waiting, oldest first; lowering it below the seats taken is refused (nobody is ever
 * dropped). A cancelled session stays, marked so, closed to registration, and everyone on it is
 * told once. A session deleted in the admin before it ended tells them too
 * (tellRegistrantsOfDeletedSession).
 */
export const peerSessionUid = 'api::practitioners.training-session';
export const peerRegistrationUid = 'api::practitioners.training-session-registration';

export interface PeerSessionRow {
  id: number;
  documentId: string;
  title: string;
  description: string | null;
  startsAt: string;
  endsAt: string;
  place: string | null;
  callIn: string | null;
  capacity: number | null;
  updatedAt: string;
  sequence?: number | null;
  cancelledAt?: string | null;
  roundTable?: { documentId: string; name: string } | null;
  organizer?: { documentId: string } | null;
}

interface RegistrationRow {
  id: number;
  seat: 'confirmed' | 'waitlisted';
  createdAtMs: string | number;
  session?: { id: number } | null;
  member?: { id: number; documentId: string; name: string; email: string | null; phone: string | null; noticeChannel: 'email' | 'sms' | null; noticeLanguage?: string | null } | null;
}

const sessionSelect = ['id', 'documentId', 'title', 'description', 'startsAt', 'endsAt', 'place', 'callIn', 'capacity', 'updatedAt', 'sequence', 'cancelledAt'];
const sessionPopulate = { roundTable: { select: ['documentId', 'name'] }, organizer: { select: ['documentId'] } };

/** Whether the member is an OC (the space role that announces sessions). */
export async function isOc(strapi: Core.Strapi, memberId: string): Promise<boolean> {
  const row = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: memberId, active: true }, select: ['spaceRole'] })) as { spaceRole: string } | null;
  return row?.spaceRole === 'oc';
}

function mayMemberSee(row: PeerSessionRow, memberId: string, tableIds: Set<string>): boolean {
  if (!row.roundTable) return true;
  return tableIds.has(row.roundTable.documentId) || row.organizer?.documentId === memberId;
}

/** The session as stored now: what a write reads again inside the session's lock. */
const freshSession = async (strapi: Core.Strapi, documentId: string) =>
  (await strapi.db.query(peerSessionUid).findOne({ where: { documentId }, select: sessionSelect, populate: sessionPopulate })) as PeerSessionRow | null;

/**
 * Whether this member may change or cancel the session: an OC who could announce it (for every
 * member, or for a table they sit at), or the OC who announced it.
 */
export async function mayManagePeerSession(strapi: Core.Strapi, row: PeerSessionRow, memberId: string): Promise<boolean> {
  if (!(await isOc(strapi, memberId))) return false;
  if (!row.roundTable || row.organizer?.documentId === memberId) return true;
  return (await tablesOfMember(strapi, memberId)).some((t) => t.documentId === row.roundTable!.documentId);
}

/** One session as this member may see it, or null (unknown, or for a table they do not sit at). */
export async function peerSessionOfMember(strapi: Core.Strapi, sessionId: string, memberId: string): Promise<PeerSessionRow | null> {
  if (!isDocumentId(sessionId)) return null;
  const row = (await strapi.db.query(peerSessionUid).findOne({ where: { documentId: sessionId }, select: sessionSelect, populate: sessionPopulate })) as PeerSessionRow | null;
  if (!row) return null;
  const tables = new Set((await tablesOfMember(strapi, memberId)).map((t) => t.documentId));
  return mayMemberSee(row, memberId, tables) ? row : null;
}

/** The registrations of these sessions, oldest first, each with its session's row id: one query for a whole list. */
async function registrationsOfSessions(strapi: Core.Strapi, sessionRowIds: number[]): Promise<RegistrationRow[]> {
  if (sessionRowIds.length === 0) return [];
  return (await strapi.db.query(peerRegistrationUid).findMany({
    where: { session: { id: { $in: sessionRowIds } } },
    select: ['id', 'seat', 'createdAtMs'],
    populate: { session: { select: ['id'] }, member: { select: ['id', 'documentId', 'name', 'email', 'phone', 'noticeChannel', 'noticeLanguage'] } },
    orderBy: [{ createdAtMs: 'asc' }, { id: 'asc' }],
  })) as RegistrationRow[];
}

const registrationsOf = (strapi: Core.Strapi, sessionRowId: number) => registrationsOfSessions(strapi, [sessionRowId]);

const confirmedSeats = async (strapi: Core.Strapi, sessionRowId: number) =>
  strapi.db.query(peerRegistrationUid).count({ where: { session: { id: sessionRowId }, seat: 'confirmed' } });

/** Upcoming sessions (not yet ended) this member may see, soonest first, with the seats and theirs. */
export async function upcomingPeerSessions(strapi: Core.Strapi, memberId: string, now = Date.now()): Promise<PeerSessionSummary[]> {
  const rows = (await strapi.db.query(peerSessionUid).findMany({ where: { endsAt: { $gt: new Date(now).toISOString() } }, select: sessionSelect, populate: sessionPopulate, orderBy: { startsAt: 'asc' }, limit: 200 })) as PeerSessionRow[];
  const tables = new Set((await tablesOfMember(strapi, memberId)).map((t) => t.documentId));
  const visible = rows.filter((r) => mayMemberSee(r, memberId, tables));
  const regs = await registrationsOfSessions(strapi, visible.map((r) => r.id));
  return visible.map((row) => summaryOf(row, regs.filter((r) => r.session?.id === row.id), memberId));
}

function summaryOf(row: PeerSessionRow, regs: RegistrationRow[], memberId: string): PeerSessionSummary {
  const mine = regs.find((r) => r.member?.documentId === memberId);
  return {
    documentId: row.documentId,
    title: row.title,
    startsAt: new Date(row.startsAt).toISOString(),
    endsAt: new Date(row.endsAt).toISOString(),
    tableName: row.roundTable?.name ?? null,
    capacity: row.capacity ?? null,
    confirmed: regs.filter((r) => r.seat === 'confirmed').length,
    mine: (mine?.seat ?? null) as PeerSeat,
    cancelled: Boolean(row.cancelledAt),
  };
}

/** The session's page: registrants' names only for OCs. */
export async function peerSessionView(strapi: Core.Strapi, row: PeerSessionRow, memberId: string, showRegistrants: boolean, canManage = false): Promise<PeerSessionView> {
  const regs = (await registrationsOf(strapi, row.id)).filter((r) => r.member);
  return {
    ...summaryOf(row, regs, memberId),
    description: row.description ?? '',
    place: row.place ?? '',
    callIn: row.callIn ?? '',
    waiting: regs.filter((r) => r.seat === 'waitlisted').length,
    registrants: showRegistrants ? regs.map((r) => ({ name: r.member!.name, seat: r.seat })) : null,
    canManage,
  };
}

export async function createPeerSession(strapi: Core.Strapi, organizerId: string, input: PeerSessionInput): Promise<string> {
  const organizer = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: organizerId }, select: ['id'] })) as { id: number } | null;
  const table = input.roundTable ? ((await strapi.db.query(roundTableUid).findOne({ where: { documentId: input.roundTable }, select: ['id'] })) as { id: number } | null) : null;
  const row = (await strapi.db.query(peerSessionUid).create({
    data: {
      title: input.title,
      description: input.description || null,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      place: input.place || null,
      callIn: input.callIn || null,
      capacity: input.capacity,
      roundTable: table?.id ?? null,
      organizer: organizer?.id ?? null,
      sequence: 0,
    },
    select: ['documentId'],
  })) as { documentId: string };
  return row.documentId;
}

export type RegisterOutcome = 'confirmed' | 'waitlisted' | 'already' | 'closed';

/** One seat for the member, or a place on the waiting list when the session is full. */
export async function registerForPeerSession(strapi: Core.Strapi, row: PeerSessionRow, memberId: string, now = Date.now()): Promise<RegisterOutcome> {
  if (Date.parse(String(row.startsAt)) <= now || row.cancelledAt) return 'closed';
  const member = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: memberId }, select: ['id'] })) as { id: number } | null;
  if (!member) return 'closed';
  return withLimitLock(strapi, [{ key: `peer-session:${row.documentId}` }], async () => {
    // Read again under the lock: a cancellation or a new capacity may have landed since the page was read.
    const fresh = await freshSession(strapi, row.documentId);
    if (!fresh || fresh.cancelledAt) return 'closed' as const;
    const existing = (await strapi.db.query(peerRegistrationUid).findOne({ where: { session: { id: row.id }, member: { id: member.id } }, select: ['id'] })) as { id: number } | null;
    if (existing) return 'already' as const;
    const confirmed = await confirmedSeats(strapi, row.id);
    const seat = fresh.capacity === null || fresh.capacity === undefined || confirmed < fresh.capacity ? 'confirmed' : 'waitlisted';
    await strapi.db.query(peerRegistrationUid).create({ data: { session: row.id, member: member.id, seat, createdAtMs: now }, select: ['id'] });
    return seat;
  });
}

/**
 * Takes the member off the session (seat or waiting list). A freed seat goes to the oldest on the
 * waiting list, told by their channel. Returns whether there was anything to cancel.
 */
export async function cancelPeerSeat(strapi: Core.Strapi, row: PeerSessionRow, memberId: string, locale: Locale): Promise<boolean> {
  return withLimitLock(strapi, [{ key: `peer-session:${row.documentId}` }], async () => {
    const mine = (await strapi.db.query(peerRegistrationUid).findOne({ where: { session: { id: row.id }, member: { documentId: memberId } }, select: ['id', 'seat'] })) as { id: number; seat: string } | null;
    if (!mine) return false;
    await strapi.db.query(peerRegistrationUid).delete({ where: { id: mine.id } });
    if (mine.seat === 'confirmed') await seatFromWaitingList(strapi, row, locale);
    return true;
  });
}

/** Inside the session's lock: fills the free seats from the waiting list, oldest first, and tells each one. */
async function seatFromWaitingList(strapi: Core.Strapi, stale: PeerSessionRow, locale: Locale, now = Date.now()): Promise<void> {
  const row = await freshSession(strapi, stale.documentId);
  if (!row || row.cancelledAt || Date.parse(String(row.startsAt)) <= now) return;
  const regs = await registrationsOf(strapi, row.id);
  const confirmed = regs.filter((r) => r.seat === 'confirmed').length;
  const free = row.capacity === null || row.capacity === undefined ? Infinity : row.capacity - confirmed;
  const promoted = regs.filter((r) => r.seat === 'waitlisted' && r.member).slice(0, Math.max(0, free === Infinity ? regs.length : free));
  const messages: BatchMessage[] = [];
  for (const reg of promoted) {
    await strapi.db.query(peerRegistrationUid).update({ where: { id: reg.id }, data: { seat: 'confirmed' }, select: ['id'] });
    const message = noticeTo(reg.member!, row, locale, peerSeatMessage, { kind: 'space-peer-seat', key: `${row.documentId}:${reg.member!.documentId}:${reg.id}` });
    if (message) messages.push(message);
  }
  if (messages.length) await queueMany(strapi, messages);
}

type NoticeWords = (locale: Locale, input: { name: string; title: string; startsAt: string; endsAt: string; link: string }) => { subject: string; text: string; sms: string };

/** One member's notice about this session, in their language, by their channel; null without one. */
function noticeTo(m: NonNullable<RegistrationRow['member']>, row: PeerSessionRow, locale: Locale, words: NoticeWords, origin: BatchMessage['origin']): BatchMessage | null {
  const language: Locale = m.noticeLanguage === 'en' ? 'en' : m.noticeLanguage === 'fr' ? 'fr' : locale;
  const link = `${participationConfig().siteUrl}${spacePeerSessionPath(row.documentId)}${language === 'en' ? '?locale=en' : ''}`;
  return messageTo(m, origin, words(language, { name: m.name, title: row.title, startsAt: new Date(row.startsAt).toISOString(), endsAt: new Date(row.endsAt).toISOString(), link }));
}

/** Everyone registered or waiting, each with their notice about the session (the outbox key holds its calendar sequence). */
async function noticesToRegistrants(strapi: Core.Strapi, row: PeerSessionRow, locale: Locale, kind: 'space-peer-changed' | 'space-peer-cancelled', words: NoticeWords) {
  return (await registrationsOf(strapi, row.id)).flatMap((reg) => {
    const member = reg.member;
    const message = member ? noticeTo(member, row, locale, words, { kind, key: `${row.documentId}:${member.documentId}:${row.sequence ?? 0}` }) : null;
    return member && message ? [{ person: member.documentId, message }] : [];
  });
}

/**
 * A cancellation tells everyone once (a session is cancelled once). It takes the place of a change
 * notice still waiting to leave (fold.ts): "moved" then "cancelled" minutes apart is one text too many.
 */
async function tellCancelled(strapi: Core.Strapi, row: PeerSessionRow, locale: Locale): Promise<void> {
  for (const channel of ['email', 'sms'] as const) await supersedePending(strapi, channel, { kind: 'space-peer-changed', key: row.documentId });
  const notices = await noticesToRegistrants(strapi, row, locale, 'space-peer-cancelled', peerCancelledMessage);
  if (notices.length) await queueMany(strapi, notices.map((n) => n.message));
}

const sameInstant = (a: string | null | undefined, b: string) => Date.parse(String(a)) === Date.parse(b);

/** `saved-untold`: saved, but some people had their notices of the day about this session and were not told again. */
export type UpdatePeerSessionOutcome = 'saved' | 'saved-untold' | 'capacity-below' | 'closed';

/**
 * Writes the change form. Through the document service, so the calendar SEQUENCE grows as for an
 * edit in the admin (bump-meeting-sequence.ts). A new date or place tells everyone on the session,
 * folded under bursts (messages/fold.ts: the latest details win, a few notices a day at most);
 * more seats go to the waiting list at once.
 */
export async function updatePeerSession(strapi: Core.Strapi, row: PeerSessionRow, input: PeerSessionInput, locale: Locale): Promise<UpdatePeerSessionOutcome> {
  return withLimitLock(strapi, [{ key: `peer-session:${row.documentId}` }], async () => {
    const before = await freshSession(strapi, row.documentId);
    if (!before || before.cancelledAt) return 'closed' as const;
    if (input.capacity !== null && input.capacity < (await confirmedSeats(strapi, before.id))) return 'capacity-below' as const;
    await strapi.documents(peerSessionUid).update({
      documentId: before.documentId,
      data: { title: input.title, description: input.description || null, startsAt: input.startsAt, endsAt: input.endsAt, place: input.place || null, callIn: input.callIn || null, capacity: input.capacity } as never,
    });
    const after = (await freshSession(strapi, before.documentId))!;
    const moved = !sameInstant(before.startsAt, input.startsAt) || !sameInstant(before.endsAt, input.endsAt) || (before.place ?? '') !== input.place || (before.callIn ?? '') !== input.callIn;
    const told = moved ? await queueItemNotices(strapi, 'space-peer-changed', after.documentId, await noticesToRegistrants(strapi, after, locale, 'space-peer-changed', peerChangedMessage), 'latest') : null;
    const moreSeats = input.capacity === null ? before.capacity !== null : before.capacity !== null && input.capacity > before.capacity;
    if (moreSeats) await seatFromWaitingList(strapi, after, locale);
    return told && told.capped > 0 ? ('saved-untold' as const) : ('saved' as const);
  });
}

/**
 * Cancels the session: marked, not deleted (its page and .ics say so, with a new SEQUENCE), closed
 * to registration, and everyone on it told once. A second cancel finds it cancelled and does nothing.
 */
export async function cancelPeerSession(strapi: Core.Strapi, row: PeerSessionRow, locale: Locale, now = Date.now()): Promise<boolean> {
  return withLimitLock(strapi, [{ key: `peer-session:${row.documentId}` }], async () => {
    const before = await freshSession(strapi, row.documentId);
    if (!before || before.cancelledAt) return false;
    const sequence = Number(before.sequence ?? 0) + 1;
    await strapi.db.query(peerSessionUid).update({ where: { id: before.id }, data: { cancelledAt: new Date(now).toISOString(), sequence }, select: ['id'] });
    await tellCancelled(strapi, { ...before, sequence }, locale);
    return true;
  });
}

/**
 * A session deleted in the admin (by a super admin) before it ended: everyone still on it is told
 * it is cancelled, and its registrations go with it instead of waiting for the retention run. A
 * session already cancelled in the space was told already; one over, or deleted by the retention
 * run (which deletes rows, not documents), tells nobody.
 */
export function tellRegistrantsOfDeletedSession(strapi: Core.Strapi): DocumentMiddleware {
  return async (ctx, next) => {
    if (ctx.uid !== peerSessionUid || ctx.action !== 'delete' || typeof ctx.params.documentId !== 'string') return next();
    const documentId = ctx.params.documentId;
    return withLimitLock(strapi, [{ key: `peer-session:${documentId}` }], async () => {
      const row = await freshSession(strapi, documentId);
      if (row && !row.cancelledAt && Date.parse(String(row.endsAt)) > Date.now()) {
        await tellCancelled(strapi, { ...row, sequence: Number(row.sequence ?? 0) + 1 }, 'fr');
      }
      if (row) await strapi.db.query(peerRegistrationUid).deleteMany({ where: { session: { id: row.id } } });
      return next();
    });
  };
}

/** At a member's erasure: their registrations go, and each seat they held goes to the waiting list. */
export async function erasePeerRegistrationsOf(strapi: Core.Strapi, memberId: string): Promise<number> {
  const regs = (await strapi.db.query(peerRegistrationUid).findMany({ where: { member: { documentId: memberId } }, select: ['id'], populate: { session: { select: sessionSelect } } })) as Array<{ id: number; session?: PeerSessionRow | null }>;
  let erased = 0;
  for (const reg of regs) {
    if (reg.session && (await cancelPeerSeat(strapi, reg.session, memberId, 'fr'))) erased += 1;
    else erased += (await strapi.db.query(peerRegistrationUid).deleteMany({ where: { id: reg.id } })).count;
  }
  return erased;
}

export function peerSessionIcs(row: PeerSessionRow, locale: Locale): string {
  const url = `${participationConfig().siteUrl}${spacePeerSessionPath(row.documentId)}${locale === 'fr' ? '' : '?locale=en'}`;
  const description = [row.callIn ? `${t(locale, 'spaceCallIn')}${t(locale, 'colon')} ${row.callIn}` : '', row.description ?? '', url].filter(Boolean).join('\n\n');
  return buildIcs(
    [
      {
        uid: `${row.documentId}@seances.espace.passerelle`,
        start: new Date(row.startsAt),
        end: new Date(row.endsAt),
        summary: row.title,
        description,
        location: row.place || row.callIn || null,
        url,
        stamp: new Date(row.updatedAt),
        sequence: Number(row.sequence ?? 0),
        ...(row.cancelledAt ? { status: 'CANCELLED' as const } : {}),
      },
    ],
    { zone: true, name: row.title },
  );
}
