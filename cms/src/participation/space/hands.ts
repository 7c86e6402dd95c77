import type { Core } from '@strapi/strapi';
import { handRules, type HandInput, type HandKind, type HandSummary, type HandView } from '@passerelle/shared/participation';
import { isDocumentId } from './meetings';
import { draftsOfSource } from './public-drafts';
import { countsByRelation } from './relation-counts';
import { practitionerUid, roundTableUid } from './sessions';

/**
 * Requests for a hand, as one member may see them. A request is seen by its author and by the
 * active members of the round tables it was posted to; for anyone else (an ex-member, a member of
 * another table) it is the same "not found" as a request that does not exist. Its author, and an
 * OC sitting at one of its tables, may mark it resolved.
 */
export const handRequestUid = 'api::practitioners.hand-request';
export const handReplyUid = 'api::practitioners.hand-reply';

interface Named {
  documentId: string;
  name: string;
}
interface PersonRow extends Named {
  active: boolean;
}
export interface HandRow {
  id: number;
  documentId: string;
  kind: HandKind;
  title: string;
  details: string;
  neededBy: string | null;
  requestStatus: 'open' | 'resolved';
  createdAt: string;
  createdAtMs: number | string;
  author?: PersonRow | null;
  roundTables?: Array<Named & { members?: PersonRow[] }>;
}
interface ReplyRow {
  id: number;
  text: string;
  createdAt: string;
  author?: PersonRow | null;
}

export interface MemberHand {
  row: HandRow;
  /** The request's tables this member sits at (all of them for its author). */
  tables: Named[];
  isAuthor: boolean;
  canResolve: boolean;
}

// The tables' members are not read here: who sits where is read once per page (viewerOf), so a
// list of requests does not load every member of every table once per request.
const populateHand = {
  author: { select: ['documentId', 'name', 'active'] },
  roundTables: { select: ['documentId', 'name'] },
} as const;

/** The tables a member sits at, by name: where they may post a request. */
export async function tablesOfMember(strapi: Core.Strapi, memberId: string): Promise<Named[]> {
  return (await strapi.db.query(roundTableUid).findMany({ where: { members: { documentId: memberId, active: true } }, select: ['documentId', 'name'], orderBy: { name: 'asc' } })) as Named[];
}

/** Who is looking: the tables they sit at and whether they are an OC, read once per page, not once per request. */
interface Viewer {
  memberId: string;
  tableIds: Set<string>;
  isOc: boolean;
}

async function viewerOf(strapi: Core.Strapi, memberId: string): Promise<Viewer> {
  const [tables, me] = await Promise.all([
    strapi.db.query(roundTableUid).findMany({ where: { members: { documentId: memberId, active: true } }, select: ['documentId'] }) as Promise<Array<{ documentId: string }>>,
    strapi.db.query(practitionerUid).findOne({ where: { documentId: memberId }, select: ['spaceRole'] }) as Promise<{ spaceRole: string } | null>,
  ]);
  return { memberId, tableIds: new Set(tables.map((x) => x.documentId)), isOc: me?.spaceRole === 'oc' };
}

/** What this member may see of a request row, or null: they are neither its author nor at one of its tables. */
function asSeenBy(row: HandRow, viewer: Viewer): MemberHand | null {
  const isAuthor = row.author?.documentId === viewer.memberId;
  const mine = (row.roundTables ?? []).filter((table) => viewer.tableIds.has(table.documentId));
  if (!isAuthor && mine.length === 0) return null;
  const tables = (isAuthor ? (row.roundTables ?? []) : mine).map(({ documentId, name }) => ({ documentId, name }));
  return { row, tables, isAuthor, canResolve: isAuthor || (viewer.isOc && mine.length > 0) };
}

export async function handOfMember(strapi: Core.Strapi, handId: string, memberId: string): Promise<MemberHand | null> {
  if (!isDocumentId(handId)) return null;
  const row = (await strapi.db.query(handRequestUid).findOne({ where: { documentId: handId }, populate: populateHand })) as HandRow | null;
  return row ? asSeenBy(row, await viewerOf(strapi, memberId)) : null;
}

/** An erased author is gone from the relation: their words stay, signed "Ancien membre". */
const authorName = (author: PersonRow | null | undefined) => author?.name ?? null;

/** Replies per request, for the list's "Réponses : n": one grouped count for the page. */
const replyCounts = (strapi: Core.Strapi, ids: number[]) => countsByRelation(strapi, handReplyUid, 'handRequest', ids);

function factsOf(hand: MemberHand): Omit<HandSummary, 'replies'> {
  const { row } = hand;
  return {
    documentId: row.documentId,
    kind: row.kind,
    title: row.title,
    authorName: authorName(row.author),
    tables: hand.tables.map((x) => x.name),
    createdAt: new Date(row.createdAt).toISOString(),
    neededBy: row.neededBy ? String(row.neededBy).slice(0, 10) : null,
    resolved: row.requestStatus === 'resolved',
  };
}

const summaryOf = (hand: MemberHand, replies: number): HandSummary => ({ ...factsOf(hand), replies });

/** Open requests per page of the list: a bounded page, whatever the number of requests. */
export const handsPerPage = 20;
/** Their own resolved requests shown under the list: the latest ones only. */
const resolvedShown = 20;

/**
 * One page of the open requests this member can see (their tables' and their own, newest first),
 * whether an older page exists, and, on the first page, their own latest resolved ones.
 */
export async function handsOfMember(strapi: Core.Strapi, memberId: string, page = 1): Promise<{ open: HandSummary[]; mineResolved: HandSummary[]; hasOlder: boolean }> {
  const order = [{ createdAtMs: 'desc' }, { id: 'desc' }] as const;
  const rows = (await strapi.db.query(handRequestUid).findMany({
    where: { requestStatus: 'open', $or: [{ roundTables: { members: { documentId: memberId, active: true } } }, { author: { documentId: memberId } }] },
    orderBy: [...order],
    populate: populateHand,
    offset: (page - 1) * handsPerPage,
    // One more than a page: whether "older requests" has anything to show.
    limit: handsPerPage + 1,
  })) as HandRow[];
  const resolved = page === 1 ? ((await strapi.db.query(handRequestUid).findMany({ where: { requestStatus: 'resolved', author: { documentId: memberId } }, orderBy: [...order], populate: populateHand, limit: resolvedShown })) as HandRow[]) : [];
  const viewer = await viewerOf(strapi, memberId);
  // A request at two of the member's tables must not show twice, whatever the database's joins return.
  const seen = new Set<number>();
  const visible = (list: HandRow[]) => list.flatMap((row) => (seen.has(row.id) || !seen.add(row.id) ? [] : (asSeenBy(row, viewer) ?? [])));
  const open = visible(rows.slice(0, handsPerPage));
  const mine = visible(resolved);
  const counts = await replyCounts(strapi, [...open, ...mine].map((h) => h.row.id));
  const summary = (h: MemberHand) => summaryOf(h, counts.get(h.row.id) ?? 0);
  return { open: open.map(summary), mineResolved: mine.map(summary), hasOlder: rows.length > handsPerPage };
}

/**
 * A request and one page of its replies (page 1: the latest ones), never the whole thread: one more
 * row is read to know whether an older page exists, and the page is shown oldest first.
 */
export async function handView(strapi: Core.Strapi, hand: MemberHand, page = 1): Promise<HandView> {
  const size = handRules.repliesPerPage;
  const rows = (await strapi.db.query(handReplyUid).findMany({
    where: { handRequest: { id: hand.row.id } },
    select: ['id', 'text', 'createdAt'],
    orderBy: [{ createdAtMs: 'desc' }, { id: 'desc' }],
    populate: { author: { select: ['documentId', 'name', 'active'] } },
    offset: (page - 1) * size,
    limit: size + 1,
  })) as ReplyRow[];
  return {
    ...factsOf(hand),
    details: hand.row.details,
    thread: {
      replies: rows
        .slice(0, size)
        .reverse()
        .map((r) => ({ authorName: authorName(r.author), text: r.text, createdAt: new Date(r.createdAt).toISOString() })),
      page,
      hasOlder: rows.length > size,
    },
    canResolve: hand.canResolve,
    publicDrafts: await draftsOfSource(strapi, 'hand', hand.row.documentId),
  };
}

const dayMs = 86_400_000;

/** Requests this member posted in the last 24 hours: each one may notify every member of several tables. */
export async function requestsToday(strapi: Core.Strapi, memberId: string, now = Date.now()): Promise<number> {
  return strapi.db.query(handRequestUid).count({ where: { author: { documentId: memberId }, createdAtMs: { $gt: now - dayMs } } });
}

export async function repliesThisHour(strapi: Core.Strapi, memberId: string, now = Date.now()): Promise<number> {
  return strapi.db.query(handReplyUid).count({ where: { author: { documentId: memberId }, createdAtMs: { $gt: now - dayMs / 24 } } });
}

export const overRequestLimit = async (strapi: Core.Strapi, memberId: string) => (await requestsToday(strapi, memberId)) >= handRules.requestsPerDay;
export const overReplyLimit = async (strapi: Core.Strapi, memberId: string) => (await repliesThisHour(strapi, memberId)) >= handRules.repliesPerHour;

export async function createHand(strapi: Core.Strapi, memberId: string, input: HandInput, now = Date.now()): Promise<{ id: number; documentId: string }> {
  return (await strapi.documents(handRequestUid).create({
    data: { kind: input.kind, title: input.title, details: input.details, neededBy: input.neededBy, author: memberId, roundTables: input.tables, requestStatus: 'open', createdAtMs: now } as never,
  })) as unknown as { id: number; documentId: string };
}

export async function addReply(strapi: Core.Strapi, hand: MemberHand, memberId: string, text: string, now = Date.now()): Promise<number> {
  const created = (await strapi.documents(handReplyUid).create({ data: { handRequest: hand.row.documentId, author: memberId, text, createdAtMs: now } as never })) as unknown as { id: number };
  return created.id;
}

export async function resolveHand(strapi: Core.Strapi, hand: MemberHand): Promise<void> {
  await strapi.documents(handRequestUid).update({ documentId: hand.row.documentId, data: { requestStatus: 'resolved', resolvedAt: new Date().toISOString() } as never });
}
