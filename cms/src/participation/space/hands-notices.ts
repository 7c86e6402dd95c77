import type { Core } from '@strapi/strapi';
import { handDigest, handNotice, replyNotice, spaceHandPath, spaceHandPaths, type NoticeChannel, type NoticeMode } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { runScheduledJob } from '../../operations/scheduled-jobs';
import { montrealDay } from '../events/reminders';
import { outboxUid, queueMany, type BatchMessage } from '../messages/send';
import { handReplyUid, handRequestUid, type HandRow } from './hands';
import { practitionerUid, roundTableUid } from './sessions';

/**
 * How members hear of requests for a hand, through the durable outbox, by their own choice ("Mes
 * avis": `noticeMode` immediate / digest / none, `noticeChannel`, `noticeLanguage`):
 * - a new request: each active member of its tables but the author, once (key: request + member);
 * - a reply: the request's author and everyone who replied before, still able to see it, but the
 *   one replying (key: reply + member);
 * - the weekly digest (Monday morning, a cron under the job lock): new requests at their tables
 *   and threads of theirs with new replies, once per member and week (key: member + week).
 * A message holds the request's title and a link back into the space, never anyone's email or
 * number. Numbers that texted ARRÊT get nothing (queueMany leaves them out).
 */
export interface NoticeMember {
  documentId: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  noticeMode: NoticeMode | null;
  noticeChannel: NoticeChannel | null;
  noticeLanguage: Locale | null;
}

export const noticeFields = ['documentId', 'email', 'phone', 'active', 'noticeMode', 'noticeChannel', 'noticeLanguage'] as const;

/** The channels a member can be reached by: what they sign in with. */
export function channelsOf(member: Pick<NoticeMember, 'email' | 'phone'>): NoticeChannel[] {
  return [...(member.email ? (['email'] as const) : []), ...(member.phone ? (['sms'] as const) : [])];
}

/** The member's channel: their choice when they still have it, else email, else text. */
export function channelOf(member: Pick<NoticeMember, 'email' | 'phone' | 'noticeChannel'>): NoticeChannel | null {
  const available = channelsOf(member);
  if (member.noticeChannel && available.includes(member.noticeChannel)) return member.noticeChannel;
  return available[0] ?? null;
}

export const modeOf = (member: Pick<NoticeMember, 'noticeMode'>): NoticeMode => member.noticeMode ?? 'digest';
const languageOf = (member: Pick<NoticeMember, 'noticeLanguage'>): Locale => (member.noticeLanguage === 'en' ? 'en' : 'fr');
const urlOf = (path: string, locale: Locale) => `${participationConfig().siteUrl}${path}${locale === 'en' ? '?locale=en' : ''}`;

function messageTo(member: NoticeMember, origin: BatchMessage['origin'], words: { subject: string; text: string; sms: string }): BatchMessage | null {
  const channel = channelOf(member);
  if (channel === 'sms' && member.phone) return { origin, channel, to: member.phone, text: words.sms };
  if (channel === 'email' && member.email) return { origin, channel, to: member.email, subject: words.subject, text: words.text };
  return null;
}

/** Active members sitting at any of these tables, each once. */
async function activeMembersAt(strapi: Core.Strapi, tableIds: string[]): Promise<NoticeMember[]> {
  if (tableIds.length === 0) return [];
  const tables = (await strapi.db.query('api::practitioners.round-table').findMany({
    where: { documentId: { $in: tableIds } },
    select: ['documentId'],
    populate: { members: { select: [...noticeFields] } },
  })) as Array<{ members?: NoticeMember[] }>;
  const byId = new Map<string, NoticeMember>();
  for (const table of tables) for (const m of table.members ?? []) if (m.active) byId.set(m.documentId, m);
  return [...byId.values()];
}

/** A new request: one message per member of its tables who asked to be told at once. In the caller's transaction. */
export async function queueHandNotices(strapi: Core.Strapi, hand: { documentId: string; kind: HandRow['kind']; title: string }, authorId: string, tables: Array<{ documentId: string; name: string }>): Promise<number> {
  const members = (await activeMembersAt(strapi, tables.map((x) => x.documentId))).filter((m) => m.documentId !== authorId && modeOf(m) === 'immediate');
  const messages = members.flatMap((m) => {
    const locale = languageOf(m);
    const message = messageTo(m, { kind: 'space-hand', key: `${hand.documentId}:${m.documentId}` }, handNotice(locale, { kind: hand.kind, title: hand.title, tables: tables.map((x) => x.name) }, urlOf(spaceHandPath(hand.documentId), locale)));
    return message ? [message] : [];
  });
  return queueMany(strapi, messages);
}

/** A reply: the author and earlier repliers who may still see the request, told at once if they chose so. */
export async function queueReplyNotices(strapi: Core.Strapi, hand: HandRow, replyId: number, replierId: string): Promise<number> {
  const earlier = (await strapi.db.query(handReplyUid).findMany({ where: { handRequest: { id: hand.id } }, select: ['id'], populate: { author: { select: [...noticeFields] } } })) as Array<{ author?: NoticeMember | null }>;
  const author = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: hand.author?.documentId ?? '' }, select: [...noticeFields] })) as NoticeMember | null;
  // Who sits at the request's tables now (the request's page does not load its tables' members).
  const tables = (await strapi.db.query(roundTableUid).findMany({
    where: { documentId: { $in: (hand.roundTables ?? []).map((x) => x.documentId) } },
    select: ['documentId'],
    populate: { members: { select: ['documentId', 'active'] } },
  })) as Array<{ members?: Array<{ documentId: string; active: boolean }> }>;
  const canSee = new Set<string>(tables.flatMap((table) => (table.members ?? []).filter((m) => m.active).map((m) => m.documentId)));
  const people = new Map<string, NoticeMember>();
  if (author?.active) people.set(author.documentId, author);
  for (const r of earlier) if (r.author?.active && canSee.has(r.author.documentId)) people.set(r.author.documentId, r.author);
  people.delete(replierId);
  const messages = [...people.values()]
    .filter((m) => modeOf(m) === 'immediate')
    .flatMap((m) => {
      const locale = languageOf(m);
      const message = messageTo(m, { kind: 'space-hand-reply', key: `${replyId}:${m.documentId}` }, replyNotice(locale, hand, urlOf(spaceHandPath(hand.documentId), locale)));
      return message ? [message] : [];
    });
  return queueMany(strapi, messages);
}

/** The Monday (Montréal) of the week `now` falls in: the digest's key, so a week gets one digest whatever the runs. */
export function weekOf(now: Date): string {
  const { date } = montrealDay(now);
  const day = new Date(`${date}T12:00:00Z`);
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export interface HandDigestReport {
  week: string;
  queued: number;
  alreadyQueued: number;
  nothingNew: number;
}

const weekMs = 7 * 86_400_000;

/**
 * Every member who chose the weekly digest gets, once per week, what is new at their tables in the
 * last 7 days (new open requests by others) and their threads (their requests, or ones they replied
 * to) with replies by others. Nothing new: no message.
 */
export async function sendHandDigests(strapi: Core.Strapi, now: Date = new Date()): Promise<HandDigestReport> {
  const week = weekOf(now);
  const since = now.getTime() - weekMs;
  const report: HandDigestReport = { week, queued: 0, alreadyQueued: 0, nothingNew: 0 };
  const members = (await strapi.db.query(practitionerUid).findMany({ where: { active: true }, select: [...noticeFields], orderBy: { id: 'asc' } })) as NoticeMember[];
  const subscribers = members.filter((m) => modeOf(m) === 'digest' && channelOf(m));
  if (subscribers.length === 0) return report;
  const fresh = (await strapi.db.query(handRequestUid).findMany({
    where: { requestStatus: 'open', createdAtMs: { $gt: since } },
    select: ['id', 'documentId', 'title'],
    populate: { author: { select: ['documentId'] }, roundTables: { select: ['documentId'], populate: { members: { select: ['documentId', 'active'] } } } },
  })) as HandRow[];
  const replies = (await strapi.db.query(handReplyUid).findMany({
    where: { createdAtMs: { $gt: since } },
    select: ['id'],
    populate: { author: { select: ['documentId'] }, handRequest: { select: ['id', 'documentId', 'title', 'requestStatus'], populate: { author: { select: ['documentId'] } } } },
  })) as Array<{ author?: { documentId: string } | null; handRequest?: (HandRow & { author?: { documentId: string } | null }) | null }>;
  // Who took part in which thread: its author and its repliers (all time, so an old thread counts).
  const threadIds = [...new Set(replies.flatMap((r) => (r.handRequest ? [r.handRequest.id] : [])))];
  const participants = new Map<number, Set<string>>();
  if (threadIds.length > 0) {
    const all = (await strapi.db.query(handReplyUid).findMany({ where: { handRequest: { id: { $in: threadIds } } }, select: ['id'], populate: { author: { select: ['documentId'] }, handRequest: { select: ['id'] } } })) as Array<{
      author?: { documentId: string } | null;
      handRequest?: { id: number } | null;
    }>;
    for (const r of all) if (r.handRequest && r.author) (participants.get(r.handRequest.id) ?? participants.set(r.handRequest.id, new Set()).get(r.handRequest.id)!).add(r.author.documentId);
  }
  for (const r of replies) if (r.handRequest?.author) (participants.get(r.handRequest.id) ?? participants.set(r.handRequest.id, new Set()).get(r.handRequest.id)!).add(r.handRequest.author.documentId);
  const keys = subscribers.map((m) => `space-hand-digest:${channelOf(m)}:${m.documentId}:${week}`);
  const done = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = (await strapi.db.query(outboxUid).findMany({ where: { idempotencyKey: { $in: keys.slice(i, i + 500) } }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>;
    for (const row of rows) done.add(row.idempotencyKey);
  }
  const messages: BatchMessage[] = [];
  for (const m of subscribers) {
    if (done.has(`space-hand-digest:${channelOf(m)}:${m.documentId}:${week}`)) {
      report.alreadyQueued += 1;
      continue;
    }
    const locale = languageOf(m);
    const newHere = fresh.filter((h) => h.author?.documentId !== m.documentId && (h.roundTables ?? []).some((x) => (x.members ?? []).some((p) => p.documentId === m.documentId && p.active)));
    const answeredIds = new Set<number>();
    const answered: HandRow[] = [];
    for (const r of replies) {
      const hand = r.handRequest;
      if (!hand || hand.requestStatus !== 'open' || r.author?.documentId === m.documentId || answeredIds.has(hand.id)) continue;
      if (!participants.get(hand.id)?.has(m.documentId)) continue;
      answeredIds.add(hand.id);
      answered.push(hand);
    }
    if (newHere.length === 0 && answered.length === 0) {
      report.nothingNew += 1;
      continue;
    }
    const item = (h: HandRow) => ({ title: h.title, url: urlOf(spaceHandPath(h.documentId), locale) });
    const message = messageTo(m, { kind: 'space-hand-digest', key: `${m.documentId}:${week}` }, handDigest(locale, newHere.map(item), answered.map(item), urlOf(spaceHandPaths.list, locale)));
    if (message) messages.push(message);
  }
  await strapi.db.transaction(async () => {
    report.queued = await queueMany(strapi, messages);
  });
  return report;
}

/** The weekly run (config/server.ts). */
export async function runScheduledHandDigests(strapi: Core.Strapi, fireDate?: Date): Promise<void> {
  await runScheduledJob(strapi, 'space-hand-digests', fireDate, async () => {
    strapi.log.info(`[space-hand-digests] ${JSON.stringify(await sendHandDigests(strapi))}`);
  });
}
