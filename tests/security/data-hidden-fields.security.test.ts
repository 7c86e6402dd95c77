import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUserToken, contentManagerPath as cm } from '../support/admin-users.ts';
import { aValidDocument } from '@passerelle/shared/testing';
import { api, createFullAccessToken, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * A consultation's `results` read as null for the public until it closes (early answers must not
 * sway later ones). Filtering, sorting or searching on it would answer the same question one bit
 * at a time, so for the public and users-permissions JWTs it cannot be filtered or sorted at all,
 * over REST and GraphQL: 400 "Invalid key results", as Strapi answers for a private field. The
 * admin panel and API tokens (the site's preview) are not affected.
 */
let app: StartedStrapi;
let strapi: Strapi;
let userJwt: string;
let apiToken: string;
let adminToken: string;
let open: string;
let closed: string;
const SECRET = 'Résultats provisoires zq7 : 62 % pour.';
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

async function consultation(closesInHours: number): Promise<string> {
  const documents = strapi.documents('api::consultation.consultation');
  const doc = await documents.create({
    locale: 'fr',
    data: { ...aValidDocument('api::consultation.consultation'), opensAt: hoursFromNow(-48), closesAt: hoursFromNow(closesInHours), results: SECRET },
  });
  await documents.publish({ documentId: doc.documentId, locale: 'fr' });
  return doc.documentId as string;
}

/** A site user (users-permissions) whose role may read consultations, as an admin could set up. */
async function usersPermissionsJwt(): Promise<string> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  for (const action of ['api::consultation.consultation.find', 'api::consultation.consultation.findOne']) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  const user = await strapi.db.query('plugin::users-permissions.user').create({
    data: { username: 'resident-test', email: 'resident.test@exemple.ca', provider: 'local', confirmed: true, blocked: false, role: role.id },
  });
  return strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
}

const rest = (query: string, token?: string) => api(app.baseUrl, `/api/consultations?locale=fr&${query}`, token ? { token } : {});

const refusals = [
  'filters[results][$startsWith]=R%C3%A9sultats',
  'filters[results][$notNull]=true',
  'filters[$or][0][results][$containsi]=62',
  'filters[$and][0][$not][results][$null]=true',
  'sort=results:asc',
  'sort[0]=results:desc',
  'sort[results]=asc',
];

beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  app = await startStrapi();
  strapi = app.strapi;
  open = await consultation(24);
  closed = await consultation(-1);
  userJwt = await usersPermissionsJwt();
  apiToken = await createFullAccessToken(strapi);
  adminToken = await adminUserToken(app, 'strapi-super-admin', 'prp.hidden@cisss.example.org');
});

afterAll(async () => {
  await app?.stop();
});

describe('REST', () => {
  it.each(refusals)('refuses %s for the public and for a users-permissions JWT (400 Invalid key)', async (query) => {
    for (const token of [undefined, userJwt]) {
      const { status, body } = await rest(query, token);
      expect(status, `${token ? 'jwt' : 'public'} ${query}`).toBe(400);
      expect(body.error).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^Invalid key results/) });
      expect(JSON.stringify(body)).not.toContain(open);
    }
  });

  it('does not match the hidden text through full-text search (_q)', async () => {
    for (const token of [undefined, userJwt]) {
      const { status, body } = await rest('_q=zq7', token);
      expect(status).toBe(200);
      expect(body.data.map((c: { documentId: string }) => c.documentId)).not.toContain(open);
    }
  });

  it('still lets the public read and filter on the other fields, and see results once closed', async () => {
    const { status, body } = await rest(`filters[documentId][$in][0]=${open}&filters[documentId][$in][1]=${closed}`);
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.data.map((c: { documentId: string; results: string | null }) => [c.documentId, c.results]));
    expect(byId).toEqual({ [open]: null, [closed]: SECRET });
  });

  it('leaves API tokens and the admin panel unaffected', async () => {
    const filtered = await rest('filters[results][$startsWith]=R%C3%A9sultats&sort=results:asc', apiToken);
    expect(filtered.status).toBe(200);
    expect(filtered.body.data.map((c: { documentId: string }) => c.documentId)).toEqual(expect.arrayContaining([open, closed]));
    const admin = await api(
      app.baseUrl,
      cm('api::consultation.consultation', '?page=1&pageSize=10&plugins[i18n][locale]=fr&filters[$and][0][results][$startsWith]=R%C3%A9sultats&sort=results:ASC'),
      { token: adminToken },
    );
    expect(admin.status).toBe(200);
    expect(admin.body.results.map((c: { documentId: string }) => c.documentId)).toEqual(expect.arrayContaining([open, closed]));
  });
});

describe('GraphQL', () => {
  const queries = [
    `{ consultations(locale: "fr", filters: { results: { startsWith: "Résultats" } }) { documentId } }`,
    `{ consultations(locale: "fr", filters: { or: [{ results: { contains: "62" } }, { title: { eq: "x" } }] }) { documentId } }`,
    `{ consultations(locale: "fr", filters: { not: { results: { null: true } } }) { documentId } }`,
    `{ consultations_connection(locale: "fr", filters: { results: { notNull: true } }) { pageInfo { total } } }`,
    `{ consultations(locale: "fr", sort: "results:asc") { documentId } }`,
  ];

  it.each(queries)('refuses %s for the public and for a users-permissions JWT', async (query) => {
    for (const token of [undefined, userJwt]) {
      const { status, data, errors } = await graphql(app.baseUrl, query, {}, token);
      expect(status, query).toBeLessThan(500);
      expect(errors?.[0]?.message, query).toMatch(/Invalid key results/);
      expect(JSON.stringify(data ?? null)).not.toContain(open);
    }
  });

  it('lets an API token filter on results', async () => {
    const { data, errors } = await graphql(app.baseUrl, queries[0]!, {}, apiToken);
    expect(errors).toBeUndefined();
    expect(data.consultations.map((c: { documentId: string }) => c.documentId)).toEqual(expect.arrayContaining([open, closed]));
  });
});
