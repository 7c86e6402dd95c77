import type { Core } from '@strapi/strapi';
import { participationConfig } from './config';

/**
 * The petition rules, for every form: a filled honeypot, or more submissions from this address
 * for this item than the rate limits allow, make the new row "suspect" — stored for review, never
 * counted or forwarded, and the person sees the usual next page.
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

type TransactionCallback = Extract<Parameters<Core.Strapi['db']['transaction']>[0], (...args: any[]) => unknown>;
type Trx = Parameters<TransactionCallback>[0]['trx'];
type QueryBuilder = ReturnType<Trx>;

/**
 * Whether an address is over any of the rate limits for an item, in one indexed query: its newest
 * rows within the longest window, as many as the highest limit (more could not change the answer).
 * Runs in the caller's transaction when there is one (Strapi hands nested calls the same one):
 * on SQLite's single connection, a second one would wait for the first forever.
 * `narrow` restricts which rows count (signatures: not those a proof of work paid for).
 */
export async function overRateLimits(
  strapi: Core.Strapi,
  uid: string,
  item: Record<string, string>,
  ipHash: string,
  now: number,
  narrow?: (query: QueryBuilder, column: (attribute: string) => string) => void,
): Promise<boolean> {
  const limits = participationConfig().rateLimits;
  if (limits.length === 0) return false;
  const meta = strapi.db.metadata.get(uid as any);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string } | undefined)?.columnName ?? attribute;
  const submittedAt = column('submittedAtMs');
  const times = await strapi.db.transaction(async ({ trx }) => {
    const query = trx(meta.tableName)
      .select({ at: submittedAt })
      .where(column('ipHash'), ipHash)
      .andWhere(submittedAt, '>', now - Math.max(...limits.map((l) => l.windowMs)));
    for (const [attribute, value] of Object.entries(item)) query.andWhere(column(attribute), value);
    if (narrow) query.andWhere((q: QueryBuilder) => narrow(q, column));
    const rows = (await query.orderBy(submittedAt, 'desc').limit(Math.max(...limits.map((l) => l.max)))) as Array<{ at: number | string }>;
    return rows.map((r) => Number(r.at));
  });
  return limits.some((limit) => times.filter((at) => at > now - limit.windowMs).length >= limit.max);
}
