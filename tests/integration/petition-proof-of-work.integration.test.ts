import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  altchaChallengePath,
  altchaPayload,
  freshIp,
  lastMessageTo,
  postForm,
  publishedPetition,
  signPath,
  solveAltcha,
  solvedAltcha,
  useTestOutbox,
  validSignature,
  type AltchaChallenge,
} from '../support/participation.ts';
import { cmsRequire, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * ALTCHA on the petition form: a valid, unexpired, never-used proof of work replaces the per-IP
 * rate limit (people at one library sign from one address); anything else is treated as no proof
 * at all — the rate limits apply and the person sees the usual next page, never an error.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let petition: { documentId: string; slug: string };

const hmacKey = () => process.env.ALTCHA_HMAC_KEY ?? 'dev-only-altcha-hmac-key';
const rowFor = async (email: string) =>
  (await strapi.db.query('api::participation.signature').findMany({ where: { petitionDocumentId: petition.documentId, email } }))[0];

/** A challenge signed with the CMS's own key, built here to control its expiry and answer. */
async function signedChallenge(options: { expires?: Date; key?: string }): Promise<string> {
  const { createChallenge } = cmsRequire('altcha-lib');
  const number = 42;
  const made = (await createChallenge({ hmacKey: options.key ?? hmacKey(), number, maxNumber: 30_000, expires: options.expires })) as AltchaChallenge;
  return altchaPayload(made, number);
}

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  petition = await publishedPetition(strapi, 'open');
});

afterAll(async () => {
  await app?.stop();
});

describe('the challenge endpoint', () => {
  it('hands out a fresh, signed, expiring SHA-256 challenge, never cached', async () => {
    const response = await fetch(app.baseUrl + altchaChallengePath);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as AltchaChallenge;
    expect(body).toMatchObject({ algorithm: 'SHA-256', maxnumber: 30_000 });
    expect(body.challenge).toMatch(/^[0-9a-f]{64}$/);
    expect(body.signature).toMatch(/^[0-9a-f]{64}$/);
    const expires = Number(/[?&]expires=(\d+)/.exec(body.salt)?.[1]) * 1000;
    expect(expires - Date.now()).toBeGreaterThan(240_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(300_000);
    const other = (await (await fetch(app.baseUrl + altchaChallengePath)).json()) as AltchaChallenge;
    expect(other.salt).not.toBe(body.salt);
  });
});

describe('a valid proof of work replaces the per-IP limit', () => {
  it('lets six people sign from one address within a minute, and keeps the limit for the next one without it', async () => {
    const ip = freshIp();
    for (let i = 0; i < 6; i++) {
      const email = `biblio-${i}-${Date.now()}@exemple.ca`;
      const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, altcha: await solvedAltcha(app.baseUrl) }), { ip });
      expect(sent.status).toBe(303);
      expect(sent.location).toBe(`/petitions/${petition.slug}/merci/`);
      expect(await rowFor(email)).toMatchObject({ signatureStatus: 'pending', checkedBy: 'proof-of-work', suspectReason: null });
      expect(lastMessageTo(outbox, email)?.subject).toBe('Confirmez votre signature');
    }
    // Someone without JavaScript at the same computer lab: the proof-of-work rows are not held against them…
    const noJs = `sans-js-${Date.now()}@exemple.ca`;
    await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: noJs }), { ip });
    expect(await rowFor(noJs)).toMatchObject({ signatureStatus: 'pending', checkedBy: 'ip-rate-limit' });
    // …but the per-IP limit still holds for submissions without proof.
    const second = `sans-js-2-${Date.now()}@exemple.ca`;
    await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: second }), { ip });
    expect(await rowFor(second)).toMatchObject({ signatureStatus: 'suspect', suspectReason: 'rate-limit', checkedBy: 'ip-rate-limit' });
  });

  it('still treats a filled honeypot as suspect', async () => {
    const email = `pot-${Date.now()}@exemple.ca`;
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, website: 'http://spam.example', altcha: await solvedAltcha(app.baseUrl) }));
    expect(sent.status).toBe(303);
    expect(await rowFor(email)).toMatchObject({ signatureStatus: 'suspect', suspectReason: 'honeypot', checkedBy: 'proof-of-work' });
    expect(lastMessageTo(outbox, email)).toBeUndefined();
  });
});

describe('anything but a fresh valid proof counts as none: the rate limit applies, silently', () => {
  /** First submission from an address passes; the second, carrying `altcha`, must be suspect. */
  async function secondFromSameAddress(altcha: string) {
    const ip = freshIp();
    const first = await postForm(app.baseUrl, signPath(petition.slug), validSignature(), { ip });
    const email = `second-${Math.random().toString(36).slice(2)}@exemple.ca`;
    const second = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, altcha }), { ip });
    expect(second.status).toBe(first.status);
    expect(second.location).toBe(first.location);
    return rowFor(email);
  }
  const suspect = { signatureStatus: 'suspect', suspectReason: 'rate-limit', checkedBy: 'ip-rate-limit' };

  it('refuses a replayed solution', async () => {
    const altcha = await solvedAltcha(app.baseUrl);
    await postForm(app.baseUrl, signPath(petition.slug), validSignature({ altcha }));
    expect(await secondFromSameAddress(altcha)).toMatchObject(suspect);
  });

  it('accepts a solution once when it is replayed in parallel', async () => {
    const altcha = await solvedAltcha(app.baseUrl);
    const ip = freshIp();
    const emails = Array.from({ length: 4 }, (_, i) => `course-${i}-${Date.now()}@exemple.ca`);
    const sent = await Promise.all(emails.map((email) => postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, altcha }), { ip })));
    expect(sent.map((s) => s.status)).toEqual([303, 303, 303, 303]);
    const rows = await Promise.all(emails.map(rowFor));
    expect(rows.filter((r) => r.checkedBy === 'proof-of-work')).toHaveLength(1);
  });

  it('refuses an expired challenge, one without expiry, and one signed with another key', async () => {
    expect(await secondFromSameAddress(await signedChallenge({ expires: new Date(Date.now() - 1000) }))).toMatchObject(suspect);
    expect(await secondFromSameAddress(await signedChallenge({}))).toMatchObject(suspect);
    expect(await secondFromSameAddress(await signedChallenge({ expires: new Date(Date.now() + 60_000), key: 'not-our-key' }))).toMatchObject(suspect);
  });

  it('refuses a wrong answer and a tampered salt', async () => {
    const challenge = (await (await fetch(app.baseUrl + altchaChallengePath)).json()) as AltchaChallenge;
    expect(await secondFromSameAddress(altchaPayload(challenge, 30_001))).toMatchObject(suspect);
    expect(await secondFromSameAddress(altchaPayload(challenge, (solveAltcha(challenge) + 1) % 30_000))).toMatchObject(suspect);
    const valid = await signedChallenge({ expires: new Date(Date.now() + 60_000) });
    const decoded = JSON.parse(Buffer.from(valid, 'base64').toString('utf8'));
    const stretched = Buffer.from(JSON.stringify({ ...decoded, salt: decoded.salt.replace(/expires=\d+/, 'expires=9999999999') })).toString('base64');
    expect(await secondFromSameAddress(stretched)).toMatchObject(suspect);
  });

  it.each([
    '',
    'x',
    'bm90IGpzb24=',
    Buffer.from('{"algorithm":"MD5","challenge":1}').toString('base64'),
    Buffer.from('null').toString('base64'),
    Buffer.from('[]').toString('base64'),
    Buffer.from(JSON.stringify({ algorithm: 'SHA-256', challenge: 'a'.repeat(64), number: -1, salt: 'x', signature: 'b'.repeat(64) })).toString('base64'),
    'A'.repeat(5000),
    '<script>',
  ])('answers as usual to the garbage value %#', async (altcha) => {
    expect(await secondFromSameAddress(altcha)).toMatchObject(suspect);
  });
});
