import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aValidDocument } from '@passerelle/shared/testing';
import {
  answerPath,
  freshIp,
  getPage,
  interestPath,
  outboxMessages,
  postForm,
  proposePath,
  publishedCall,
  publishedConsultation,
  publishedEventWithForm,
  publishedPetition,
  rsvpPath,
  signPath,
  tokenFrom,
  useTestOutbox,
  validAnswers,
  validInterest,
  validProposal,
  validRsvp,
  validSignature,
} from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { resetParticipationConfig } from '../../cms/src/participation/config.ts';

/**
 * The general classes of attack on the residents' write path, tried on every form at once:
 * - flooding: many submissions from one address, each with a new contact, are answered exactly
 *   alike, and only as many as the per-address limits allow are accepted or cause a message;
 * - replay: a link or code used a second time changes nothing more;
 * - enumeration: made-up tokens, and the slug of a draft (which exists, unpublished) against a
 *   made-up slug, get identical answers — no oracle for what exists.
 */
let app: StartedStrapi;
let strapi: Strapi;
let outbox: string;
const hex = () => randomBytes(4).toString('hex');
const email = (who: string) => `${who}.${hex()}@exemple.ca`;

beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  process.env.PUBLIC_SITE_URL = 'http://127.0.0.1:4321';
  process.env.PETITION_RATE_SHORT_MAX = '1';
  process.env.PETITION_RATE_SHORT_SECONDS = '60';
  process.env.PETITION_RATE_LONG_MAX = '5';
  process.env.PETITION_RATE_LONG_SECONDS = '300';
  process.env.PROPOSALS_NOTIFY_EMAIL = 'oc.equipe@cisss.example.org';
  delete process.env.SMTP_HOST;
  resetParticipationConfig();
  outbox = useTestOutbox();
  // A metrics endpoint on (METRICS_PORT=0: a private port of its own), to show the public port has no route to it.
  app = await startStrapi({ env: { METRICS_PORT: '0' } });
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

interface Form {
  name: string;
  /** Where the form posts, and a valid body with a contact nobody used before. */
  setUp(): Promise<{ path: string; fields: () => Record<string, string> }>;
  /** Submissions accepted (stored and not suspect) since `since`. */
  accepted(since: number): Promise<number>;
}

const notSuspect = (uid: string, where: Record<string, unknown>) => async (since: number) =>
  Number(await strapi.db.query(uid).count({ where: { ...where, suspectReason: { $null: true }, submittedAtMs: { $gte: since } } }));

const forms: Form[] = [
  {
    name: 'petition signature',
    async setUp() {
      const petition = await publishedPetition(strapi);
      this.accepted = async (since) =>
        Number(
          await strapi.db.query('api::participation.signature').count({
            where: { petitionDocumentId: petition.documentId, signatureStatus: { $ne: 'suspect' }, submittedAtMs: { $gte: since } },
          }),
        );
      return { path: signPath(petition.slug), fields: () => validSignature({ email: email('flot') }) };
    },
    accepted: async () => 0,
  },
  {
    name: 'event registration',
    async setUp() {
      const event = await publishedEventWithForm(strapi, 50);
      this.accepted = async (since) =>
        Number(
          await strapi.db.query('api::participation.registration').count({
            where: { eventDocumentId: event.documentId, registrationStatus: { $in: ['confirmed', 'waitlisted'] }, submittedAtMs: { $gte: since } },
          }),
        );
      return { path: rsvpPath(event.slug), fields: () => validRsvp({ email: email('flot') }) };
    },
    accepted: async () => 0,
  },
  {
    name: '"I\'m interested"',
    async setUp() {
      const call = await publishedCall(strapi);
      this.accepted = notSuspect('api::participation.interest', { callDocumentId: call.documentId });
      return { path: interestPath(call.slug), fields: () => validInterest({ email: email('flot') }) };
    },
    accepted: async () => 0,
  },
  {
    name: 'consultation answer',
    async setUp() {
      const consultation = await publishedConsultation(strapi);
      this.accepted = notSuspect('api::participation.consultation-response', { consultationDocumentId: consultation.documentId });
      return { path: answerPath(consultation.slug), fields: () => validAnswers() };
    },
    accepted: async () => 0,
  },
  {
    name: 'activity proposal',
    async setUp() {
      this.accepted = notSuspect('api::participation.event-proposal', {});
      return { path: proposePath, fields: () => validProposal({ email: email('flot') }) };
    },
    accepted: async () => 0,
  },
];

describe('flooding from one address', () => {
  it.each(forms.map((form) => [form.name, form] as const))('%s: ten submissions in a row get one answer, and one is accepted', async (_name, form) => {
    const { path, fields } = await form.setUp();
    const ip = freshIp();
    const since = Date.now();
    const messagesBefore = outboxMessages(outbox).length;
    const answers = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const sent = await postForm(app.baseUrl, path, fields(), { ip });
      // The only thing that may differ between answers is a random code-page reference.
      answers.add(`${sent.status} ${sent.location?.replace(/ref=[\w-]+/, 'ref=REF')}`);
    }
    expect([...answers]).toHaveLength(1);
    expect([...answers][0]).toMatch(/^303 /);
    expect(await form.accepted(since)).toBe(1);
    // At most one message for the resident (and one to the organizers), never ten.
    expect(outboxMessages(outbox).length - messagesBefore).toBeLessThanOrEqual(2);
  });
});

describe('replay', () => {
  it('a confirmation link used twice confirms once and counts once', async () => {
    const petition = await publishedPetition(strapi);
    const to = email('rejeu');
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: to }))).status).toBe(303);
    const token = tokenFrom(outboxMessages(outbox).filter((m) => m.to === to).pop());
    const first = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: token, locale: 'fr' });
    const second = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: token, locale: 'fr' });
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.location).toBe(first.location);
    const confirmed = await strapi.db.query('api::participation.signature').count({ where: { petitionDocumentId: petition.documentId, signatureStatus: 'confirmed' } });
    expect(Number(confirmed)).toBe(1);
  });

  it('a cancel link used twice frees the seats once', async () => {
    const event = await publishedEventWithForm(strapi, 3);
    const to = email('annule');
    expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: to, people: '2' }))).status).toBe(303);
    const token = tokenFrom(outboxMessages(outbox).filter((m) => m.to === to).pop());
    const seats = async () => Number((await strapi.db.query('api::participation.event-seat-pool').findOne({ where: { eventDocumentId: event.documentId } }))?.taken ?? 0);
    expect(await seats()).toBe(2);
    const first = await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: token, locale: 'fr' });
    const second = await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: token, locale: 'fr' });
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(await seats()).toBe(0);
  });
});

describe('enumeration', () => {
  const madeUpToken = () => randomBytes(24).toString('base64url');

  it.each([
    ['confirmation page', (t: string) => `/participer/petitions/confirmer?jeton=${t}&locale=fr`],
    ['cancel page', (t: string) => `/participer/evenements/annuler?jeton=${t}&locale=fr`],
  ])('%s: every made-up token gets the same 404 page', async (_name, url) => {
    const answers = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const page = await getPage(app.baseUrl, url(madeUpToken()));
      answers.add(`${page.status} ${page.text}`);
    }
    expect(answers.size).toBe(1);
    expect([...answers][0]).toMatch(/^404 /);
  });

  /** A draft (saved, never published) of each type whose slug a form or page takes. */
  const drafts: Array<[string, string, (slug: string) => string, () => Record<string, string>]> = [
    ['petition', 'api::petition.petition', signPath, () => validSignature({ email: email('brouillon') })],
    ['event', 'api::event.event', rsvpPath, () => validRsvp({ email: email('brouillon') })],
    ['call', 'api::call.call', interestPath, () => validInterest({ email: email('brouillon') })],
    ['consultation', 'api::consultation.consultation', answerPath, () => validAnswers()],
  ];

  it.each(drafts)('a draft %s answers exactly like a slug that does not exist', async (_name, uid, path, fields) => {
    const data = aValidDocument(uid);
    await strapi.documents(uid).create({ locale: 'fr', data: uid === 'api::event.event' ? { ...data, registrationMode: 'form', capacity: 10 } : data });
    const draftSlug = String(data.slug);
    const madeUp = `${draftSlug.slice(0, 20)}-${hex()}`;
    const answer = async (slug: string) => {
      const posted = await postForm(app.baseUrl, path(slug), fields());
      const landing = await getPage(app.baseUrl, `${path(slug).replace(/\/[^/]+$/, uid === 'api::event.event' ? '/inscrit' : '/merci')}?locale=fr`);
      return { posted: `${posted.status} ${posted.text.split(slug).join('SLUG')}`, landing: `${landing.status} ${landing.text}` };
    };
    const [draftAnswer, madeUpAnswer] = [await answer(draftSlug), await answer(madeUp)];
    expect(draftAnswer).toEqual(madeUpAnswer);
    expect(draftAnswer.posted).toMatch(/^404 /);
  });
});

describe('operations endpoints on the public port', () => {
  it('serves no metrics, under any name, even with a metrics endpoint running', async () => {
    for (const path of ['/metrics', '/metrics/', '/_metrics', '/api/metrics', '/admin/metrics', '/participer/metrics', '/METRICS']) {
      const response = await fetch(app.baseUrl + path);
      const text = await response.text();
      expect(response.status, path).toBe(404);
      expect(text, path).not.toContain('passerelle_http_requests_total');
      expect(text, path).not.toContain('process_cpu');
    }
  });

  it('answers readiness with a body that says nothing about the machine or the software', async () => {
    const response = await fetch(`${app.baseUrl}/_ready`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"status":"ready"}');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('server')).toBeNull();
  });
});
