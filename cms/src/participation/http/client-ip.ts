import { participationConfig } from '../config';
import { parseAddress, resolveClientAddress } from './ip-address';
import type { Ctx } from './respond';

/**
 * The address rate limits key on. X-Forwarded-For is believed only from the proxies named in
 * TRUSTED_PROXIES or counted by TRUSTED_PROXY_HOPS (none by default): anyone who reaches the CMS
 * directly would otherwise pick a new address per request and escape every per-address limit.
 */
export function clientIp(ctx: Ctx): string {
  return resolveClientAddress(ctx.req.socket.remoteAddress, ctx.get('x-forwarded-for'), participationConfig().proxies);
}

/**
 * The request reached the public side over TLS: the socket itself is TLS, or the nearest hop is a
 * trusted proxy that says so (X-Forwarded-Proto, as nginx and the site server set it).
 */
export function arrivedOverTls(ctx: Ctx): boolean {
  if ((ctx.req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!fromTrustedProxy(ctx)) return false;
  // The right-most value is the nearest proxy's own statement if a chain appended to it.
  return ctx.get('x-forwarded-proto').split(',').pop()!.trim().toLowerCase() === 'https';
}

/** The nearest hop is a proxy we trust (TRUSTED_PROXIES, TRUSTED_PROXY_HOPS): what it says about the request may be believed. */
export function fromTrustedProxy(ctx: Ctx): boolean {
  const peer = parseAddress(ctx.req.socket.remoteAddress);
  const { proxies } = participationConfig();
  return peer !== null && (proxies.hops > 0 || proxies.trusts(peer));
}
