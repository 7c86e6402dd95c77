import type { Core } from '@strapi/strapi';
import { handDigest, handNotice, replyNotice, spaceHandPath, spaceHandPaths, spaceResourcePath, spaceTablePath, threadNotice, type NoticeChannel, type NoticeMode } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { runScheduledJob } from '../../operations/scheduled-jobs';
import { montrealDay } from '../events/reminders';
import { queueItemNotices } from '../messages/fold';
import { outboxUid, queueMany, type BatchMessage } from '../messages/send';
import { activeScopes, audienceOf, digestWindowMs, handReplyUid, handRequestUid, membersReached, reaches, seesHand, storedAudience, type Audience, type HandRow, type MemberScope } from './hands';
import { practitionerUid, roundTableUid } from './sessions';
import { resourceUid } from './resources';
import { threadMessageUid } from './threads';

/**
 * How members hear of requests for a hand, through the durable outbox, by their own choice ("Mes
 * avis": `noticeMode` immediate / digest / none, `noticeChannel`, `noticeLanguage`):
 * - a new request: each active member its audience reaches (`reaches`, hands.ts) but the author,
 *   once (key: request + member); an edit that widens its audience tells only the members it
 *   newly reaches, and never one already told of it (same key);
 * - a reply: the request's author and everyone who replied before, still able to see it, but the
 *   one replying (key: request + member + reply), folded under bursts (messages/fold.ts: one notice
 *   while one waits, the next after a pause, a few a day per request at most);
 * - the weekly digest (Monday morning, a cron under the job lock): the week's new requests that
 *   reach them, older requests widened this week to reach them anew (`widenedFrom`: the audience
 *   before), and threads of theirs with new replies, once per member and week (key: member + week).
 * - a message in a thread (a table's: every active member of the table; a resource's: whoever
 *   shared it and whoever wrote in its thread, still able to see it), never its author (key:
 *   thread + member + message), folded the same way; the digest lists those threads too.
 * A message holds the request's (table's, resource's) title and a link back into the space, never
 * the words of a reply or message, nor anyone's email or number. Numbers that texted ARRÊT get nothing (queueMany leaves them out).
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

/** The message to a member by their channel (`channelOf`), or null when they have none left. */
export function messageTo(member: Pick<NoticeMember, 'email' | 'phone' | 'noticeChannel'>, origin: BatchMessage['origin'], words: { subject: string; text: string; sms: string }): BatchMessage | null {
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

const noticeMembers = async (strapi: Core.Strapi, ids: string[]): Promise<NoticeMember[]> => {
  const found: NoticeMember[] = [];
  for (let i = 0; i < ids.length; i += 500) found.push(...((await strapi.db.query(practitionerUid).findMany({ where: { documentId: { $in: ids.slice(i, i + 500) }, active: true }, select: [...noticeFields] })) as NoticeMember[]));
  return found;
};

/**
 * A request reaching people: one message per member its audience reaches who asked to be told at
 * once — but its author, anyone in `reachedBefore` (an edit: they already could see it), and anyone
 * already told of it (an audience narrowed, then widened again, tells nobody twice). `names`: its
 * tables and neighbourhoods as each language writes them. In the caller's transaction.
 */
export async function queueHandNotices(
  strapi: Core.Strapi,
  hand: { documentId: string; kind: HandRow['kind']; title: string },
  authorId: string,
  audience: Audience,
  names: Record<Locale, string[]>,
  reachedBefore: ReadonlySet<string> = new Set(),
): Promise<number> {
  const ids = [...(await membersReached(strapi, audience))].filter((id) => id !== authorId && !reachedBefore.has(id));
  const members = (await noticeMembers(strapi, ids)).filter((m) => modeOf(m) === 'immediate');
  const key = (m: NoticeMember) => `${hand.documentId}:${m.documentId}`;
  const told = new Set<string>();
  const keys = members.flatMap((m) => (['email', 'sms'] as const).map((channel) => `space-hand:${channel}:${key(m)}`));
  for (let i = 0; i < keys.length; i += 500) {
    const rows = (await strapi.db.query(outboxUid).findMany({ where: { idempotencyKey: { $in: keys.slice(i, i + 500) } }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>;
    for (const row of rows) told.add(row.idempotencyKey.split(':').slice(2).join(':'));
  }
  const messages = members.flatMap((m) => {
    if (told.has(key(m))) return [];
    const locale = languageOf(m);
    const message = messageTo(m, { kind: 'space-hand', key: key(m) }, handNotice(locale, { kind: hand.kind, title: hand.title, tables: names[locale] }, urlOf(spaceHandPath(hand.documentId), locale)));
    return message ? [message] : [];
  });
  return queueMany(strapi, messages);
}

/** A reply: the author and earlier repliers who may still see the request, told at once if they chose so. */
export async function queueReplyNotices(strapi: Core.Strapi, hand: HandRow, replyId: number, replierId: string): Promise<number> {
  const earlier = (await strapi.db.query(handReplyUid).findMany({ where: { handRequest: { id: hand.id } }, select: ['id'], populate: { author: { select: [...noticeFields] } } })) as Array<{ author?: NoticeMember | null }>;
  const author = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: hand.author?.documentId ?? '' }, select: [...noticeFields] })) as NoticeMember | null;
  // Who may still see the request now, by the one rule (the request's page does not load who it reaches).
  const scopes = await activeScopes(strapi, earlier.flatMap((r) => (r.author ? [r.author.documentId] : [])));
  const request = { authorId: hand.author?.documentId ?? null, audience: audienceOf(hand) };
  const people = new Map<string, NoticeMember>();
  if (author?.active) people.set(author.documentId, author);
  for (const r of earlier) if (r.author?.active && seesHand(request, scopes.get(r.author.documentId))) people.set(r.author.documentId, r.author);
  people.delete(replierId);
  const notices = [...people.values()]
    .filter((m) => modeOf(m) === 'immediate')
    .flatMap((m) => {
      const locale = languageOf(m);
      const message = messageTo(m, { kind: 'space-hand-reply', key: `${hand.documentId}:${m.documentId}:${replyId}` }, replyNotice(locale, hand, urlOf(spaceHandPath(hand.documentId), locale)));
      return message ? [{ person: m.documentId, message }] : [];
    });
  return (await queueItemNotices(strapi, 'space-hand-reply', hand.documentId, notices, 'keep')).queued;
}

/** Who may see a resource now: a table's resource, that table's active members; one for everyone, every active member (null). */
async function resourceAudience(strapi: Core.Strapi, tableId: string | null): Promise<Set<string> | null> {
  if (!tableId) return null;
  return new Set((await activeMembersAt(strapi, [tableId])).map((m) => m.documentId));
}

/**
 * A message in a thread: a table's tells its active members, a resource's tells whoever shared it
 * and whoever wrote in its thread before and can still see it; never the one writing, and only
 * those who chose "right away". In the caller's transaction.
 */
export async function queueThreadNotices(strapi: Core.Strapi, subject: { kind: 'table' | 'resource'; documentId: string }, messageId: number, authorId: string): Promise<number> {
  let people: NoticeMember[];
  let title: string;
  let path: string;
  if (subject.kind === 'table') {
    const table = (await strapi.db.query(roundTableUid).findOne({ where: { documentId: subject.documentId }, select: ['name'] })) as { name: string } | null;
    if (!table) return 0;
    title = table.name;
    path = spaceTablePath(subject.documentId);
    people = await activeMembersAt(strapi, [subject.documentId]);
  } else {
    const resource = (await strapi.db.query(resourceUid).findOne({
      where: { documentId: subject.documentId },
      select: ['id', 'title'],
      populate: { author: { select: [...noticeFields] }, roundTable: { select: ['documentId'] } },
    })) as { id: number; title: string; author?: NoticeMember | null; roundTable?: { documentId: string } | null } | null;
    if (!resource) return 0;
    title = resource.title;
    path = spaceResourcePath(subject.documentId);
    const earlier = (await strapi.db.query(threadMessageUid).findMany({ where: { resource: { id: resource.id } }, select: ['id'], populate: { author: { select: [...noticeFields] } } })) as Array<{ author?: NoticeMember | null }>;
    const audience = await resourceAudience(strapi, resource.roundTable?.documentId ?? null);
    const byId = new Map<string, NoticeMember>();
    for (const m of [resource.author, ...earlier.map((r) => r.author)]) if (m?.active && (!audience || audience.has(m.documentId))) byId.set(m.documentId, m);
    people = [...byId.values()];
  }
  const item = `${subject.kind}-${subject.documentId}`;
  const notices = people
    .filter((m) => m.documentId !== authorId && modeOf(m) === 'immediate')
    .flatMap((m) => {
      const locale = languageOf(m);
      const message = messageTo(m, { kind: 'space-thread', key: `${item}:${m.documentId}:${messageId}` }, threadNotice(locale, { kind: subject.kind, title }, urlOf(path, locale)));
      return message ? [{ person: m.documentId, message }] : [];
    });
  return (await queueItemNotices(strapi, 'space-thread', item, notices, 'keep')).queued;
}

interface DigestThreadRow {
  author?: { documentId: string } | null;
  roundTable?: { documentId: string; name: string; members?: Array<{ documentId: string; active: boolean }> } | null;
  resource?: { id: number; documentId: string; title: string; author?: { documentId: string } | null; roundTable?: { documentId: string } | null } | null;
}

/**
 * The week's thread activity, for the digest: per member, the discussions with a message by
 * someone else that they would have been told of at once (their tables' threads; resources they
 * shared or wrote about, still visible to them).
 */
async function discussedThisWeek(strapi: Core.Strapi, since: number): Promise<(memberId: string, locale: Locale) => Array<{ title: string; url: string }>> {
  const recent = (await strapi.db.query(threadMessageUid).findMany({
    where: { createdAtMs: { $gt: since } },
    select: ['id'],
    populate: {
      author: { select: ['documentId'] },
      roundTable: { select: ['documentId', 'name'], populate: { members: { select: ['documentId', 'active'] } } },
      resource: { select: ['id', 'documentId', 'title'], populate: { author: { select: ['documentId'] }, roundTable: { select: ['documentId'] } } },
    },
  })) as DigestThreadRow[];
  const resourceIds = [...new Set(recent.flatMap((r) => (r.resource ? [r.resource.id] : [])))];
  const writers = new Map<number, Set<string>>();
  if (resourceIds.length > 0) {
    const all = (await strapi.db.query(threadMessageUid).findMany({ where: { resource: { id: { $in: resourceIds } } }, select: ['id'], populate: { author: { select: ['documentId'] }, resource: { select: ['id'] } } })) as Array<{
      author?: { documentId: string } | null;
      resource?: { id: number } | null;
    }>;
    for (const r of all) if (r.resource && r.author) (writers.get(r.resource.id) ?? writers.set(r.resource.id, new Set()).get(r.resource.id)!).add(r.author.documentId);
  }
  const tableIds = [...new Set(recent.flatMap((r) => (r.resource?.roundTable ? [r.resource.roundTable.documentId] : [])))];
  const seated = new Map<string, Set<string>>();
  for (const id of tableIds) seated.set(id, new Set((await activeMembersAt(strapi, [id])).map((m) => m.documentId)));
  return (memberId, locale) => {
    const seen = new Set<string>();
    const items: Array<{ title: string; url: string }> = [];
    for (const r of recent) {
      if (r.author?.documentId === memberId) continue;
      if (r.roundTable) {
        const key = `table:${r.roundTable.documentId}`;
        if (seen.has(key) || !(r.roundTable.members ?? []).some((m) => m.documentId === memberId && m.active)) continue;
        seen.add(key);
        items.push({ title: r.roundTable.name, url: urlOf(spaceTablePath(r.roundTable.documentId), locale) });
      } else if (r.resource) {
        const key = `resource:${r.resource.documentId}`;
        const involved = r.resource.author?.documentId === memberId || writers.get(r.resource.id)?.has(memberId);
        const visible = !r.resource.roundTable || seated.get(r.resource.roundTable.documentId)?.has(memberId);
        if (seen.has(key) || !involved || !visible) continue;
        seen.add(key);
        items.push({ title: r.resource.title, url: urlOf(spaceResourcePath(r.resource.documentId), locale) });
      }
    }
    return items;
  };
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

/**
 * Whether a request is new to this member this week: posted in the window, or posted before it and
 * widened in it to reach them when its audience before did not (`widenedFrom`; a widening that
 * kept no previous audience counts as new to everyone it reaches: told twice rather than never).
 */
function newToMember(hand: HandRow, scope: MemberScope | undefined, since: number): boolean {
  if (!scope || !reaches(audienceOf(hand), scope)) return false;
  if (Number(hand.createdAtMs) > since) return true;
  const before = storedAudience(hand.widenedFrom);
  return !before || !reaches(before, scope);
}

/**
 * Every member who chose the weekly digest gets, once per week, what is new at their tables in the
 * last 7 days (new open requests by others, and older ones widened to reach them), their threads (their requests, or ones they replied
 * to) with replies by others, and the discussions (tables', resources') with messages by others.
 * Nothing new: no message.
 */
export async function sendHandDigests(strapi: Core.Strapi, now: Date = new Date()): Promise<HandDigestReport> {
  const week = weekOf(now);
  const since = now.getTime() - digestWindowMs;
  const report: HandDigestReport = { week, queued: 0, alreadyQueued: 0, nothingNew: 0 };
  const members = (await strapi.db.query(practitionerUid).findMany({ where: { active: true }, select: [...noticeFields], orderBy: { id: 'asc' } })) as NoticeMember[];
  const subscribers = members.filter((m) => modeOf(m) === 'digest' && channelOf(m));
  if (subscribers.length === 0) return report;
  const fresh = (await strapi.db.query(handRequestUid).findMany({
    where: { requestStatus: 'open', $or: [{ createdAtMs: { $gt: since } }, { widenedAtMs: { $gt: since } }] },
    select: ['id', 'documentId', 'title', 'createdAtMs', 'widenedFrom'],
    populate: { author: { select: ['documentId'] }, roundTables: { select: ['documentId'] }, neighbourhoods: { select: ['documentId'] } },
  })) as HandRow[];
  const replies = (await strapi.db.query(handReplyUid).findMany({
    where: { createdAtMs: { $gt: since } },
    select: ['id'],
    populate: {
      author: { select: ['documentId'] },
      handRequest: { select: ['id', 'documentId', 'title', 'requestStatus'], populate: { author: { select: ['documentId'] }, roundTables: { select: ['documentId'] }, neighbourhoods: { select: ['documentId'] } } },
    },
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
  const discussedBy = await discussedThisWeek(strapi, since);
  const scopes = await activeScopes(strapi);
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
    const scope = scopes.get(m.documentId);
    const newHere = fresh.filter((h) => h.author?.documentId !== m.documentId && newToMember(h, scope, since));
    const answeredIds = new Set<number>();
    const answered: HandRow[] = [];
    for (const r of replies) {
      const hand = r.handRequest;
      if (!hand || hand.requestStatus !== 'open' || r.author?.documentId === m.documentId || answeredIds.has(hand.id)) continue;
      if (!participants.get(hand.id)?.has(m.documentId)) continue;
      // Only while they may still see it (as for a reply's notice), by the one rule.
      if (!seesHand({ authorId: hand.author?.documentId ?? null, audience: audienceOf(hand) }, scope)) continue;
      answeredIds.add(hand.id);
      answered.push(hand);
    }
    const discussed = discussedBy(m.documentId, locale);
    if (newHere.length === 0 && answered.length === 0 && discussed.length === 0) {
      report.nothingNew += 1;
      continue;
    }
    const item = (h: HandRow) => ({ title: h.title, url: urlOf(spaceHandPath(h.documentId), locale) });
    const message = messageTo(m, { kind: 'space-hand-digest', key: `${m.documentId}:${week}` }, handDigest(locale, newHere.map(item), answered.map(item), urlOf(spaceHandPaths.list, locale), discussed));
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
