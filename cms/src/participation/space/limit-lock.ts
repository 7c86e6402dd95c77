import type { Core } from '@strapi/strapi';
import type { Trx } from '../abuse';
import { practitionerUid } from './sessions';

/**
 * The space's hourly and daily limits count rows, then write one. Run as two steps, simultaneous
 * requests all read the same count and all pass: a burst of posts, invitations or sign-in requests
 * goes past any limit on PostgreSQL. `withLimitLock` runs the count and the write in one
 * transaction that first takes the lock deciding who counts next (docs/decisions/0045-limits-hold-under-bursts.md):
 *
 * - `{ member }`: the member's own row, `SELECT … FOR UPDATE` — the limits of what one member does;
 * - `{ key }`: a PostgreSQL advisory transaction lock on a name — the limits with no row to lock
 *   (a contact or an address asking to sign in, a contact being invited, who may not be a member).
 *
 * Both are let go when the transaction ends, commit or rollback; a request that dies takes its lock
 * with its connection. READ COMMITTED suffices: the count is read after the lock is granted, so it
 * sees what the previous holder committed. Locks are taken in one order (the member first, then
 * the keys sorted), so two requests never wait on each other in a circle.
 *
 * On SQLite nothing is taken: its one connection already runs transactions one after the other.
 */
export type LimitLock = { member: string } | { key: string };

/** Our advisory locks' namespace ("LIMT"): apart from the scheduled jobs' (operations/job-lock.ts). */
const ADVISORY_NAMESPACE = 0x4c494d54;

async function lock(strapi: Core.Strapi, trx: Trx, locks: LimitLock[]): Promise<void> {
  const members = [...new Set(locks.flatMap((item) => ('member' in item ? [item.member] : [])))].sort();
  const keys = [...new Set(locks.flatMap((item) => ('key' in item ? [item.key] : [])))].sort();
  const table = strapi.db.metadata.get(practitionerUid).tableName;
  for (const member of members) await trx(table).where('document_id', member).forUpdate().first('id');
  // Two different names may hash alike: they then wait for each other, which is slower, never wrong.
  for (const key of keys) await trx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [ADVISORY_NAMESPACE, key]);
}

/** Runs `work` (its counts and its writes) in one transaction, after the locks that serialise it. */
export async function withLimitLock<T>(strapi: Core.Strapi, locks: LimitLock[], work: () => Promise<T>): Promise<T> {
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await lock(strapi, trx, locks);
    return work();
  });
}
