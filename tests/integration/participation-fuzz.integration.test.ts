import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxFreeTextLength, normaliseEmail, normalisePhone, normalisePostalCode, personNameSchema } from '@passerelle/shared/participation/index';
import { freshIp, publishedCall, publishedConsultation, publishedEventWithForm, publishedPetition, useTestOutbox, validAnswers, validInterest, validProposal, validRsvp, validSignature } from '../support/participation.ts';
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
let consultation: { slug: string; documentId: string };
let call: { slug: string; documentId: string };

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  open = await publishedPetition(strapi, 'open');
  closed = await publishedPetition(strapi, 'closed');
  event = await publishedEventWithForm(strapi, 5);
  consultation = await publishedConsultation(strapi);
  call = await publishedCall(strapi);
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
const fieldNames = ['altcha', 'name', 'postalCode', 'email', 'phone', 'consent', 'updates', 'website', 'locale', 'jeton', 'ref', 'code', 'people', 'accessibilityNeeds', 'extra[]', '__proto__', 'constructor', 'q1', 'q1-1', 'q1-9', 'q2', 'q3', 'q4', 'followUp', 'preferredContactTime', 'title', 'summary', 'date', 'time', 'venueName', 'address', 'organizationName'];

/** The petition form's ALTCHA field: garbage, or base64 JSON shaped like a solution with wrong parts. */
const base64 = (value: unknown) => Buffer.from(JSON.stringify(value) ?? '').toString('base64');
const altchaValue = fc.oneof(
  anyText,
  fc.json().map((json) => Buffer.from(json).toString('base64')),
  fc
    .record({
      algorithm: fc.oneof(fc.constantFrom('SHA-256', 'SHA-1', 'sha-256', 'MD5', ''), fc.anything()),
      challenge: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), fc.anything()),
      number: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 1e300, Number.MAX_SAFE_INTEGER), fc.anything()),
      salt: fc.oneof(anyText, fc.nat().map((n) => `abc?expires=${n}&`), fc.anything()),
      signature: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), fc.anything()),
    }, { requiredKeys: [] })
    .map(base64),
);

/** A valid form for the route it is sent to, with some fields replaced, dropped or added. */
const mutation = fc.record({
  changes: fc.oneof(fc.constant({}), fc.dictionary(fc.constantFrom(...fieldNames), anyText, { maxKeys: 5 })),
  dropped: fc.oneof(fc.constant([]), fc.subarray(['name', 'postalCode', 'email', 'consent', 'people', 'q1-1', 'q2'])),
  altcha: fc.option(altchaValue, { nil: undefined }),
});
type Mutation = { changes: Record<string, string>; dropped: readonly string[]; altcha?: string | undefined };

function mutatedForm(route: string, { changes, dropped, altcha }: Mutation): string {
  const valid = route === 'rsvp' ? validRsvp() : route === 'answer' ? validAnswers() : route === 'interest' ? validInterest() : route === 'propose' ? validProposal() : validSignature();
  const fields: Record<string, string> = { ...valid, ...(altcha === undefined ? {} : { altcha }), ...changes };
  for (const field of dropped) delete fields[field];
  return new URLSearchParams(fields).toString();
}
const rawBody = fc.oneof(
  // Weighted so every route stores some valid rows too (checked at the end), not only refusals.
  { arbitrary: mutation, weight: 3 },
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
  route: fc.constantFrom('sign', 'sign', 'sign', 'rsvp', 'rsvp', 'rsvp', 'answer', 'answer', 'results', 'interest', 'interest', 'propose', 'propose', 'cancel', 'cancel-get', 'confirm', 'confirm-get', 'code', 'code-get', 'count', 'challenge', 'landing-get', 'landing-get', 'other'),
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
  slug,
  landing: fc.constantFrom('petitions/OPEN/merci', 'petitions/OPEN/confirmee', 'evenements/EVENT/inscrit', 'evenements/EVENT/liste-attente', 'consultations/CONSULTATION/merci', 'appels/CALL/merci'),
  body: rawBody,
  contentType,
  query: fc.oneof(fc.constant(''), anyText.map((t) => `?jeton=${encodeURIComponent(t)}&ref=${encodeURIComponent(t)}&locale=${encodeURIComponent(t)}`)),
});

function pathFor(r: { route: string; slug: string; landing: string; query: string }): string {
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
    case 'answer':
      return `/participer/consultations/${r.slug === 'OPEN' ? consultation.slug : s}/repondre${r.query}`;
    case 'interest':
      return `/participer/appels/${r.slug === 'OPEN' ? call.slug : s}/interesse${r.query}`;
    case 'propose':
      return `/participer/activites/proposer${r.query}`;
    case 'results':
      return `/participer/consultations/${r.slug === 'OPEN' ? consultation.slug : s}/resultats.json${r.query}`;
    case 'count':
      return `/participer/petitions/${s}/compte.json${r.query}`;
    case 'challenge':
      return `/participer/altcha/defi.json${r.query}`;
    case 'landing-get': {
      // The pages a form lands on, for the real items or whatever slug the generator made up.
      const real = { OPEN: open.slug, EVENT: event.slug, CONSULTATION: consultation.slug, CALL: call.slug } as Record<string, string>;
      const path = r.landing.replace(/OPEN|EVENT|CONSULTATION|CALL/, (placeholder) => (r.slug === 'OPEN' ? real[placeholder]! : s));
      return `/participer/${path}${r.query}`;
    }
    default:
      return `/participer/${s}${r.query}`;
  }
}

describe('bad requests never break the write path', () => {
  it('answers 1,500 generated requests without a single 5xx, and stores only valid rows', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const method = r.route.endsWith('-get') || r.route === 'count' || r.route === 'results' ? 'GET' : r.method;
        const response = await fetch(app.baseUrl + pathFor(r), {
          method,
          redirect: 'manual',
          headers: { ...(r.contentType ? { 'content-type': r.contentType } : {}), 'x-forwarded-for': freshIp() },
          body: method === 'GET' ? undefined : typeof r.body === 'string' ? r.body : mutatedForm(r.route, r.body),
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${method} ${pathFor(r)}`).toBeLessThan(500);
      }),
      { numRuns: 1500, seed: Number(process.env.FUZZ_SEED ?? 20261128) },
    );
    // The generators did reach the interesting answers, not only 404s.
    for (const status of [200, 303, 404, 405, 413, 415, 422]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);

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

    const answers = await strapi.db.query('api::participation.consultation-response').findMany({});
    expect(answers.length).toBeGreaterThan(0);
    for (const row of answers) {
      expect(row.consultationDocumentId).toBe(consultation.documentId);
      const [q1, q2, q3, q4] = row.answers as unknown[];
      expect(Array.isArray(q1) && q1.length > 0 && q1.every((p) => [0, 1, 2].includes(p as number)), `q1 ${JSON.stringify(q1)}`).toBe(true);
      expect([1, 2, 3, 4, 5]).toContain(q2);
      expect([null, 0, 1]).toContain(q3);
      expect(q4 === null || (typeof q4 === 'string' && q4.trim() === q4 && q4 !== '' && [...q4].length <= maxFreeTextLength)).toBe(true);
      if (row.followUpConsent) {
        expect(personNameSchema.safeParse(row.name).success).toBe(true);
        expect(row.email !== null || row.phone !== null).toBe(true);
      } else expect([row.name, row.email, row.phone]).toEqual([null, null, null]);
    }

    const interests = await strapi.db.query('api::participation.interest').findMany({});
    expect(interests.length).toBeGreaterThan(0);
    for (const row of interests) {
      expect(row.callDocumentId).toBe(call.documentId);
      expect(personNameSchema.safeParse(row.name).success, `name ${JSON.stringify(row.name)}`).toBe(true);
      expect(row.email === null || normaliseEmail(row.email) === row.email, `email ${row.email}`).toBe(true);
      expect(row.phone === null || normalisePhone(row.phone) === row.phone, `phone ${row.phone}`).toBe(true);
      expect(row.email !== null || row.phone !== null).toBe(true);
      expect(row.preferredContactTime === null || row.preferredContactTime.length <= 200).toBe(true);
    }

    const proposals = await strapi.db.query('api::participation.event-proposal').findMany({});
    expect(proposals.length).toBeGreaterThan(0);
    for (const row of proposals) {
      expect(personNameSchema.safeParse(row.name).success, `name ${JSON.stringify(row.name)}`).toBe(true);
      expect(row.email !== null || row.phone !== null).toBe(true);
      expect(row.organizationName.length > 0 && row.organizationName.length <= 200).toBe(true);
      expect(row.suspectReason === null).toBe(row.proposedEventDocumentId !== null);
      if (row.proposedEventDocumentId) {
        const draft = await strapi.documents('api::event.event').findOne({ documentId: row.proposedEventDocumentId, locale: 'fr', status: 'draft' });
        expect(draft?.publishedAt ?? null).toBeNull();
      }
    }
  }, 240_000);
});
