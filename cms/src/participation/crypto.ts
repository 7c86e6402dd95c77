import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { participationConfig } from './config';
import { rateLimitKey } from './http/ip-address';

/** Opaque random strings for links and references (URL-safe). */
export const newToken = (bytes = 24) => randomBytes(bytes).toString('base64url');
export const newDocumentId = () => randomBytes(12).toString('hex').slice(0, 24);
export const newSmsCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Tokens are stored hashed: a database leak does not let anyone confirm signatures. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const hmac = (value: string) => createHmac('sha256', participationConfig().secret).update(value).digest('hex');

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Law 25: IP addresses are only needed for rate limiting, so they are stored as an HMAC whose key
 * changes every day (derived from the secret and the UTC date). Yesterday's hashes cannot be linked
 * to today's, nor reversed without the secret. What is hashed is the rate-limit key: an IPv4
 * address, or an IPv6 address's /64 (one household or phone picks any address inside it).
 */
export function hashIp(ip: string, now = Date.now()): string {
  const day = new Date(now).toISOString().slice(0, 10);
  return hmac(`ip:${day}:${rateLimitKey(ip)}`).slice(0, 32);
}
