import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone, normalisePostalCode, personNameSchema } from '@passerelle/shared/participation/index';
import { freshIp, publishedEventWithForm, publishedPetition, useTestOutbox, validRsvp, validSignature } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Property: whatever arrives at /participer/ — wrong types, garbage encodings, huge or missing
 * fields, markup, formulas, replayed or brute-forced codes — the answer is never a 5xx and no row
 * that breaks the schema is ever stored.
 */
useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let open: { slug: string };
let closed: { slug: string };
let event: { slug: string };

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  open = await publishedPetition(strapi, 'open');
  closed = await publishedPetition(strapi, 'closed');
  event = await publishedEventWithForm(strapi, 5);
});

afterAll(async () => {
  await app?.stop();
});

const nasty = fc.constantFrom(
  '',
  ' ',
  '=SUM(A1:A9)',
  '+1+1',
  '-2',
  '@cmd',
  '\t=1',
  'http://spam.example',
  'www.x.ca',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '%00',
  '\u0000',
  '\u202e',
  'a'.repeat(101),
  'é'.repeat(400),
  'Ω≈ç√∫',
  '😀😀',
  'H0H 0H0',
  'D1D 1D1',
  'h2r1a1',
  '514-555-0199',
  '+44 20 7946 0958',
  '123',
  'x@y',
  'nom@exemple.ca',
  'NOM+tag@GMAIL.com',
  '1',
  'on',
  'true',
  'en',
  'zz',
);
const anyText = fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 50 }));
const fieldNames = ['name', 'postalCode', 'email', 'phone', 'consent', 'updates', 'website', 'locale', 'jeton', 'ref', 'code', 'people', 'accessibilityNeeds', 'extra[]', '__proto__', 'constructor'];

/** A valid signature with some fields replaced, dropped or added. */
const mutatedSignature = fc
  .tuple(
    fc.oneof(fc.constant({}), fc.dictionary(fc.constantFrom(...fieldNames), anyText, { maxKeys: 5 })),
    fc.oneof(fc.constant([]), fc.subarray(['name', 'postalCode', 'email', 'consent', 'people'])),
    fc.boolean(),
  )
  .map(([changes, dropped, rsvp]) => {
    const fields: Record<string, string> = { ...(rsvp ? validRsvp() : validSignature()), ...changes };
    for (const field of dropped) delete fields[field];
    return new URLSearchParams(fields).toString();
  });
const rawBody = fc.oneof(
  mutatedSignature,
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.constantFrom('%', '%%%', '%zz=1', 'name=%E9%E9', '=&=&', 'a=1&a=2&a=3', 'name[]=x&name[]=y', `name=${'%41'.repeat(6000)}`),
  fc.constant(`name=${'a'.repeat(20 * 1024)}`),
);
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=ISO-8859-1',
  'application/json',
  'multipart/form-data; boundary=x',
  'text/plain',
  '',
);
const slug = fc.oneof(
  { arbitrary: fc.constant('OPEN'), weight: 4 },
  fc.constantFrom('OPEN', 'CLOSED', 'inconnue', '..%2F..%2Fetc', '%00', 'a'.repeat(200), '-', 'Majuscule'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).map(encodeURIComponent),
);
const request = fc.record({
  route: fc.constantFrom('sign', 'sign', 'sign', 'rsvp', 'rsvp', 'cancel', 'cancel-get', 'confirm', 'confirm-get', 'code', 'code-get', 'count', 'other'),
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
  slug,
  body: rawBody,
  contentType,
  query: fc.oneof(fc.constant(''), anyText.map((t) => `?jeton=${encodeURIComponent(t)}&ref=${encodeURIComponent(t)}&locale=${encodeURIComponent(t)}`)),
});

function pathFor(r: { route: string; slug: string; query: string }): string {
  const s = r.slug === 'OPEN' ? open.slug : r.slug === 'CLOSED' ? closed.slug : r.slug;
  switch (r.route) {
    case 'sign':
      return `/participer/petitions/${s}/signer${r.query}`;
    case 'confirm':
    case 'confirm-get':
      return `/participer/petitions/confirmer${r.query}`;
    case 'code':
    case 'code-get':
      return `/participer/petitions/code${r.query}`;
    case 'rsvp':
      return `/participer/evenements/${r.slug === 'OPEN' ? event.slug : s}/inscription${r.query}`;
    case 'cancel':
    case 'cancel-get':
      return `/participer/evenements/annuler${r.query}`;
    case 'count':
      return `/participer/petitions/${s}/compte.json${r.query}`;
    default:
      return `/participer/${s}${r.query}`;
  }
}

describe('bad requests never break the write path', () => {
  it('answers 1,500 generated requests without a single 5xx, and stores only valid rows', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const method = r.route.endsWith('-get') || r.route === 'count' ? 'GET' : r.method;
        const response = await fetch(app.baseUrl + pathFor(r), {
          method,
          redirect: 'manual',
          headers: { ...(r.contentType ? { 'content-type': r.contentType } : {}), 'x-forwarded-for': freshIp() },
          body: method === 'GET' ? undefined : r.body,
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${method} ${pathFor(r)}`).toBeLessThan(500);
      }),
      { numRuns: 1500, seed: Number(process.env.FUZZ_SEED ?? 20261128) },
    );
    // The generators did reach the interesting answers, not only 404s.
    for (const status of [303, 404, 405, 413, 415, 422]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);

    const rows = await strapi.db.query('api::participation.signature').findMany({});
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(personNameSchema.safeParse(row.name).success, `name ${JSON.stringify(row.name)}`).toBe(true);
      expect(normalisePostalCode(row.postalCode)).toBe(row.postalCode);
      expect(row.email === null || normaliseEmail(row.email) === row.email, `email ${row.email}`).toBe(true);
      expect(row.phone === null || normalisePhone(row.phone) === row.phone, `phone ${row.phone}`).toBe(true);
      expect(row.email !== null || row.phone !== null).toBe(true);
      expect(['fr', 'en']).toContain(row.language);
      expect(['pending', 'confirmed', 'suspect']).toContain(row.signatureStatus);
      expect(row.petitionSlug).toBe(open.slug);
    }

    const registrations = await strapi.db.query('api::participation.registration').findMany({});
    expect(registrations.length).toBeGreaterThan(0);
    for (const row of registrations) {
      expect(personNameSchema.safeParse(row.name).success, `name ${JSON.stringify(row.name)}`).toBe(true);
      expect(Number.isInteger(row.people) && row.people >= 1 && row.people <= 10).toBe(true);
      expect(row.accessibilityNeeds === null || row.accessibilityNeeds.length <= 500).toBe(true);
      expect(row.email !== null || row.phone !== null).toBe(true);
      expect(row.eventSlug).toBe(event.slug);
    }
    const confirmedPeople = registrations.filter((r: { registrationStatus: string }) => r.registrationStatus === 'confirmed').reduce((n: number, r: { people: number }) => n + r.people, 0);
    expect(confirmedPeople).toBeLessThanOrEqual(5);
  }, 240_000);
});
