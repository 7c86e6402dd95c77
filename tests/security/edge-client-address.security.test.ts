import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participationConfig, resetParticipationConfig } from '../../cms/src/participation/config.ts';
import { proxyTrust, rateLimitKey, resolveClientAddress } from '../../cms/src/participation/http/ip-address.ts';
import { publishedPetition, useTestOutbox } from '../support/participation.ts';
import { applyEnv, startStrapi, type StartedStrapi } from '../support/strapi.ts';
import { adminLoginAs, signAs, type SigningTarget } from '../support/edge.ts';

/**
 * Per-address limits key on an address nobody can choose. By default the CMS trusts no proxy: the
 * address is the socket's peer and X-Forwarded-For is ignored, so someone who reaches the CMS
 * directly cannot pick a new address per request. (Behind proxies: edge-client-address-behind-proxies.)
 */
useTestOutbox();
const ADMIN = { email: 'direct.admin@exemple.ca', password: 'Direct-admin-2026!' };
let app: StartedStrapi;
let target: SigningTarget;

beforeAll(async () => {
  app = await startStrapi({
    env: { TRUSTED_PROXIES: undefined, PETITION_RATE_SHORT_MAX: '1', PETITION_RATE_LONG_MAX: '5', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  target = { base: app.baseUrl, strapi: app.strapi, petition: await publishedPetition(app.strapi, 'open') };
});
afterAll(async () => {
  await app?.stop();
});

describe('a CMS with no proxy configured (the default)', () => {
  it('ignores X-Forwarded-For: a new header per request does not escape the per-address limit', async () => {
    const rows = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) rows.push(await signAs(target, ip));
    expect(rows.map((r) => r.signatureStatus)).toEqual(['pending', 'suspect', 'suspect']);
    expect(new Set(rows.map((r) => r.ipHash)).size).toBe(1);
  });
});

describe("Strapi's own per-address limits", () => {
  it('cannot be escaped with X-Forwarded-For either (admin login)', async () => {
    const wrong = { email: ADMIN.email, password: 'pas-le-bon-mot-de-passe' };
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await adminLoginAs(app.baseUrl, `198.51.100.${100 + i}`, wrong));
    expect(statuses.slice(0, 5).every((s) => s === 400 || s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('HTTPS as told by a proxy', () => {
  it('does not believe X-Forwarded-Proto from a peer that is not a trusted proxy (no HSTS over plain HTTP)', async () => {
    const page = await fetch(`${app.baseUrl}/participer/evenements/annulee?locale=fr`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('request ids', () => {
  it('makes its own rather than take X-Request-Id from a peer that is not a trusted proxy', async () => {
    const given = 'forged-request-id-0123456789';
    const response = await fetch(`${app.baseUrl}/_health`, { headers: { 'x-request-id': given } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-request-id')).not.toBe(given);
  });
});

describe('who is believed', () => {
  const none = proxyTrust('', 0);
  const loopback = proxyTrust('loopback', 0);
  const cdn = proxyTrust('loopback, 198.18.0.0/15, 2001:db8:cd::/48', 0);
  const twoHops = proxyTrust('', 2);

  it('trusts nobody by default: the socket address, whatever the header says', () => {
    expect(resolveClientAddress('203.0.113.5', '198.51.100.1', none)).toBe('203.0.113.5');
    expect(resolveClientAddress('::ffff:203.0.113.5', undefined, none)).toBe('203.0.113.5');
  });

  it('takes the entry the trusted proxy appended, never what the client wrote before it', () => {
    expect(resolveClientAddress('127.0.0.1', '10.0.0.1, 203.0.113.9', loopback)).toBe('203.0.113.9');
    expect(resolveClientAddress('::1', '203.0.113.9', loopback)).toBe('203.0.113.9');
    // A client claiming to be a trusted proxy is still the client: the walk stops at the first stranger.
    expect(resolveClientAddress('127.0.0.1', '127.0.0.1, 203.0.113.9', loopback)).toBe('203.0.113.9');
    // Not from a trusted proxy: the header is the client's own writing.
    expect(resolveClientAddress('203.0.113.66', '203.0.113.9', loopback)).toBe('203.0.113.66');
  });

  it('skips every configured proxy, IPv4 and IPv6 networks alike', () => {
    expect(resolveClientAddress('127.0.0.1', '203.0.113.9, 198.19.200.1', cdn)).toBe('203.0.113.9');
    expect(resolveClientAddress('127.0.0.1', '1.1.1.1, 2001:db8:1::7, 2001:db8:cd:ff::1', cdn)).toBe('2001:db8:1:0:0:0:0:7');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.9, 198.20.0.1', cdn)).toBe('198.20.0.1');
  });

  it('counts hops when the proxies have no fixed address', () => {
    expect(resolveClientAddress('198.18.0.9', '10.1.1.1, 203.0.113.20, 198.18.9.8', twoHops)).toBe('203.0.113.20');
    expect(resolveClientAddress('198.18.0.9', '203.0.113.20', twoHops)).toBe('203.0.113.20');
  });

  it('stops at the proxy that passed on something that is not an address', () => {
    expect(resolveClientAddress('127.0.0.1', 'unknown', loopback)).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.9, <script>', loopback)).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', ' , ', loopback)).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.9:5123', loopback)).toBe('203.0.113.9');
    expect(resolveClientAddress('127.0.0.1', '[2001:db8::1]:443', loopback)).toBe('2001:db8:0:0:0:0:0:1');
  });

  it('keys IPv6 on its /64 and IPv4-mapped IPv6 on the IPv4 address', () => {
    expect(rateLimitKey('2001:db8:aa:1::1')).toBe(rateLimitKey('2001:0DB8:00aa:0001:ffff:1234:5678:9abc'));
    expect(rateLimitKey('2001:db8:aa:1::1')).toBe('2001:db8:aa:1::/64');
    expect(rateLimitKey('2001:db8:aa:2::1')).not.toBe(rateLimitKey('2001:db8:aa:1::1'));
    expect(rateLimitKey('::ffff:192.0.2.77')).toBe('192.0.2.77');
    expect(rateLimitKey('::ffff:c000:24d')).toBe('192.0.2.77');
    expect(rateLimitKey('192.0.2.77')).toBe('192.0.2.77');
  });
});

describe('configuration', () => {
  const saved = { ...process.env };
  const configWith = (env: Record<string, string | undefined>) => {
    applyEnv(env);
    resetParticipationConfig();
    try {
      return participationConfig();
    } finally {
      applyEnv(Object.fromEntries(Object.keys(env).map((k) => [k, saved[k]])));
      resetParticipationConfig();
    }
  };

  it('refuses the old TRUST_PROXY=true, which believed anyone, and names its replacement', () => {
    expect(() => configWith({ TRUST_PROXY: 'true' })).toThrow(/TRUSTED_PROXIES/);
    expect(configWith({ TRUST_PROXY: 'false', TRUSTED_PROXIES: undefined }).proxies.hops).toBe(0);
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or a network', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/1', '300.1.1.1', '10.0.0.0/x']) {
      expect(() => configWith({ TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES/);
    }
    expect(() => configWith({ TRUSTED_PROXY_HOPS: '-1' })).toThrow();
  });
});
