import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature (`X-Twilio-Signature`): base64 of HMAC-SHA1, keyed with the account's
 * auth token, over the full URL Twilio called followed by every POST parameter, sorted by name,
 * each written name then value with no separator (a repeated name once per distinct value, values
 * sorted, as Twilio's SDKs do).
 * The URL is the one we gave Twilio, never rebuilt from the Host header a client chooses.
 */
export function twilioSignature(authToken: string, url: string, params: ReadonlyArray<readonly [string, string]>): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of params) byName.set(name, (byName.get(name) ?? new Set()).add(value));
  const signed =
    url +
    [...byName.keys()]
      .sort()
      .map((name) => [...byName.get(name)!].sort().map((value) => name + value).join(''))
      .join('');
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

/** Constant-time comparison with what Twilio would have sent; false for a missing header. */
export function isValidTwilioSignature(authToken: string, url: string, params: ReadonlyArray<readonly [string, string]>, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
