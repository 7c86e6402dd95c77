import { participationConfig } from '../config';
import type { Ctx } from './respond';

/**
 * The address rate limits key on. Behind the site server or nginx (TRUST_PROXY=true, the default),
 * the right-most X-Forwarded-For entry is the one our proxy appended, so a client cannot choose it.
 */
export function clientIp(ctx: Ctx): string {
  const forwarded = ctx.get('x-forwarded-for');
  if (participationConfig().trustProxy && forwarded) {
    const last = forwarded.split(',').pop()?.trim();
    if (last) return last.slice(0, 64);
  }
  return ctx.req.socket.remoteAddress ?? 'unknown';
}
