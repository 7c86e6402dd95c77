import type { Core } from '@strapi/strapi';
import { meetingEmail, meetingRules, meetingSms, spaceMeetingPath, type MeetingMailingKind } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { sha256 } from '../crypto';
import { noticeFolding } from '../messages/fold';
import { outboxUid, queueMany, type BatchMessage } from '../messages/send';
import type { MemberMeeting } from './meetings';
import { meetingUid } from './sessions';

/**
 * A meeting's agenda, or its minutes, sent to every member of its table, on the coordination's
 * explicit action (never on an edit). One message per member: by email when they have one, else by
 * text; a number that texted ARRÊT gets nothing (queueMany leaves it out).
 *
 * - **Once per version.** Each message's key is (meeting, kind, version, member), the version being
 *   the meeting's `sequence` and a digest of what the message says (time, place, agenda; or the
 *   minutes and decisions). A double click, a retry or a second send of the same text finds every
 *   key in the outbox and queues nothing; after a change, the new version goes to everyone.
 * - **At most every 10 minutes per meeting and kind.** One conditional UPDATE of the meeting claims
 *   the send (its time moves only if the last one is older than the window), in the transaction
 *   that queues the messages: two presses racing, on SQLite or PostgreSQL, get one send and one
 *   "just sent".
 * - **At most `SPACE_NOTICES_PER_ITEM_PER_DAY` (3) versions per meeting and kind in 24 hours**
 *   (decision 0061): a version edited and sent every 10 minutes all day would text every member
 *   144 times. Counted on the outbox, under the claim, so racing presses cannot pass it together.
 * - The meeting keeps the time and the number of members reached: counts only, never who.
 */
export type MailingOutcome = { kind: 'sent'; count: number } | { kind: 'too-soon'; retryAtMs: number } | { kind: 'day-spent'; count: number; retryAtMs: number } | { kind: 'nothing-new' } | { kind: 'empty' };

const windowMs = meetingRules.sendEveryMinutes * 60_000;
const dayMs = 24 * 3_600_000;

/**
 * The versions of this meeting's agenda (or minutes) sent in the last 24 hours, each with when it
 * first went out: read from the outbox keys (`kind:channel:meeting:version:member`).
 */
async function versionsSentSince(strapi: Core.Strapi, messageKind: 'space-agenda' | 'space-minutes', meetingId: string, since: number): Promise<Map<string, number>> {
  const rows = (await strapi.db.query(outboxUid).findMany({
    where: {
      $and: [
        { messageKind },
        { $or: (['email', 'sms'] as const).map((channel) => ({ idempotencyKey: { $startsWith: `${messageKind}:${channel}:${meetingId}:` } })) },
        { queuedAtMs: { $gt: since } },
        { deliveryStatus: { $ne: 'superseded' } },
      ],
    },
    select: ['idempotencyKey', 'queuedAtMs'],
  })) as Array<{ idempotencyKey: string; queuedAtMs: number | string }>;
  const first = new Map<string, number>();
  for (const row of rows) {
    const version = row.idempotencyKey.split(':')[3] ?? '';
    first.set(version, Math.min(first.get(version) ?? Infinity, Number(row.queuedAtMs)));
  }
  return first;
}

/** Thrown inside the transaction to undo the claim when there is nobody left to send to. */
class NothingNew extends Error {}

/** Thrown inside the transaction to undo the claim when the day's versions are spent. */
class DaySpent extends Error {
  constructor(
    readonly count: number,
    readonly retryAtMs: number,
  ) {
    super('day spent');
  }
}

const sentAtField = (kind: MeetingMailingKind) => (kind === 'agenda' ? 'agendaSentAtMs' : 'minutesSentAtMs');
const sentToField = (kind: MeetingMailingKind) => (kind === 'agenda' ? 'agendaSentTo' : 'minutesSentTo');

/** What the members would read: a new version is a new digest (and, for the agenda, a new calendar sequence). */
function versionOf(kind: MeetingMailingKind, meeting: MemberMeeting): string {
  const r = meeting.row;
  const said = kind === 'agenda' ? [r.title, String(r.startsAt), String(r.endsAt), r.place, r.callIn, r.agenda] : [r.minutes, r.decisions];
  const digest = sha256(JSON.stringify(said.map((v) => v ?? ''))).slice(0, 16);
  return kind === 'agenda' ? `s${r.sequence ?? 0}-${digest}` : digest;
}

/** Whether there is anything to send: an agenda for a meeting still to come, or minutes. */
export function sendable(kind: MeetingMailingKind, meeting: MemberMeeting, now = Date.now()): boolean {
  const r = meeting.row;
  if (kind === 'agenda') return Boolean(r.agenda) && Date.parse(String(r.endsAt)) > now;
  return Boolean(r.minutes || r.decisions);
}

export async function sendMeetingToMembers(strapi: Core.Strapi, meeting: MemberMeeting, kind: MeetingMailingKind, locale: Locale, now = Date.now()): Promise<MailingOutcome> {
  if (!sendable(kind, meeting, now)) return { kind: 'empty' };
  const messageKind = kind === 'agenda' ? ('space-agenda' as const) : ('space-minutes' as const);
  const version = versionOf(kind, meeting);
  const r = meeting.row;
  const link = `${participationConfig().siteUrl}${spaceMeetingPath(r.documentId)}${locale === 'en' ? '?locale=en' : ''}`;
  const input = {
    tableName: meeting.table.row.name,
    title: r.title,
    startsAt: new Date(r.startsAt).toISOString(),
    endsAt: new Date(r.endsAt).toISOString(),
    place: r.place ?? '',
    callIn: r.callIn ?? '',
    agenda: r.agenda ?? '',
    minutes: r.minutes ?? '',
    decisions: r.decisions ?? '',
    link,
  };
  const sentAt = sentAtField(kind);
  try {
    return await strapi.db.transaction(async () => {
      const { count: claimed } = await strapi.db.query(meetingUid).updateMany({
        where: { id: r.id, $or: [{ [sentAt]: { $null: true } }, { [sentAt]: { $lte: now - windowMs } }] },
        data: { [sentAt]: now },
      });
      if (claimed === 0) {
        const row = (await strapi.db.query(meetingUid).findOne({ where: { id: r.id }, select: [sentAt] })) as Record<string, string | number | null> | null;
        return { kind: 'too-soon', retryAtMs: Number(row?.[sentAt] ?? now) + windowMs } as const;
      }
      // A new version past the day's count is not sent (the claim above is undone with the rest);
      // the same version again still reaches members who joined since.
      const { perDay } = noticeFolding();
      const sentToday = await versionsSentSince(strapi, messageKind, r.documentId, now - dayMs);
      if (!sentToday.has(version) && sentToday.size >= perDay) throw new DaySpent(perDay, Math.min(...sentToday.values()) + dayMs);
      // Each member once, by one channel: the email when there is one (the whole text), else the mobile.
      const recipients = meeting.table.members.flatMap((m): Array<{ m: typeof m; channel: 'email' | 'sms'; to: string }> => (m.email ? [{ m, channel: 'email', to: m.email }] : m.phone ? [{ m, channel: 'sms', to: m.phone }] : []));
      const keyOf = (channel: 'email' | 'sms', memberId: string) => `${messageKind}:${channel}:${r.documentId}:${version}:${memberId}`;
      const existing = recipients.length
        ? ((await strapi.db.query(outboxUid).findMany({ where: { idempotencyKey: { $in: recipients.map((x) => keyOf(x.channel, x.m.documentId)) } }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>)
        : [];
      const done = new Set(existing.map((e) => e.idempotencyKey));
      const messages = recipients
        .filter((x) => !done.has(keyOf(x.channel, x.m.documentId)))
        .map((x) => {
          const origin = { kind: messageKind, key: `${r.documentId}:${version}:${x.m.documentId}` };
          return x.channel === 'email' ? { origin, channel: 'email', to: x.to, ...meetingEmail(kind, locale, x.m.name, input) } : { origin, channel: 'sms', to: x.to, text: meetingSms(kind, locale, input) };
        }) satisfies BatchMessage[];
      const queued = await queueMany(strapi, messages);
      if (queued === 0) throw new NothingNew();
      const reached = done.size + queued;
      await strapi.db.query(meetingUid).update({ where: { id: r.id }, data: { [sentToField(kind)]: reached }, select: ['id'] });
      return { kind: 'sent', count: reached } as const;
    });
  } catch (error) {
    if (error instanceof NothingNew) return { kind: 'nothing-new' };
    if (error instanceof DaySpent) return { kind: 'day-spent', count: error.count, retryAtMs: error.retryAtMs };
    throw error;
  }
}
