import type { Core } from '@strapi/strapi';
import { participationConfig } from './config';
import { takeLimitLocks, type LimitLock } from './limit-lock';

/**
 * The petition rules, for every form: a filled honeypot, or more submissions from this address
 * for this item than the rate limits allow, make the new row "suspect" — stored for review, never
 * counted or forwarded, and the person sees the usual next page.
 *
 * Call it inside the transaction that writes the row: the count takes the address's lock
 * (`addressLock`), which that transaction keeps until it ends, so simultaneous submissions from one
 * address count one after the other (docs/decisions/0051-public-limits-hold-under-bursts.md).
 */
export async function suspectReasonFor(
  strapi: Core.Strapi,
  uid: string,
  item: Record<string, string>,
  ipHash: string,
  honeypot: boolean,
  now: number,
): Promise<'honeypot' | 'rate-limit' | null> {
  if (honeypot) return 'honeypot';
  return (await overRateLimits(strapi, uid, item, ipHash, now)) ? 'rate-limit' : null;
}

/**
 * The lock on one address's submissions, by its keyed day hash (`hashIp`), never the address: the
 * same for every form, as a burst spread over several forms is still one address's burst.
 */
export function addressLock(ipHash: string): LimitLock {
  return { key: `address:${ipHash}` };
}

type TransactionCallback = Extract<Parameters<Core.Strapi['db']['transaction']>[0], (...args: never[]) => unknown>;
/** The knex transaction Strapi hands a `strapi.db.transaction` callback. */
export type Trx = Parameters<TransactionCallback>[0]['trx'];
/** A knex query builder on a table, as `trx(table)` gives it. */
export type QueryBuilder = ReturnType<Trx>;

type Narrow = (query: QueryBuilder, column: (attribute: string) => string) => void;

/**
 * Whether an address is over any of the rate limits for an item, in one indexed query: its newest
 * rows within the longest window, as many as the highest limit (more could not change the answer).
 * Runs in the caller's transaction when there is one (Strapi hands nested calls the same one):
 * on SQLite's single connection, a second one would wait for the first forever. On PostgreSQL it
 * first takes the address's lock, held until that transaction ends: the caller's row, written
 * after this count in the same transaction, is seen by the next submission's count.
 * `narrow` restricts which rows count (signatures: not those a proof of work paid for).
 */
export async function overRateLimits(
  strapi: Core.Strapi,
  uid: string,
  item: Record<string, string>,
  ipHash: string,
  now: number,
  narrow?: Narrow,
): Promise<boolean> {
  return overRateLimitsAcross(strapi, [{ uid, item, ...(narrow ? { narrow } : {}) }], ipHash, now);
}

/**
 * One kind of row that counts as a submission from an address. Each table needs `ipHash` and
 * `submittedAtMs` attributes and an index starting with the item's attributes, then those two.
 */
export interface RateLimitSource {
  uid: string;
  item: Record<string, string>;
  narrow?: Narrow;
}

/**
 * `overRateLimits` over several tables at once, for forms where more than one kind of event is a
 * submission (petitions: new signatures and re-sent confirmations). Still one round trip: each
 * table's newest rows are a limited subquery, and UNION ALL puts them together (SQLite refuses
 * ORDER BY/LIMIT on a bare member of a compound SELECT, hence the derived tables).
 */
export async function overRateLimitsAcross(strapi: Core.Strapi, sources: RateLimitSource[], ipHash: string, now: number): Promise<boolean> {
  const limits = participationConfig().rateLimits;
  if (limits.length === 0 || sources.length === 0) return false;
  const longest = Math.max(...limits.map((l) => l.windowMs));
  const most = Math.max(...limits.map((l) => l.max));
  const times = await strapi.db.transaction(async ({ trx }) => {
    await takeLimitLocks(strapi, trx, [addressLock(ipHash)]);
    const newest = sources.map(({ uid, item, narrow }) => {
      const meta = strapi.db.metadata.get(uid);
      const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string } | undefined)?.columnName ?? attribute;
      const submittedAt = column('submittedAtMs');
      const query = trx(meta.tableName)
        .select({ at: submittedAt })
        .where(column('ipHash'), ipHash)
        .andWhere(submittedAt, '>', now - longest);
      for (const [attribute, value] of Object.entries(item)) query.andWhere(column(attribute), value);
      if (narrow) query.andWhere((q: QueryBuilder) => narrow(q, column));
      return query.orderBy(submittedAt, 'desc').limit(most);
    });
    const [first, ...others] = newest;
    const combined =
      others.length === 0
        ? first!
        : trx
            .select('at')
            .from(first!.as('r0'))
            .unionAll(others.map((q, i) => trx.select('at').from(q.as(`r${i + 1}`))));
    const rows = (await combined) as Array<{ at: number | string }>;
    return rows.map((r) => Number(r.at));
  });
  return limits.some((limit) => times.filter((at) => at > now - limit.windowMs).length >= limit.max);
}
