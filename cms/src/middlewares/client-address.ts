import { arrivedOverTls, clientIp } from '../participation/http/client-ip';
import type { Ctx } from '../participation/http/respond';

/**
 * `global::client-address`, first in config/middlewares.ts: what Koa says about the client comes
 * from the proxies we trust (TRUSTED_PROXIES, TRUSTED_PROXY_HOPS), as on the write path.
 * - `ctx.request.ip`: Strapi's own per-address limits (the admin login limiter keys on email and
 *   address) then count each person behind our proxies on their own, and nobody picks an address.
 * - `ctx.request.protocol`: https when a trusted proxy ended TLS, so the editor's session cookies
 *   are `Secure`. (Koa's own `proxy` switch would believe X-Forwarded-* from anyone.)
 */
type KoaCtx = Ctx & { request: { ip: string; protocol: string } };

export default () => async (ctx: KoaCtx, next: () => Promise<unknown>) => {
  ctx.request.ip = clientIp(ctx);
  if (arrivedOverTls(ctx)) Object.defineProperty(ctx.request, 'protocol', { value: 'https', configurable: true });
  await next();
};
