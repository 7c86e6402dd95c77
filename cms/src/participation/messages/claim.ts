import type { Core } from '@strapi/strapi';
import type { QueryBuilder } from '../abuse';
import { outboxUid } from './send';

/**
 * Taking due messages out of the outbox so that, across any number of CMS processes, each is sent
 * by one of them at a time. A claimed message is `sending` under a lease (owner + until); one whose
 * lease ran out (its process died mid-send) is due again.
 *
 * - PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` — concurrent claimers pass over each other's rows
 *   instead of waiting for them — then the rows are marked in the same transaction.
 * - SQLite (one writer at a time, no row locks): a conditional `UPDATE … WHERE id = ? AND <still
 *   due>` per candidate; the one whose update changed a row owns it.
 */
export interface ClaimedMessage {
  id: number;
  channel: 'email' | 'sms';
  kind: string;
  idempotencyKey: string;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  attachments: Array<{ filename: string; content: string; contentType: string }> | null;
  /** This try included. */
  attempts: number;
}

export function outboxTable(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(outboxUid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  return { table: meta.tableName, column };
}

/** Re-run every boot: one message per key, and the claim's scan by due time. */
export async function ensureOutboxIndexes(strapi: Core.Strapi): Promise<void> {
  const { table, column } = outboxTable(strapi);
  const knex = strapi.db.connection;
  await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${table}_key_uq`, table, column('idempotencyKey')]);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??)`, [`${table}_due_idx`, table, column('deliveryStatus'), column('nextAttemptAtMs')]);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${table}_provider_id_idx`, table, column('providerMessageId')]);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${table}_recipient_idx`, table, column('recipientHash')]);
}

/** `where` for a message that may be claimed at `now`. */
export function dueCondition(strapi: Core.Strapi, now: number) {
  const { column } = outboxTable(strapi);
  return (q: QueryBuilder) =>
    q
      .where((w: QueryBuilder) => w.where(column('deliveryStatus'), 'pending').andWhere(column('nextAttemptAtMs'), '<=', now))
      .orWhere((w: QueryBuilder) => w.where(column('deliveryStatus'), 'sending').andWhere(column('leaseUntilMs'), '<', now));
}

export async function claimDueMessages(
  strapi: Core.Strapi,
  owner: string,
  { now = Date.now(), limit = 20, leaseMs }: { now?: number; limit?: number; leaseMs: number },
): Promise<ClaimedMessage[]> {
  const { table, column } = outboxTable(strapi);
  const knex = strapi.db.connection;
  const due = dueCondition(strapi, now);
  const marks = (trx: Core.Strapi['db']['connection']) => ({
    [column('deliveryStatus')]: 'sending',
    [column('leaseOwner')]: owner,
    [column('leaseUntilMs')]: now + leaseMs,
    [column('attempts')]: trx.raw('?? + 1', [column('attempts')]),
  });

  let ids: number[];
  if (strapi.db.dialect.client === 'postgres') {
    ids = await knex.transaction(async (trx) => {
      const rows = (await trx(table).select('id').where(due).orderBy(column('nextAttemptAtMs')).limit(limit).forUpdate().skipLocked()) as Array<{ id: number }>;
      const found = rows.map((r) => Number(r.id));
      if (found.length > 0) await trx(table).whereIn('id', found).update(marks(trx));
      return found;
    });
  } else {
    const rows = (await knex(table).select('id').where(due).orderBy(column('nextAttemptAtMs')).limit(limit)) as Array<{ id: number }>;
    ids = [];
    for (const { id } of rows) {
      const changed = (await knex(table).where('id', id).andWhere(due).update(marks(knex))) as number;
      if (changed === 1) ids.push(Number(id));
    }
  }
  if (ids.length === 0) return [];

  const rows = (await knex(table).whereIn('id', ids)) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    id: Number(row.id),
    channel: row[column('channel')] as 'email' | 'sms',
    kind: String(row[column('messageKind')]),
    idempotencyKey: String(row[column('idempotencyKey')]),
    recipient: (row[column('recipient')] as string | null) ?? null,
    subject: (row[column('subject')] as string | null) ?? null,
    body: (row[column('body')] as string | null) ?? null,
    attachments: parseJson(row[column('attachments')]),
    attempts: Number(row[column('attempts')]),
  }));
}

function parseJson(value: unknown): ClaimedMessage['attachments'] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return JSON.parse(value) as ClaimedMessage['attachments'];
  return value as ClaimedMessage['attachments'];
}
