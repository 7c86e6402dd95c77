import type { Core } from '@strapi/strapi';
import type { Trx } from './abuse';

/**
 * Every hourly or daily limit counts rows, then writes one. Run as two steps, simultaneous
 * requests all read the same count and all pass: a burst goes past any limit on PostgreSQL.
 * `withLimitLock` runs the count and the write in one transaction that first takes the locks
 * deciding who counts next (docs/decisions/0045-limits-hold-under-bursts.md for the space,
 * docs/decisions/0051-public-limits-hold-under-bursts.md for the public forms, texts and calls):
 *
 * - `{ row }`: a row of a table, `SELECT … FOR UPDATE` — the limits of what one known person does
 *   (a member of the space);
 * - `{ key }`: a PostgreSQL advisory transaction lock on a name — the limits with no row to lock
 *   (a contact, an address, a caller's number). A name is built from a keyed hash already stored
 *   (`recipientHash`, `hashIp`, `optOutHash`), never from a raw email, number or address.
 *
 * Both are let go when the transaction ends, commit or rollback; a request that dies takes its
 * locks with its connection. READ COMMITTED suffices: the count is read after the lock is granted,
 * so it sees what the previous holder committed. Within one call the locks are taken in one order
 * (rows first, then names, each sorted); a transaction that takes more later (`takeLimitLocks`
 * inside a nested call) takes them in the order its code runs, which each caller keeps fixed.
 *
 * On SQLite nothing is taken: its one connection already runs transactions one after the other.
 */
export type LimitLock = { row: { uid: string; documentId: string } } | { key: string };

/** Our advisory locks' namespace ("LIMT"): apart from the scheduled jobs' (operations/job-lock.ts). */
const ADVISORY_NAMESPACE = 0x4c494d54;

/** Takes `locks` in the caller's transaction `trx`, until it ends. Nothing on SQLite. */
export async function takeLimitLocks(strapi: Core.Strapi, trx: Trx, locks: LimitLock[]): Promise<void> {
  if (strapi.db.dialect.client !== 'postgres') return;
  const rows = [
    ...new Map(locks.flatMap((item) => ('row' in item ? [[`${item.row.uid}\u0000${item.row.documentId}`, item.row] as const] : []))).entries(),
  ]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
  const keys = [...new Set(locks.flatMap((item) => ('key' in item ? [item.key] : [])))].sort();
  for (const row of rows) await trx(strapi.db.metadata.get(row.uid).tableName).where('document_id', row.documentId).forUpdate().first('id');
  // Two different names may hash alike: they then wait for each other, which is slower, never wrong.
  for (const key of keys) await trx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [ADVISORY_NAMESPACE, key]);
}

/**
 * Runs `work` (its counts and its writes) in one transaction, after the locks that serialise it.
 * Called inside another transaction, Strapi hands it the same one: the locks then last until that
 * outer transaction ends, which is what a caller counting before this call needs.
 */
export async function withLimitLock<T>(strapi: Core.Strapi, locks: LimitLock[], work: () => Promise<T>): Promise<T> {
  return strapi.db.transaction(async ({ trx }) => {
    await takeLimitLocks(strapi, trx, locks);
    return work();
  });
}
