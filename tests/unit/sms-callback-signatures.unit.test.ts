import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { telnyxPublicKey, verifyTelnyxSignature } from '../../cms/src/participation/messages/telnyx-signature.ts';
import { isValidTwilioSignature, twilioSignature } from '../../cms/src/participation/messages/twilio-signature.ts';
import { refusalLimiter } from '../../cms/src/participation/http/refusals.ts';

/** The providers' signature schemes against their own published example, then edge cases. */
describe("Twilio's X-Twilio-Signature", () => {
  // The worked example of Twilio's request-validation documentation and SDK test suites.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params: Array<[string, string]> = [
    ['Digits', '1234'],
    ['To', '+18005551212'],
    ['From', '+14158675309'],
    ['Caller', '+14158675309'],
    ['CallSid', 'CA1234567890ABCDE'],
  ];

  it('reproduces the documented example, whatever order the parameters came in', () => {
    expect(twilioSignature('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(isValidTwilioSignature('12345', url, [...params].reverse(), 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
  });

  it('signs a repeated parameter once per value, values sorted (the SDKs’ second vector)', () => {
    const repeated: Array<[string, string]> = [['Sid', 'CA123'], ['SidAccount', 'AC123'], ['Digits', '5678'], ['Digits', '1234'], ['Digits', '1234']];
    expect(twilioSignature('12345', url, repeated)).toBe('IK+Dwps556ElfBT0I3Rgjkr1wJU=');
  });

  it('refuses another token, URL, value, a missing or truncated signature', () => {
    const good = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    expect(isValidTwilioSignature('54321', url, params, good)).toBe(false);
    expect(isValidTwilioSignature('12345', `${url}&x=1`, params, good)).toBe(false);
    expect(isValidTwilioSignature('12345', url, [...params.slice(1), ['Digits', '9999']], good)).toBe(false);
    expect(isValidTwilioSignature('12345', url, params, undefined)).toBe(false);
    expect(isValidTwilioSignature('12345', url, params, good.slice(0, -1))).toBe(false);
  });
});

describe("Telnyx's Ed25519 webhook signature", () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const base64Key = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  const key = telnyxPublicKey(base64Key);
  const body = Buffer.from('{"data":{"event_type":"message.finalized"}}');
  const now = 1_780_000_000_000;
  const signed = (ts: number, bytes = body) => sign(null, Buffer.concat([Buffer.from(`${ts}|`), bytes]), privateKey).toString('base64');

  it('accepts the signature of `timestamp|body` within five minutes either way', () => {
    for (const skew of [0, -299, 299]) {
      const ts = now / 1000 + skew;
      expect(verifyTelnyxSignature(key, { signature: signed(ts), timestamp: String(ts) }, body, now)).toBe('valid');
    }
  });

  it('refuses stale or future timestamps, other bytes, other keys, and missing headers', () => {
    const old = now / 1000 - 301;
    expect(verifyTelnyxSignature(key, { signature: signed(old), timestamp: String(old) }, body, now)).toBe('stale');
    expect(verifyTelnyxSignature(key, { signature: signed(now / 1000 + 301), timestamp: String(now / 1000 + 301) }, body, now)).toBe('stale');
    expect(verifyTelnyxSignature(key, { signature: signed(now / 1000), timestamp: String(now / 1000) }, Buffer.from(`${body.toString()} `), now)).toBe('invalid');
    const other = telnyxPublicKey(Buffer.alloc(32, 1).toString('base64'));
    expect(verifyTelnyxSignature(other, { signature: signed(now / 1000), timestamp: String(now / 1000) }, body, now)).toBe('invalid');
    expect(verifyTelnyxSignature(key, { signature: undefined, timestamp: String(now / 1000) }, body, now)).toBe('missing');
    expect(verifyTelnyxSignature(key, { signature: signed(now / 1000), timestamp: '1e9' }, body, now)).toBe('stale');
    expect(verifyTelnyxSignature(key, { signature: 'AAAA', timestamp: String(now / 1000) }, body, now)).toBe('invalid');
  });
});

describe('the refusal limiter', () => {
  it('blocks an address after `max` refusals in its window, forgets it after, and stays bounded', () => {
    const limiter = refusalLimiter({ max: 3, windowMs: 1000, maxKeys: 2 });
    for (let i = 0; i < 3; i++) limiter.refused('a', 0);
    expect(limiter.blocked('a', 999)).toBe(true);
    expect(limiter.blocked('a', 1000)).toBe(false);
    expect(limiter.blocked('b', 0)).toBe(false);
    limiter.refused('b', 0);
    limiter.refused('c', 0); // a third address pushes out the oldest ('a')
    expect(limiter.blocked('a', 10)).toBe(false);
  });
});
