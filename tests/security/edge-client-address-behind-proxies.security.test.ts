import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPetition, useTestOutbox } from '../support/participation.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';
import { adminLoginAs, signAs, type SigningTarget } from '../support/edge.ts';

/**
 * Behind a CDN and then nginx (or the site server) on loopback: TRUSTED_PROXIES names both, so
 * people behind the CDN are each their own address, and nothing a client writes in
 * X-Forwarded-For before the CDN's entry changes the key. IPv6 is keyed on its /64.
 */
useTestOutbox();
const ADMIN = { email: 'proxies.admin@exemple.ca', password: 'Proxies-admin-2026!' };
let app: StartedStrapi;
let target: SigningTarget;

beforeAll(async () => {
  app = await startStrapi({
    env: {
      TRUSTED_PROXIES: 'loopback, 198.18.0.0/15, 2001:db8:cd::/48',
      PETITION_RATE_SHORT_MAX: '1',
      PETITION_RATE_LONG_MAX: '5',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
  });
  target = { base: app.baseUrl, strapi: app.strapi, petition: await publishedPetition(app.strapi, 'open') };
});
afterAll(async () => {
  await app?.stop();
});

describe('a CMS behind two trusted proxies', () => {
  it('gives each person behind the same CDN edge their own address', async () => {
    const marie = await signAs(target, '203.0.113.9, 198.18.4.1');
    const karim = await signAs(target, '203.0.113.10, 198.18.4.1');
    const viaV6Edge = await signAs(target, '203.0.113.11, 2001:db8:cd:1::5');
    expect([marie.signatureStatus, karim.signatureStatus, viaV6Edge.signatureStatus]).toEqual(['pending', 'pending', 'pending']);
    expect(new Set([marie.ipHash, karim.ipHash, viaV6Edge.ipHash]).size).toBe(3);
  });

  it('ignores what a client writes before the first trusted entry', async () => {
    const first = await signAs(target, '10.9.9.1, 203.0.113.30, 198.18.4.1');
    const spoofed = await signAs(target, '10.9.9.2, 203.0.113.30, 198.18.4.2');
    expect(spoofed.ipHash).toBe(first.ipHash);
    expect([first.signatureStatus, spoofed.signatureStatus]).toEqual(['pending', 'suspect']);
  });

  it('keys IPv6 on its /64: another address in the same /64 is the same person', async () => {
    const a = await signAs(target, '2001:db8:aa:1::1');
    const sameNetwork = await signAs(target, '2001:0db8:00aa:0001:ffff:1234:5678:9abc');
    const otherNetwork = await signAs(target, '2001:db8:aa:2::1');
    expect(sameNetwork.ipHash).toBe(a.ipHash);
    expect(otherNetwork.ipHash).not.toBe(a.ipHash);
    expect([a.signatureStatus, sameNetwork.signatureStatus, otherNetwork.signatureStatus]).toEqual(['pending', 'suspect', 'pending']);
  });

  it('keys IPv4-mapped IPv6 on the IPv4 address', async () => {
    const v4 = await signAs(target, '192.0.2.77');
    const mapped = await signAs(target, '::ffff:192.0.2.77');
    expect(mapped.ipHash).toBe(v4.ipHash);
    expect(mapped.signatureStatus).toBe('suspect');
  });
});

describe('HTTPS as told by a trusted proxy', () => {
  const page = (proto?: string) =>
    fetch(`${target.base}/participer/evenements/annulee?locale=fr`, { headers: proto ? { 'x-forwarded-proto': proto } : {} });

  it('sends Strict-Transport-Security when the trusted proxy says the request came over TLS', async () => {
    expect((await page('https')).headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('sends none over plain HTTP (the public URLs here are http)', async () => {
    for (const proto of [undefined, 'http']) {
      const response = await page(proto);
      expect(response.status).toBe(200);
      expect(response.headers.get('strict-transport-security'), String(proto)).toBeNull();
    }
  });
});

describe("Strapi's own per-address limits", () => {
  it('lock out the address that guessed wrong, not every editor behind the same proxy', async () => {
    const wrong = { email: ADMIN.email, password: 'pas-le-bon-mot-de-passe' };
    const guesses = [];
    for (let i = 0; i < 6; i++) guesses.push(await adminLoginAs(target.base, '203.0.113.66, 198.18.4.1', wrong));
    expect(guesses.at(-1)).toBe(429);
    expect(await adminLoginAs(target.base, '203.0.113.67, 198.18.4.1', ADMIN)).toBe(200);
  });
});
