import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { answerPath, postForm, publishedConsultation, publishedPetition, signPath, useTestOutbox, validAnswers, validSignature } from '../support/participation.ts';

/**
 * Residents' personal information is never readable by the public: not through REST, GraphQL,
 * `populate`, nor filters on private fields through a public type's relations (the class of
 * Strapi's CVE-2023-22894 / CVE-2024-56143). Every attempt gets no data and never a 5xx.
 */
useTestOutbox();
const SECRET_EMAIL = 'aaa.secret.resident@exemple.ca';
const collections = ['signatures', 'registrations', 'event-seat-pools', 'interests', 'event-proposals', 'consultation-responses', 'privacy-incidents', 'practitioners', 'round-tables', 'practitioner-sessions', 'practitioner-sign-ins', 'meetings', 'calendar-tokens', 'hand-requests', 'hand-replies', 'public-drafts', 'diagnostics', 'diagnostic-actions'];
const uids = [
  'api::participation.signature',
  'api::participation.registration',
  'api::participation.event-seat-pool',
  'api::participation.interest',
  'api::participation.event-proposal',
  'api::participation.consultation-response',
  'api::participation.privacy-incident',
  // The practitioners' space: members, round tables, meetings, sessions, sign-in requests, calendar addresses, requests for a hand (docs/practitioners-space.md).
  'api::practitioners.practitioner',
  'api::practitioners.round-table',
  'api::practitioners.practitioner-session',
  'api::practitioners.practitioner-sign-in',
  'api::practitioners.meeting',
  'api::practitioners.calendar-token',
  // Requests for a hand and their threads.
  'api::practitioners.hand-request',
  'api::practitioners.hand-reply',
  // Which draft for the public site a meeting or a request made, and who made it.
  'api::practitioners.public-draft',
  // Neighbourhood diagnostics and their plans of action.
  'api::practitioners.diagnostic',
  'api::practitioners.diagnostic-action',
];

let app: StartedStrapi;
let strapi: Strapi;
let petition: { documentId: string; slug: string };

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  petition = await publishedPetition(strapi);
  const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: SECRET_EMAIL, name: 'Résidente Secrète' }));
  expect(sent.status).toBe(303);
  // A consultation answer with a follow-up contact: the same secret email must never come out either.
  const consultation = await publishedConsultation(strapi);
  const answered = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ followUp: '1', name: 'Résidente Secrète', email: SECRET_EMAIL, q4: 'secret.resident' }));
  expect(answered.status).toBe(303);
});

afterAll(async () => {
  await app?.stop();
});

const leaks = (body: unknown) => /secret\.resident|Résidente Secrète|H2R 1A1|ipHash|signatureStatus/.test(JSON.stringify(body ?? ''));

describe('private collections over REST', () => {
  it.each(collections)('/api/%s has no route at all', async (plural) => {
    for (const path of [`/api/${plural}`, `/api/${plural}/1`, `/api/${plural}?populate=*`]) {
      const { status, body } = await api(app.baseUrl, path);
      expect(status).toBe(404);
      expect(leaks(body)).toBe(false);
    }
    const created = await api(app.baseUrl, `/api/${plural}`, { body: { data: { name: 'x' } } });
    expect(created.status).toBeLessThan(500);
    expect([403, 404, 405]).toContain(created.status);
  });

  it('no Public permission names a private collection', async () => {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const permissions = await strapi.db.query('plugin::users-permissions.permission').findMany({ where: { role: role.id } });
    expect(permissions.length).toBeGreaterThan(0);
    for (const p of permissions) expect(p.action).not.toMatch(/^api::(participation|practitioners)\./);
  });

  it('every attribute of every private collection is marked private', () => {
    for (const uid of uids) {
      const attributes = strapi.contentType(uid).attributes as Record<string, { private?: boolean }>;
      const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
      expect(own.length).toBeGreaterThan(0);
      for (const [name, attribute] of own) expect({ uid, name, private: attribute.private }).toEqual({ uid, name, private: true });
    }
  });
});

describe('public types do not reach private data', () => {
  const attempts = [
    '/api/petitions?populate=*',
    '/api/petitions?populate[signatures]=*',
    '/api/petitions?populate[signatures][fields][0]=email',
    '/api/petitions?filters[signatures][email][$startsWith]=a',
    '/api/petitions?filters[signatures][email][$containsi]=secret',
    '/api/petitions?filters[signatures][name][$notNull]=true',
    '/api/petitions?filters[$or][0][signatures][email][$startsWith]=a',
    '/api/petitions?sort=signatures.email',
    '/api/petitions?fields[0]=signatures',
    '/api/events?populate[registrations]=*',
    '/api/events?filters[registrations][email][$startsWith]=a',
    '/api/calls?filters[interests][email][$startsWith]=a',
    '/api/consultations?filters[responses][email][$startsWith]=a',
    '/api/petitions?filters[createdBy][email][$startsWith]=a',
    '/api/petitions?filters[updatedBy][password][$startsWith]=$',
  ];
  it.each(attempts)('%s → no private data, no 5xx', async (path) => {
    const { status, body } = await api(app.baseUrl, path);
    expect(status).toBeLessThan(500);
    expect(leaks(body)).toBe(false);
    if (status === 200 && path.includes('filters')) {
      // Filters on unknown relations are refused (400) or ignored: never narrowed by private values.
      const all = await api(app.baseUrl, path.split('?')[0]!);
      expect(body.data.length).toBe(all.body.data.length);
    }
  });
});

describe('private collections over GraphQL', () => {
  const queries = [
    '{ signatures { documentId name email } }',
    '{ signature(documentId: "x") { name } }',
    '{ registrations { name } }',
    '{ interests { name } }',
    '{ eventProposals { name } }',
    '{ consultationResponses { name } }',
    '{ eventSeatPools { capacity } }',
    '{ practitioners { name email phone } }',
    '{ roundTables { name } }',
    '{ practitionerSessions { tokenHash } }',
    '{ meetings { title minutes attendees { email } } }',
    '{ handRequests { title details author { email } } }',
    '{ handReplies { text } }',
    '{ petitions { title signatures { email } } }',
    '{ petitions(filters: { signatures: { email: { startsWith: "a" } } }) { title } }',
    'mutation { createSignature(data: { name: "x" }) { documentId } }',
  ];
  it.each(queries)('%s → an error, no data', async (query) => {
    const { status, data, errors } = await graphql(app.baseUrl, query);
    expect(status).toBeLessThan(500);
    expect(errors?.length ?? 0).toBeGreaterThan(0);
    expect(leaks(data)).toBe(false);
  });

  it('the schema has no type for them', async () => {
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    const names: string[] = data.__schema.types.map((t: { name: string }) => t.name);
    // The event's public "registration mode" enum is the only look-alike, and it is public content.
    expect(names.filter((n) => n !== 'ENUM_EVENT_REGISTRATIONMODE' && /signature|registration|interest|proposal|consultationresponse|seatpool/i.test(n))).toEqual([]);
  });
});
