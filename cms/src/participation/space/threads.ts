import type { Core } from '@strapi/strapi';
import { threadRules, type ThreadMessage, type ThreadPage } from '@passerelle/shared/participation';
import { countsByRelation } from './relation-counts';

/**
 * Thread messages of the space, on a round table or a shared resource: one type for both (see
 * docs/decisions/0042-threads-on-tables-and-resources.md). Who may read or post is decided before
 * anything here is called: a table's thread by `tableOfMember` (active members only), a resource's
 * by `resourceOfMember` (a table's resource for that table's active members only). Reads are bounded:
 * one page, never the whole thread.
 */
export const threadMessageUid = 'api::practitioners.thread-message';

/** A thread's subject; the table's row id when known (its page read it), else its documentId. */
export interface ThreadSubject {
  kind: 'table' | 'resource';
  documentId: string;
  id?: number;
}

interface MessageRow {
  id: number;
  text: string;
  createdAt: string;
  author?: { name: string } | null;
}

function whereOf(subject: ThreadSubject) {
  const key = subject.id === undefined ? { documentId: subject.documentId } : { id: subject.id };
  return subject.kind === 'table' ? { roundTable: key } : { resource: key };
}

/** One page of a thread, newest first; one more row is read to know whether an older page exists. */
export async function threadPage(strapi: Core.Strapi, subject: ThreadSubject, page: number, size: number = threadRules.perPage): Promise<ThreadPage> {
  const rows = (await strapi.db.query(threadMessageUid).findMany({
    where: whereOf(subject),
    select: ['id', 'text', 'createdAt'],
    populate: { author: { select: ['name'] } },
    orderBy: [{ createdAtMs: 'desc' }, { id: 'desc' }],
    offset: (page - 1) * size,
    limit: size + 1,
  })) as MessageRow[];
  const messages: ThreadMessage[] = rows.slice(0, size).map((r) => ({ authorName: r.author?.name ?? null, text: r.text, createdAt: new Date(r.createdAt).toISOString() }));
  return { messages, page, hasOlder: rows.length > size };
}

/** Messages per resource, for the list's "Discussion (n)" links: one grouped count for the page. */
export async function messageCountsOfResources(strapi: Core.Strapi, resourceIds: number[]): Promise<Map<number, number>> {
  return countsByRelation(strapi, threadMessageUid, 'resource', resourceIds);
}

/** Messages this member posted in the last hour, in every thread: each one may notify a whole table. */
export async function overThreadLimit(strapi: Core.Strapi, memberId: string, now = Date.now()): Promise<boolean> {
  return (await strapi.db.query(threadMessageUid).count({ where: { author: { documentId: memberId }, createdAtMs: { $gt: now - 3_600_000 } } })) >= threadRules.messagesPerHour;
}

export async function addThreadMessage(strapi: Core.Strapi, subject: ThreadSubject, memberId: string, text: string, now = Date.now()): Promise<number> {
  const link = subject.kind === 'table' ? { roundTable: subject.documentId } : { resource: subject.documentId };
  const created = (await strapi.documents(threadMessageUid).create({ data: { ...link, author: memberId, text, createdAtMs: now } as never })) as unknown as { id: number };
  return created.id;
}

/** A resource's thread goes with it: messages about a link nobody can open any more are nobody's use. */
export async function deleteResourceThread(strapi: Core.Strapi, resourceDocumentId: string): Promise<void> {
  await strapi.db.query(threadMessageUid).deleteMany({ where: { resource: { documentId: resourceDocumentId } } });
}
