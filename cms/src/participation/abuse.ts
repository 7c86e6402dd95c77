import type { Core } from '@strapi/strapi';
import { participationConfig } from './config';

/**
 * The petition rules, for every other form: a filled honeypot, or more submissions from this
 * address for this item than the rate limits allow, make the new row "suspect" — stored for
 * review, never counted or forwarded, and the person sees the usual next page.
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
  const query = strapi.db.query(uid as any);
  const limits = participationConfig().rateLimits;
  const counts = await Promise.all(limits.map((limit) => query.count({ where: { ...item, ipHash, submittedAtMs: { $gt: now - limit.windowMs } } })));
  return limits.some((limit, i) => Number(counts[i]) >= limit.max) ? 'rate-limit' : null;
}
