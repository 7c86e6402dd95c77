import type { Core } from '@strapi/strapi';
import { handRules, type HandInput, type HandKind, type HandSummary, type HandView } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { isDocumentId } from './meetings';
import { draftsOfSource } from './public-drafts';
import { countsByRelation } from './relation-counts';
import { practitionerUid, roundTableUid } from './sessions';
import { namesIn } from './tables';

/**
 * Requests for a hand, as one member may see them. A request's audience is round tables and/or
 * neighbourhoods; it is seen by its author and by every active member it reaches (`reaches`, the
 * one rule that the pages, the list, replies and every notice follow); for anyone else (an
 * ex-member, a member elsewhere) it is the same "not found" as a request that does not exist. Its
 * author edits it while it is open; its author, and an OC it reaches, may mark it resolved.
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
  editedAt?: string | null;
  widenedAtMs?: number | string | null;
  widenedFrom?: unknown;
  author?: PersonRow | null;
  roundTables?: Array<Named & { members?: PersonRow[] }>;
  neighbourhoods?: Named[];
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

/** Who a request is sent to: round tables and neighbourhoods, by documentId. */
export interface Audience {
  tableIds: string[];
  neighbourhoodIds: string[];
}

/**
 * Where an active member is: the tables they sit at, and the neighbourhoods they are in — those
 * of their tables, and the one their organization is located in (its published record).
 */
export interface MemberScope {
  memberId: string;
  tableIds: Set<string>;
  neighbourhoodIds: Set<string>;
}

/** THE rule: a request's audience reaches a member when it names a table they sit at or a neighbourhood they are in. */
export function reaches(audience: Audience, scope: MemberScope): boolean {
  return audience.tableIds.some((id) => scope.tableIds.has(id)) || audience.neighbourhoodIds.some((id) => scope.neighbourhoodIds.has(id));
}

/** Who sees a request: its author, and every active member its audience reaches. */
export function seesHand(hand: { authorId: string | null; audience: Audience }, scope: MemberScope | undefined): boolean {
  return Boolean(scope && (hand.authorId === scope.memberId || reaches(hand.audience, scope)));
}

const unique = (ids: Array<string | null | undefined>) => [...new Set(ids.filter((id): id is string => Boolean(id)))];

/** A request row's audience (a neighbourhood may come back once per locale and status: one id each). */
export function audienceOf(row: Pick<HandRow, 'roundTables' | 'neighbourhoods'>): Audience {
  return { tableIds: unique((row.roundTables ?? []).map((x) => x.documentId)), neighbourhoodIds: unique((row.neighbourhoods ?? []).map((x) => x.documentId)) };
}

/**
 * The scopes of active members: of `memberIds`, or of every active member (for notices and the
 * digest). An inactive member has no scope, so reaches nothing and sees nothing.
 */
export async function activeScopes(strapi: Core.Strapi, memberIds?: string[]): Promise<Map<string, MemberScope>> {
  const scopes = new Map<string, MemberScope>();
  if (memberIds && memberIds.length === 0) return scopes;
  const only = memberIds ? { documentId: { $in: unique(memberIds) } } : {};
  const members = (await strapi.db.query(practitionerUid).findMany({ where: { active: true, ...only }, select: ['documentId'], populate: { organization: { select: ['documentId'] } } })) as Array<{
    documentId: string;
    organization?: { documentId: string } | null;
  }>;
  for (const m of members) scopes.set(m.documentId, { memberId: m.documentId, tableIds: new Set(), neighbourhoodIds: new Set() });
  if (scopes.size === 0) return scopes;
  const tables = (await strapi.db.query(roundTableUid).findMany({
    where: memberIds ? { members: { documentId: { $in: [...scopes.keys()] } } } : {},
    select: ['documentId'],
    populate: { members: { select: ['documentId'] }, neighbourhoods: { select: ['documentId'] } },
  })) as Array<{ documentId: string; members?: Array<{ documentId: string }>; neighbourhoods?: Array<{ documentId: string }> }>;
  for (const table of tables) {
    for (const m of table.members ?? []) {
      const scope = scopes.get(m.documentId);
      if (!scope) continue;
      scope.tableIds.add(table.documentId);
      for (const place of table.neighbourhoods ?? []) scope.neighbourhoodIds.add(place.documentId);
    }
  }
  // Where an organization is located is its public record's (published) neighbourhood, in any language.
  const organizationIds = unique(members.map((m) => m.organization?.documentId));
  if (organizationIds.length > 0) {
    const located = new Map<string, string>();
    const rows = (await strapi.db.query('api::organization.organization').findMany({
      where: { documentId: { $in: organizationIds }, publishedAt: { $notNull: true } },
      select: ['documentId'],
      populate: { neighbourhood: { select: ['documentId'] } },
    })) as Array<{ documentId: string; neighbourhood?: { documentId: string } | null }>;
    for (const row of rows) if (row.neighbourhood) located.set(row.documentId, row.neighbourhood.documentId);
    for (const m of members) {
      const place = m.organization ? located.get(m.organization.documentId) : undefined;
      if (place) scopes.get(m.documentId)!.neighbourhoodIds.add(place);
    }
  }
  return scopes;
}

/** The active members an audience reaches, by documentId. */
export async function membersReached(strapi: Core.Strapi, audience: Audience): Promise<Set<string>> {
  if (audience.tableIds.length + audience.neighbourhoodIds.length === 0) return new Set();
  return new Set([...(await activeScopes(strapi)).values()].filter((scope) => reaches(audience, scope)).map((scope) => scope.memberId));
}

/** The published neighbourhoods, by name in `locale` (the other language when one has none in it): where a request may be sent. */
export async function publishedNeighbourhoods(strapi: Core.Strapi, locale: Locale): Promise<Named[]> {
  const rows = (await strapi.db.query('api::neighbourhood.neighbourhood').findMany({ where: { publishedAt: { $notNull: true } }, select: ['documentId', 'name', 'locale'] })) as Array<Named & { locale: string }>;
  const byId = new Map<string, Named>();
  for (const row of rows) if (!byId.has(row.documentId) || row.locale === locale) byId.set(row.documentId, { documentId: row.documentId, name: row.name });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** The audience's names for a message or a page: its tables, then its neighbourhoods in `locale`. */
export async function audienceNames(strapi: Core.Strapi, row: Pick<HandRow, 'roundTables' | 'neighbourhoods'>, locale: Locale): Promise<{ tables: string[]; neighbourhoods: string[] }> {
  const { tableIds, neighbourhoodIds } = audienceOf(row);
  const names = await namesIn(strapi, 'api::neighbourhood.neighbourhood', neighbourhoodIds, locale);
  return {
    tables: tableIds.map((id) => (row.roundTables ?? []).find((x) => x.documentId === id)!.name),
    neighbourhoods: neighbourhoodIds.map((id) => names.get(id) ?? (row.neighbourhoods ?? []).find((x) => x.documentId === id)!.name),
  };
}

// The tables' members are not read here: who sits where is read once per page (viewerOf), so a
// list of requests does not load every member of every table once per request.
const populateHand = {
  author: { select: ['documentId', 'name', 'active'] },
  roundTables: { select: ['documentId', 'name'] },
  neighbourhoods: { select: ['documentId', 'name'] },
} as const;

/** The tables a member sits at, by name: where they may post a request. */
export async function tablesOfMember(strapi: Core.Strapi, memberId: string): Promise<Named[]> {
  return (await strapi.db.query(roundTableUid).findMany({ where: { members: { documentId: memberId, active: true } }, select: ['documentId', 'name'], orderBy: { name: 'asc' } })) as Named[];
}

/** Who is looking: where they are and whether they are an OC, read once per page, not once per request. */
interface Viewer {
  scope: MemberScope;
  isOc: boolean;
}

async function viewerOf(strapi: Core.Strapi, memberId: string): Promise<Viewer> {
  const [scopes, me] = await Promise.all([
    activeScopes(strapi, [memberId]),
    strapi.db.query(practitionerUid).findOne({ where: { documentId: memberId }, select: ['spaceRole'] }) as Promise<{ spaceRole: string } | null>,
  ]);
  // A member made inactive has no scope: the empty one sees nothing, not even their own requests.
  return { scope: scopes.get(memberId) ?? { memberId: '', tableIds: new Set(), neighbourhoodIds: new Set() }, isOc: me?.spaceRole === 'oc' };
}

/** What this member may see of a request row, or null: `seesHand` says no. */
function asSeenBy(row: HandRow, viewer: Viewer): MemberHand | null {
  if (!seesHand({ authorId: row.author?.documentId ?? null, audience: audienceOf(row) }, viewer.scope)) return null;
  const isAuthor = row.author?.documentId === viewer.scope.memberId;
  const mine = (row.roundTables ?? []).filter((table) => viewer.scope.tableIds.has(table.documentId));
  const tables = (isAuthor ? (row.roundTables ?? []) : mine).map(({ documentId, name }) => ({ documentId, name }));
  // Anyone who sees it and is not its author is reached by it: an OC among them may close it.
  return { row, tables, isAuthor, canResolve: isAuthor || viewer.isOc };
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

function factsOf(hand: MemberHand, placeNames: Map<string, string>): Omit<HandSummary, 'replies'> {
  const { row } = hand;
  return {
    documentId: row.documentId,
    kind: row.kind,
    title: row.title,
    authorName: authorName(row.author),
    tables: hand.tables.map((x) => x.name),
    neighbourhoods: audienceOf(row).neighbourhoodIds.map((id) => placeNames.get(id) ?? (row.neighbourhoods ?? []).find((x) => x.documentId === id)!.name),
    createdAt: new Date(row.createdAt).toISOString(),
    editedAt: row.editedAt ? new Date(row.editedAt).toISOString() : null,
    neededBy: row.neededBy ? String(row.neededBy).slice(0, 10) : null,
    resolved: row.requestStatus === 'resolved',
  };
}

const summaryOf = (hand: MemberHand, replies: number, placeNames: Map<string, string>): HandSummary => ({ ...factsOf(hand, placeNames), replies });

/** Open requests per page of the list: a bounded page, whatever the number of requests. */
export const handsPerPage = 20;
/** Their own resolved requests shown under the list: the latest ones only. */
const resolvedShown = 20;

/**
 * One page of the open requests this member can see (their tables' and their own, newest first),
 * whether an older page exists, and, on the first page, their own latest resolved ones.
 */
export async function handsOfMember(strapi: Core.Strapi, memberId: string, page = 1, locale: Locale = 'fr'): Promise<{ open: HandSummary[]; mineResolved: HandSummary[]; hasOlder: boolean }> {
  const order = [{ createdAtMs: 'desc' }, { id: 'desc' }] as const;
  const viewer = await viewerOf(strapi, memberId);
  // The same rule as `seesHand`, as a query, so that pages hold what the member sees (asSeenBy checks each row again).
  const { tableIds, neighbourhoodIds } = viewer.scope;
  const reached = [
    { author: { documentId: memberId } },
    ...(tableIds.size ? [{ roundTables: { documentId: { $in: [...tableIds] } } }] : []),
    ...(neighbourhoodIds.size ? [{ neighbourhoods: { documentId: { $in: [...neighbourhoodIds] } } }] : []),
  ];
  const rows = (await strapi.db.query(handRequestUid).findMany({
    where: { requestStatus: 'open', $or: reached },
    orderBy: [...order],
    populate: populateHand,
    offset: (page - 1) * handsPerPage,
    // One more than a page: whether "older requests" has anything to show.
    limit: handsPerPage + 1,
  })) as HandRow[];
  const resolved = page === 1 ? ((await strapi.db.query(handRequestUid).findMany({ where: { requestStatus: 'resolved', author: { documentId: memberId } }, orderBy: [...order], populate: populateHand, limit: resolvedShown })) as HandRow[]) : [];
  // A request at two of the member's tables must not show twice, whatever the database's joins return.
  const seen = new Set<number>();
  const visible = (list: HandRow[]) => list.flatMap((row) => (seen.has(row.id) || !seen.add(row.id) ? [] : (asSeenBy(row, viewer) ?? [])));
  const open = visible(rows.slice(0, handsPerPage));
  const mine = visible(resolved);
  const counts = await replyCounts(strapi, [...open, ...mine].map((h) => h.row.id));
  const places = await namesIn(strapi, 'api::neighbourhood.neighbourhood', unique([...open, ...mine].flatMap((h) => audienceOf(h.row).neighbourhoodIds)), locale);
  const summary = (h: MemberHand) => summaryOf(h, counts.get(h.row.id) ?? 0, places);
  return { open: open.map(summary), mineResolved: mine.map(summary), hasOlder: rows.length > handsPerPage };
}

/**
 * A request and one page of its replies (page 1: the latest ones), never the whole thread: one more
 * row is read to know whether an older page exists, and the page is shown oldest first.
 */
export async function handView(strapi: Core.Strapi, hand: MemberHand, page = 1, locale: Locale = 'fr'): Promise<HandView> {
  const size = handRules.repliesPerPage;
  const rows = (await strapi.db.query(handReplyUid).findMany({
    where: { handRequest: { id: hand.row.id } },
    select: ['id', 'text', 'createdAt'],
    orderBy: [{ createdAtMs: 'desc' }, { id: 'desc' }],
    populate: { author: { select: ['documentId', 'name', 'active'] } },
    offset: (page - 1) * size,
    limit: size + 1,
  })) as ReplyRow[];
  const places = await namesIn(strapi, 'api::neighbourhood.neighbourhood', audienceOf(hand.row).neighbourhoodIds, locale);
  return {
    ...factsOf(hand, places),
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
    canEdit: hand.isAuthor && hand.row.requestStatus === 'open',
    publicDrafts: await draftsOfSource(strapi, 'hand', hand.row.documentId),
  };
}

const dayMs = 86_400_000;

/**
 * Requests this member posted, or widened to more people, in the last 24 hours: each one may
 * notify every member it reaches. A request posted and widened the same day counts once.
 */
export async function requestsToday(strapi: Core.Strapi, memberId: string, now = Date.now(), except?: number): Promise<number> {
  return strapi.db.query(handRequestUid).count({
    where: { author: { documentId: memberId }, $or: [{ createdAtMs: { $gt: now - dayMs } }, { widenedAtMs: { $gt: now - dayMs } }], ...(except === undefined ? {} : { id: { $ne: except } }) },
  });
}

export async function repliesThisHour(strapi: Core.Strapi, memberId: string, now = Date.now()): Promise<number> {
  return strapi.db.query(handReplyUid).count({ where: { author: { documentId: memberId }, createdAtMs: { $gt: now - dayMs / 24 } } });
}

export const overRequestLimit = async (strapi: Core.Strapi, memberId: string) => (await requestsToday(strapi, memberId)) >= handRules.requestsPerDay;

/** Widening a request reaches new people: allowed when it already counts today, or when the day's count has room for it. */
export async function overWidenLimit(strapi: Core.Strapi, hand: HandRow, memberId: string, now = Date.now()): Promise<boolean> {
  const countsToday = Number(hand.createdAtMs) > now - dayMs || Number(hand.widenedAtMs ?? 0) > now - dayMs;
  return !countsToday && (await requestsToday(strapi, memberId, now, hand.id)) >= handRules.requestsPerDay;
}
export const overReplyLimit = async (strapi: Core.Strapi, memberId: string) => (await repliesThisHour(strapi, memberId)) >= handRules.repliesPerHour;

export async function createHand(strapi: Core.Strapi, memberId: string, input: HandInput, now = Date.now()): Promise<{ id: number; documentId: string }> {
  return (await strapi.documents(handRequestUid).create({
    data: { kind: input.kind, title: input.title, details: input.details, neededBy: input.neededBy, author: memberId, roundTables: input.tables, neighbourhoods: input.neighbourhoods, requestStatus: 'open', createdAtMs: now } as never,
  })) as unknown as { id: number; documentId: string };
}

export async function addReply(strapi: Core.Strapi, hand: MemberHand, memberId: string, text: string, now = Date.now()): Promise<number> {
  const created = (await strapi.documents(handReplyUid).create({ data: { handRequest: hand.row.documentId, author: memberId, text, createdAtMs: now } as never })) as unknown as { id: number };
  return created.id;
}

export async function resolveHand(strapi: Core.Strapi, hand: MemberHand): Promise<void> {
  await strapi.documents(handRequestUid).update({ documentId: hand.row.documentId, data: { requestStatus: 'resolved', resolvedAt: new Date().toISOString() } as never });
}

/** How long the weekly digest looks back: what happened in the last 7 days is "new". */
export const digestWindowMs = 7 * dayMs;

/** A stored audience (`widenedFrom`), or null when the value is not one. */
export function storedAudience(value: unknown): Audience | null {
  if (!value || typeof value !== 'object') return null;
  const { tableIds, neighbourhoodIds } = value as Record<string, unknown>;
  const ids = (list: unknown) => (Array.isArray(list) && list.every((id) => typeof id === 'string') ? (list as string[]) : null);
  const tables = ids(tableIds);
  const places = ids(neighbourhoodIds);
  return tables && places ? { tableIds: tables, neighbourhoodIds: places } : null;
}

/**
 * An edit by its author: its words, kind, date and audience. Its posting date stays (the list's
 * order and the limits read it); `editedAt` says it changed; `widenedAtMs` when it now names a
 * table or neighbourhood it did not before (the day's request limit counts it), and `widenedFrom`
 * the audience it had before, so the weekly digest tells only the members the widening reaches
 * anew. A second widening within the digest's window keeps the first one's `widenedFrom`: members
 * the first one reached may not have had their digest yet.
 */
export async function editHand(strapi: Core.Strapi, hand: MemberHand, input: HandInput, widened: boolean, before: Audience, now = Date.now()): Promise<void> {
  const earlier = Number(hand.row.widenedAtMs ?? 0) > now - digestWindowMs ? storedAudience(hand.row.widenedFrom) : null;
  await strapi.documents(handRequestUid).update({
    documentId: hand.row.documentId,
    data: {
      kind: input.kind,
      title: input.title,
      details: input.details,
      neededBy: input.neededBy,
      roundTables: input.tables,
      neighbourhoods: input.neighbourhoods,
      editedAt: new Date(now).toISOString(),
      ...(widened ? { widenedAtMs: now, widenedFrom: earlier ?? before } : {}),
    } as never,
  });
}

/** Whether `after` names a table or neighbourhood that `before` does not. */
export function widens(before: Audience, after: Audience): boolean {
  return after.tableIds.some((id) => !before.tableIds.includes(id)) || after.neighbourhoodIds.some((id) => !before.neighbourhoodIds.includes(id));
}
