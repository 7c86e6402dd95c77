import type { Core } from '@strapi/strapi';
import { outboxTable } from './claim';
import { outboxUid, wakeOutboxWorkers } from './send';

/**
 * Messages the worker gave up on, for the OCs' admin widget: kind, channel, tries, the provider's
 * error codes and times — never the recipient or the text. A retry puts a dead message back in
 * the queue, due now, with its tries counted afresh.
 */
export interface DeadLetter {
  id: number;
  channel: 'email' | 'sms';
  kind: string;
  status: 'dead' | 'failed';
  attempts: number;
  lastError: string | null;
  queuedAt: string;
  lastTryAt: string | null;
  /** A dead message erased since (by retention or a person's erasure) cannot be sent again. */
  retryable: boolean;
}

export async function deadLetters(strapi: Core.Strapi, limit = 50): Promise<{ count: number; pending: number; items: DeadLetter[] }> {
  const { table, column } = outboxTable(strapi);
  const knex = strapi.db.connection;
  const dead = () => knex(table).whereIn(column('deliveryStatus'), ['dead', 'failed']);
  const count = ((await dead().count({ count: '*' })) as Array<{ count: number | string }>)[0]?.count ?? 0;
  const pending = ((await knex(table).whereIn(column('deliveryStatus'), ['pending', 'sending']).count({ pending: '*' })) as Array<{ pending: number | string }>)[0]?.pending ?? 0;
  const rows = (await dead()
    .select('id', column('channel'), column('messageKind'), column('deliveryStatus'), column('attempts'), column('lastError'), column('queuedAtMs'), column('updatedAt'), column('body'))
    .orderBy('id', 'desc')
    .limit(limit)) as Array<Record<string, unknown>>;
  return {
    count: Number(count),
    pending: Number(pending),
    items: rows.map((row) => ({
      id: Number(row.id),
      channel: row[column('channel')] as 'email' | 'sms',
      kind: String(row[column('messageKind')]),
      status: row[column('deliveryStatus')] as 'dead' | 'failed',
      attempts: Number(row[column('attempts')]),
      lastError: (row[column('lastError')] as string | null) ?? null,
      queuedAt: new Date(Number(row[column('queuedAtMs')])).toISOString(),
      lastTryAt: row[column('updatedAt')] ? new Date(row[column('updatedAt')] as string).toISOString() : null,
      retryable: row[column('deliveryStatus')] === 'dead' && row[column('body')] !== null,
    })),
  };
}

/** Puts a dead message back in the queue; `false` if it is not dead or lost its content. */
export async function retryDeadLetter(strapi: Core.Strapi, id: number): Promise<boolean> {
  const { table, column } = outboxTable(strapi);
  const changed = (await strapi.db
    .connection(table)
    .where('id', id)
    .andWhere(column('deliveryStatus'), 'dead')
    .whereNotNull(column('body'))
    .update({ [column('deliveryStatus')]: 'pending', [column('attempts')]: 0, [column('nextAttemptAtMs')]: Date.now() })) as number;
  if (changed === 1) {
    strapi.log.info(`[messages] ${outboxUid} #${id} queued again from the admin`);
    wakeOutboxWorkers();
  }
  return changed === 1;
}
