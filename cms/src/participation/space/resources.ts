import type { Core } from '@strapi/strapi';
import { resourceRules, resourceThemes, type ResourceFile, type ResourceFilters, type ResourceInput, type ResourceSummary, type ResourceTheme } from '@passerelle/shared/participation';
import { isDocumentId } from './meetings';
import type { DocumentMiddleware } from '../../document-middlewares/types';
import { practitionerUid, roundTableUid } from './sessions';
import { tablesOfMember } from './hands';
import { deleteResourceThread, messageCountsOfResources } from './threads';
import { documentKinds, isDocumentKind, type DocumentKind } from './file-sniff';
import { removeStoredFile } from './resource-files';

/**
 * Shared resources, as one member may see them: those for every member, and those of the round
 * tables they sit at (as an active member). For anyone else a table's resource is the same "not
 * found" as one that does not exist. Its author, and any OC who can see it, may delete it.
 */
export const resourceUid = 'api::practitioners.resource';

interface ResourceRow {
  id: number;
  documentId: string;
  title: string;
  description: string | null;
  url: string | null;
  fileKey?: string | null;
  fileName?: string | null;
  fileType?: string | null;
  fileSize?: number | null;
  themes: unknown;
  createdAt: string;
  author?: { documentId: string; name: string } | null;
  roundTable?: { documentId: string; name: string } | null;
}

const populate = { author: { select: ['documentId', 'name'] }, roundTable: { select: ['documentId', 'name'] } } as const;

/** A stored document as pages show it: its type label comes from the kind found in its bytes. */
function fileOf(row: ResourceRow): ResourceFile | null {
  if (!row.fileKey || !row.fileName || !isDocumentKind(row.fileType)) return null;
  return { name: row.fileName, size: Number(row.fileSize ?? 0), type: documentKinds[row.fileType].extension.toUpperCase() };
}

const themesOf = (value: unknown): ResourceTheme[] => (Array.isArray(value) ? resourceThemes.filter((theme) => value.includes(theme)) : []);

async function isOc(strapi: Core.Strapi, memberId: string): Promise<boolean> {
  const me = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: memberId }, select: ['spaceRole'] })) as { spaceRole: string } | null;
  return me?.spaceRole === 'oc';
}

function summaryOf(row: ResourceRow, memberId: string, oc: boolean, messages = 0): ResourceSummary {
  return {
    messages,
    documentId: row.documentId,
    title: row.title,
    description: row.description ?? '',
    url: row.url || null,
    file: fileOf(row),
    themes: themesOf(row.themes),
    table: row.roundTable?.name ?? null,
    authorName: row.author?.name ?? null,
    createdAt: new Date(row.createdAt).toISOString(),
    canDelete: oc || row.author?.documentId === memberId,
  };
}

/** Every member's resources and those of this member's tables, newest first, filtered. */
export async function resourcesOfMember(strapi: Core.Strapi, memberId: string, filters: ResourceFilters): Promise<ResourceSummary[]> {
  const tables = (await tablesOfMember(strapi, memberId)).map((x) => x.documentId);
  const visible = filters.table ? (tables.includes(filters.table) ? [{ roundTable: { documentId: filters.table } }] : []) : [{ roundTable: { id: { $null: true } } }, ...(tables.length ? [{ roundTable: { documentId: { $in: tables } } }] : [])];
  if (visible.length === 0) return [];
  const rows = (await strapi.db.query(resourceUid).findMany({ where: { $or: visible }, orderBy: [{ createdAtMs: 'desc' }, { id: 'desc' }], populate, limit: 500 })) as ResourceRow[];
  const oc = await isOc(strapi, memberId);
  // Themes are a JSON list: filtered here rather than with a database-specific JSON operator.
  const shown = rows.filter((row) => !filters.theme || themesOf(row.themes).includes(filters.theme));
  const counts = await messageCountsOfResources(strapi, shown.map((row) => row.id));
  return shown.map((row) => summaryOf(row, memberId, oc, counts.get(row.id) ?? 0));
}

/** A resource this member may see, or null (unknown, or another table's). */
export async function resourceOfMember(strapi: Core.Strapi, resourceId: string, memberId: string): Promise<ResourceSummary | null> {
  if (!isDocumentId(resourceId)) return null;
  const row = (await strapi.db.query(resourceUid).findOne({ where: { documentId: resourceId }, populate })) as ResourceRow | null;
  if (!row) return null;
  if (row.roundTable) {
    const tables = (await tablesOfMember(strapi, memberId)).map((x) => x.documentId);
    if (!tables.includes(row.roundTable.documentId)) return null;
  }
  return summaryOf(row, memberId, await isOc(strapi, memberId));
}

export async function overResourceLimit(strapi: Core.Strapi, memberId: string, now = Date.now()): Promise<boolean> {
  return (await strapi.db.query(resourceUid).count({ where: { author: { documentId: memberId }, createdAtMs: { $gt: now - 86_400_000 } } })) >= resourceRules.perDay;
}

/** Bytes of the documents kept by the resources matching `where` (a link has no size). */
async function storedBytes(strapi: Core.Strapi, where: Record<string, unknown>): Promise<number> {
  // The id too: a filter through a relation makes the query DISTINCT, which would fold two documents of one size into one.
  const rows = (await strapi.db.query(resourceUid).findMany({ where: { ...where, fileKey: { $notNull: true } }, select: ['id', 'fileSize'] })) as Array<{ fileSize: number | string | null }>;
  return rows.reduce((sum, row) => sum + Number(row.fileSize ?? 0), 0);
}

export type StorageQuota = 'member' | 'table';

/**
 * Which storage quota a new document of `size` bytes would pass: its author's (every document they
 * shared), else its table's (every document shared with that table, by anyone), else null. Read
 * under `withLimitLock` with the member's row and the table's key taken, so simultaneous uploads
 * count one after the other (decision 0053).
 */
export async function overStorageQuota(strapi: Core.Strapi, memberId: string, tableId: string | null, size: number, quotas: { member: number; table: number }): Promise<StorageQuota | null> {
  if ((await storedBytes(strapi, { author: { documentId: memberId } })) + size > quotas.member) return 'member';
  if (tableId && (await storedBytes(strapi, { roundTable: { documentId: tableId } })) + size > quotas.table) return 'table';
  return null;
}

/** The lock name that serialises uploads to one table's documents (limit-lock.ts). */
export const tableStorageLock = (tableId: string) => `space-table-storage:${tableId}`;

/** A document already kept in the private store (resource-files.ts), to attach to a new resource. */
export interface StoredDocument {
  key: string;
  name: string;
  kind: DocumentKind;
  size: number;
}

/** A new resource: a link, or a stored document (removed again if the row cannot be written). */
export async function createResource(strapi: Core.Strapi, memberId: string, input: ResourceInput, stored: StoredDocument | null = null, now = Date.now()): Promise<string> {
  const file = stored ? { fileKey: stored.key, fileName: stored.name, fileType: stored.kind, fileSize: stored.size } : {};
  try {
    const created = (await strapi.documents(resourceUid).create({
      data: { title: input.title, description: input.description || null, url: stored ? null : input.url, ...file, themes: input.themes, roundTable: input.table, author: memberId, createdAtMs: now } as never,
    })) as unknown as { documentId: string };
    return created.documentId;
  } catch (error) {
    await removeStoredFile(strapi, stored?.key);
    throw error;
  }
}

/** The stored document of a resource this member may see (same rule as its page), or null. */
export async function resourceFileOfMember(strapi: Core.Strapi, resourceId: string, memberId: string): Promise<{ key: string; name: string; kind: DocumentKind } | null> {
  if (!(await resourceOfMember(strapi, resourceId, memberId))) return null;
  const row = (await strapi.db.query(resourceUid).findOne({ where: { documentId: resourceId }, select: ['fileKey', 'fileName', 'fileType'] })) as Pick<ResourceRow, 'fileKey' | 'fileName' | 'fileType'> | null;
  if (!row?.fileKey || !row.fileName || !isDocumentKind(row.fileType)) return null;
  return { key: row.fileKey, name: row.fileName, kind: row.fileType };
}

/** Deletes a resource and its thread; returns its stored document's key, to remove once the transaction is over. */
async function deleteResourceRows(strapi: Core.Strapi, resourceId: string): Promise<string | null> {
  const row = (await strapi.db.query(resourceUid).findOne({ where: { documentId: resourceId }, select: ['fileKey'] })) as { fileKey: string | null } | null;
  await deleteResourceThread(strapi, resourceId);
  await strapi.documents(resourceUid).delete({ documentId: resourceId });
  return row?.fileKey ?? null;
}

/** A resource, its thread and its document go together; the file only after the rows are gone for good. */
export async function deleteResource(strapi: Core.Strapi, resourceId: string): Promise<void> {
  const key = await strapi.db.transaction(() => deleteResourceRows(strapi, resourceId));
  await removeStoredFile(strapi, key);
}

/**
 * A round table deleted (by an OC in the admin) takes its resources and their threads with it:
 * without its table, a table's resource would read as one "for every member" (no table), and its
 * links and discussion, meant for that table, would open to the whole space.
 */
export function deleteResourcesWithTable(strapi: Core.Strapi): DocumentMiddleware {
  return async (ctx, next) => {
    if (ctx.uid !== roundTableUid || ctx.action !== 'delete' || typeof ctx.params.documentId !== 'string') return next();
    const tableId = ctx.params.documentId;
    const keys: Array<string | null> = [];
    const result = await strapi.db.transaction(async () => {
      const rows = (await strapi.db.query(resourceUid).findMany({ where: { roundTable: { documentId: tableId } }, select: ['documentId'] })) as Array<{ documentId: string }>;
      for (const row of rows) keys.push(await deleteResourceRows(strapi, row.documentId));
      return next();
    });
    for (const key of keys) await removeStoredFile(strapi, key);
    return result;
  };
}
