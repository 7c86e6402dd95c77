import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * Telnyx's webhook signature: `telnyx-signature-ed25519` is the base64 Ed25519 signature, by the
 * account's key pair, of `${telnyx-timestamp}|${raw body}`; the timestamp is Unix seconds. The
 * public key is given as 32 raw bytes in base64 (Telnyx's portal). A timestamp more than five
 * minutes away from now is refused, so a captured callback cannot be played again later.
 */
export const TELNYX_TOLERANCE_SECONDS = 300;

export type TelnyxVerdict = 'valid' | 'missing' | 'stale' | 'invalid';

export function telnyxPublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32) throw new Error('a Telnyx public key is 32 bytes of base64');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export function verifyTelnyxSignature(
  key: KeyObject,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  nowMs: number = Date.now(),
): TelnyxVerdict {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > TELNYX_TOLERANCE_SECONDS) return 'stale';
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 64) return 'invalid';
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), rawBody]);
  return verify(null, signed, key, bytes) ? 'valid' : 'invalid';
}
