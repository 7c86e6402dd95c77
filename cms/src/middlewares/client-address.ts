import { clientIp } from '../participation/http/client-ip';
import type { Ctx } from '../participation/http/respond';

/**
 * `global::client-address`, first in config/middlewares.ts: Koa's `ctx.request.ip` becomes the
 * address the write path resolves (TRUSTED_PROXIES, TRUSTED_PROXY_HOPS), so Strapi's own
 * per-address limits — the admin login limiter keys on email and address — count each person
 * behind our proxies on their own, and nobody can pick an address with X-Forwarded-For.
 */
export default () => async (ctx: Ctx & { request: { ip: string } }, next: () => Promise<unknown>) => {
  ctx.request.ip = clientIp(ctx);
  await next();
};
