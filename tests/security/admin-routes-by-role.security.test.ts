import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUserToken } from '../support/admin-users.ts';
import { publishedConsultation, useTestOutbox } from '../support/participation.ts';
import { aValidDocument } from '@passerelle/shared/testing';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Every admin route Passerelle adds, and the stock routes an insider would try to raise their own
 * role with, for every kind of admin user: nobody signed in, a community group, an OC, Strapi's
 * stock Editor and Author (roles a CISSS might hand a staffer), and the super admin (the person in
 * charge of personal information). One table: what each of them gets.
 */
let app: StartedStrapi;
let strapi: Strapi;
const tokens: Partial<Record<Who, string>> = {};
let consultationSlug: string;
let consultationId: string;
let draftPetitionId: string;

type Who = 'nobody' | 'group' | 'oc' | 'editor' | 'author' | 'superAdmin';
const roleCodes: Record<Exclude<Who, 'nobody'>, string> = {
  group: 'passerelle-community-group',
  oc: 'passerelle-community-organizer',
  editor: 'strapi-editor',
  author: 'strapi-author',
  superAdmin: 'strapi-super-admin',
};

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: () => string;
  body?: () => unknown;
  /** The status each kind of user gets. */
  expect: Record<Who, number>;
}

const everyAdmin = { nobody: 401, group: 200, oc: 200, editor: 200, author: 200, superAdmin: 200 };
const ocsOnly = { nobody: 401, group: 403, oc: 200, editor: 403, author: 403, superAdmin: 200 };
const superAdminsOnly = { nobody: 401, group: 403, oc: 403, editor: 403, author: 403, superAdmin: 200 };

const routes: Route[] = [
  { name: 'publishing status', method: 'GET', path: () => '/passerelle/publisher-status', expect: everyAdmin },
  { name: 'review queue', method: 'GET', path: () => '/passerelle/review-queue', expect: { ...ocsOnly, nobody: 401 } },
  { name: 'consultation answer counts', method: 'GET', path: () => '/passerelle/consultations', expect: ocsOnly },
  { name: 'participation by channel', method: 'GET', path: () => '/passerelle/participation', expect: ocsOnly },
  { name: 'messages the outbox gave up on', method: 'GET', path: () => '/passerelle/messages/echecs', expect: ocsOnly },
  // No such message: 404 for those allowed to ask, before that 401/403 for the others.
  { name: 'retry a dead message', method: 'POST', path: () => '/passerelle/messages/999999/renvoyer', expect: { ...ocsOnly, oc: 404, superAdmin: 404 } },
  // A published item's poster is a public page: its address is no secret from any admin user.
  {
    name: 'poster link of a published consultation',
    method: 'GET',
    path: () => `/passerelle/affiche?model=api::consultation.consultation&documentId=${consultationId}`,
    expect: everyAdmin,
  },
  { name: 'consultation answers CSV', method: 'GET', path: () => `/passerelle/consultations/${consultationSlug}/reponses.csv`, expect: ocsOnly },
  {
    name: 'Law 25 export of one person',
    method: 'POST',
    path: () => '/passerelle/personne/export',
    body: () => ({ contact: 'personne.inconnue@exemple.ca', format: 'json' }),
    expect: superAdminsOnly,
  },
  {
    name: 'Law 25 erasure of one person',
    method: 'POST',
    path: () => '/passerelle/personne/effacement',
    body: () => ({ contact: 'personne.inconnue@exemple.ca', confirm: 'personne.inconnue@exemple.ca' }),
    expect: superAdminsOnly,
  },
  // Raising one's own role: only a super admin manages users and roles.
  { name: 'list admin users', method: 'GET', path: () => '/admin/users', expect: { ...superAdminsOnly } },
  { name: 'list roles', method: 'GET', path: () => '/admin/roles', expect: { ...superAdminsOnly } },
  {
    name: 'create an API token',
    method: 'POST',
    path: () => '/admin/api-tokens',
    body: () => ({ name: `jeton-${Math.random().toString(36).slice(2)}`, type: 'full-access', lifespan: null, description: '' }),
    expect: { nobody: 401, group: 403, oc: 403, editor: 403, author: 403, superAdmin: 201 },
  },
];

async function call(route: Route, who: Who): Promise<number> {
  const token = who === 'nobody' ? undefined : tokens[who];
  const body = route.body?.();
  const response = await fetch(app.baseUrl + route.path(), {
    method: route.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  process.env.PUBLISHER_URL = '';
  useTestOutbox();
  app = await startStrapi();
  strapi = app.strapi;
  ({ slug: consultationSlug, documentId: consultationId } = await publishedConsultation(strapi));
  const draft = await strapi.documents('api::petition.petition').create({ locale: 'fr', data: aValidDocument('api::petition.petition') });
  draftPetitionId = draft.documentId as string;
  for (const [who, code] of Object.entries(roleCodes) as Array<[Exclude<Who, 'nobody'>, string]>) {
    tokens[who] = await adminUserToken(app, code, `${who.toLowerCase()}.routes@cisss.example.org`);
  }
});

afterAll(async () => {
  await app?.stop();
});

describe('admin routes, for every kind of admin user', () => {
  it.each(routes.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    const got: Record<string, number> = {};
    for (const who of Object.keys(route.expect) as Who[]) got[who] = await call(route, who);
    expect(got).toEqual(route.expect);
  });

  it('the preview URL of a draft goes exactly to those who can open that draft in the Content Manager', async () => {
    const preview = (): Route => ({
      name: 'preview',
      method: 'GET',
      path: () => `/content-manager/preview/url/api::petition.petition?documentId=${draftPetitionId}&locale=fr&status=draft`,
      expect: everyAdmin,
    });
    const open = (): Route => ({
      name: 'content manager',
      method: 'GET',
      path: () => `/content-manager/collection-types/api::petition.petition/${draftPetitionId}?locale=fr&status=draft`,
      expect: everyAdmin,
    });
    const answers: Record<string, [number, number]> = {};
    for (const who of Object.keys(roleCodes) as Who[]) answers[who] = [await call(preview(), who), await call(open(), who)];
    for (const [who, [url, page]] of Object.entries(answers)) expect(url === 200, `${who}: preview ${url}, content manager ${page}`).toBe(page === 200);
    // The group role cannot read petitions at all; an OC and the super admin can.
    expect(answers.group?.[0]).toBe(204);
    expect(answers.oc?.[0]).toBe(200);
    expect(answers.superAdmin?.[0]).toBe(200);
    expect(await call(preview(), 'nobody')).toBe(401);
  });

  it('a user cannot give themselves another role through their own profile', async () => {
    const groupRole = await strapi.db.query('admin::role').findOne({ where: { code: roleCodes.group } });
    const superRole = await strapi.db.query('admin::role').findOne({ where: { code: roleCodes.superAdmin } });
    const response = await fetch(`${app.baseUrl}/admin/users/me`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens.group}`, 'content-type': 'application/json' },
      body: JSON.stringify({ firstname: 'Groupe', roles: [superRole.id] }),
    });
    expect(response.status).toBeLessThan(500);
    const me = await strapi.db.query('admin::user').findOne({ where: { email: 'group.routes@cisss.example.org' }, populate: ['roles'] });
    expect(me.roles.map((r: { id: number }) => r.id)).toEqual([groupRole.id]);
  });
});
