import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAdminRoles } from '../../cms/src/bootstrap/admin-roles.ts';
import { privateContentTypes } from '../../cms/src/participation/private-content-types.ts';
import { adminUserToken, contentManagerPath as cm } from '../support/admin-users.ts';
import { aValidDocument } from '@passerelle/shared/testing';
import { api, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Residents' data is for the super admin (the person in charge of personal information) only,
 * whatever role a staffer is given: Strapi's stock Editor and Author roles, and any role made later
 * in the admin panel, get no access to the private collections, at boot and between boots. The
 * community group role reads neighbourhoods but not their OCs' addresses (`ocEmails`).
 */
let app: StartedStrapi;
let strapi: Strapi;
const tokens: Record<string, string> = {};
const OC_EMAIL = 'oc.quartier@cisss.example.org';
let neighbourhoodId: string;

const SUPER_ADMIN = 'strapi-super-admin';
const STAFF_ROLES = ['strapi-editor', 'strapi-author', 'passerelle-community-organizer', 'passerelle-community-group'] as const;
const fr = 'plugins[i18n][locale]=fr';
const explorer = (verb: string) => `plugin::content-manager.explorer.${verb}`;

async function seedPrivateRows() {
  await strapi.db.query('api::participation.signature').create({
    data: { petitionDocumentId: 'p1', petitionSlug: 'x', name: 'Marie Tremblay', email: 'marie@exemple.ca', signatureStatus: 'confirmed', language: 'fr', submittedAtMs: Date.now() },
  });
  await strapi.db.query('api::participation.privacy-incident').create({
    data: { description: 'Courriel envoyé à la mauvaise liste', personalInformationConcerned: 'Noms', circumstances: 'Erreur', knownOn: '2026-11-01', seriousInjuryRisk: 'no' },
  });
}

/** Permission rows on private collections held by roles other than super admin. */
async function privatePermissionsOutsideSuperAdmin() {
  const rows = (await strapi.db.query('admin::permission').findMany({
    where: { subject: { $in: [...privateContentTypes] } },
    populate: ['role'],
  })) as Array<{ action: string; subject: string; role: { code: string } | null }>;
  return rows.filter((r) => r.role?.code !== SUPER_ADMIN).map((r) => `${r.role?.code} ${r.action} ${r.subject}`);
}

beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  app = await startStrapi();
  strapi = app.strapi;
  await seedPrivateRows();
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const created = await documents.create({ locale: 'fr', data: { ...aValidDocument('api::neighbourhood.neighbourhood', 'Quartier OC'), ocEmails: [OC_EMAIL] } });
  await documents.publish({ documentId: created.documentId, locale: 'fr' });
  neighbourhoodId = created.documentId;
  tokens[SUPER_ADMIN] = await adminUserToken(app, SUPER_ADMIN, 'prp.roles@cisss.example.org');
  for (const code of STAFF_ROLES) tokens[code] = await adminUserToken(app, code, `${code}.roles@cisss.example.org`);
});

afterAll(async () => {
  await app?.stop();
});

describe('private collections and the incident register', () => {
  it('no role but super admin holds a permission on them after boot (stock Editor and Author included)', async () => {
    expect(await privatePermissionsOutsideSuperAdmin()).toEqual([]);
  });

  it.each(STAFF_ROLES)('%s cannot list or read them in the Content Manager (403)', async (code) => {
    for (const uid of privateContentTypes) {
      const list = await api(app.baseUrl, cm(uid, '?page=1&pageSize=10'), { token: tokens[code] });
      expect(list.status, `${code} lists ${uid}`).toBe(403);
      expect(JSON.stringify(list.body)).not.toContain('Marie Tremblay');
    }
  });

  it('the super admin still reads them', async () => {
    for (const uid of ['api::participation.signature', 'api::participation.privacy-incident']) {
      const list = await api(app.baseUrl, cm(uid, '?page=1&pageSize=10'), { token: tokens[SUPER_ADMIN] });
      expect(list.status, uid).toBe(200);
      expect(list.body.results.length).toBeGreaterThan(0);
    }
  });

  it('stock roles keep their ordinary work: an Editor still reads events', async () => {
    const list = await api(app.baseUrl, cm('api::event.event', `?page=1&pageSize=10&${fr}`), { token: tokens['strapi-editor'] });
    expect(list.status).toBe(200);
  });

  it('a role given them in the admin panel between boots gets nothing from it, and the next boot removes them', async () => {
    const roleService = strapi.service('admin::role');
    const role = await roleService.create({ name: 'Accueil', description: 'Créé dans le panneau', code: 'accueil-test' });
    await roleService.assignPermissions(
      role.id,
      ['api::participation.signature', 'api::participation.privacy-incident'].flatMap((subject) =>
        ['read', 'update', 'delete'].map((verb) => ({
          action: explorer(verb),
          subject,
          properties: { fields: Object.keys(strapi.contentTypes[subject].attributes) },
          conditions: [],
        })),
      ),
    );
    const token = await adminUserToken(app, 'accueil-test', 'accueil.roles@cisss.example.org');
    for (const uid of ['api::participation.signature', 'api::participation.privacy-incident']) {
      const list = await api(app.baseUrl, cm(uid, '?page=1&pageSize=10'), { token });
      expect(list.status, `between boots: ${uid}`).toBe(403);
    }
    expect((await privatePermissionsOutsideSuperAdmin()).some((p) => p.startsWith('accueil-test '))).toBe(true);

    await applyAdminRoles(strapi); // what every boot runs
    expect(await privatePermissionsOutsideSuperAdmin()).toEqual([]);
  });
});

describe("neighbourhoods' OC addresses (ocEmails)", () => {
  it('are not readable by a community group in the Content Manager, list or edit view', async () => {
    const token = tokens['passerelle-community-group']!;
    const list = await api(app.baseUrl, cm('api::neighbourhood.neighbourhood', `?page=1&pageSize=100&${fr}`), { token });
    expect(list.status).toBe(200);
    expect(list.body.results.map((n: { documentId: string }) => n.documentId)).toContain(neighbourhoodId);
    expect(JSON.stringify(list.body)).not.toContain(OC_EMAIL);
    const one = await api(app.baseUrl, cm('api::neighbourhood.neighbourhood', `/${neighbourhoodId}?${fr}`), { token });
    expect(one.status).toBe(200);
    expect(one.body.data.name).toBeTruthy();
    expect(one.body.data).not.toHaveProperty('ocEmails');
    expect(JSON.stringify(one.body)).not.toContain(OC_EMAIL);
  });

  it('cannot be probed by a community group through a filter', async () => {
    const token = tokens['passerelle-community-group']!;
    const probe = (needle: string) =>
      api(app.baseUrl, cm('api::neighbourhood.neighbourhood', `?page=1&pageSize=100&${fr}&filters[$and][0][ocEmails][$contains]=${encodeURIComponent(needle)}`), { token });
    const hit = await probe(OC_EMAIL);
    const miss = await probe('personne@nulle-part.example');
    expect(hit.status).toBeLessThan(500);
    // Either refused, or the filter is ignored: the answer must not depend on the secret.
    if (hit.status === 200) expect(hit.body.pagination.total).toBe(miss.body.pagination.total);
  });

  it('stay readable by OCs, who maintain them', async () => {
    const one = await api(app.baseUrl, cm('api::neighbourhood.neighbourhood', `/${neighbourhoodId}?${fr}`), { token: tokens['passerelle-community-organizer'] });
    expect(one.status).toBe(200);
    expect(one.body.data.ocEmails).toEqual([OC_EMAIL]);
  });

  it("the group role's read permission on neighbourhoods lists every field but ocEmails", async () => {
    const role = await strapi.db.query('admin::role').findOne({ where: { code: 'passerelle-community-group' } });
    const permission = await strapi.db.query('admin::permission').findOne({
      where: { role: role.id, action: explorer('read'), subject: 'api::neighbourhood.neighbourhood' },
    });
    const fields: string[] = permission.properties.fields;
    expect(fields).not.toContain('ocEmails');
    expect(fields).toEqual(expect.arrayContaining(['name', 'slug', 'territory', 'lat', 'lng', 'fsas']));
  });
});

describe("the practitioners' space's members and round tables", () => {
  const staffTypes = ['api::practitioners.practitioner', 'api::practitioners.round-table', 'api::practitioners.meeting', 'api::practitioners.diagnostic', 'api::practitioners.diagnostic-action'];

  it('OCs and the super admin list and create them in the Content Manager', async () => {
    for (const code of [SUPER_ADMIN, 'passerelle-community-organizer']) {
      const created = await api(app.baseUrl, cm('api::practitioners.practitioner', ''), {
        token: tokens[code],
        body: { name: `Invitée par ${code}`, email: `invitee.${code}@groupe.example.org`, spaceRole: 'intervenant', active: true },
      });
      expect(created.status, `${code} creates a member`).toBe(201);
      for (const uid of staffTypes) expect((await api(app.baseUrl, cm(uid, '?page=1&pageSize=10'), { token: tokens[code] })).status, `${code} lists ${uid}`).toBe(200);
    }
  });

  it.each(STAFF_ROLES.filter((code) => code !== 'passerelle-community-organizer'))('%s cannot list, read or create them (403)', async (code) => {
    for (const uid of staffTypes) {
      const list = await api(app.baseUrl, cm(uid, '?page=1&pageSize=10'), { token: tokens[code] });
      expect(list.status, `${code} lists ${uid}`).toBe(403);
      expect(JSON.stringify(list.body)).not.toContain('groupe.example.org');
    }
    expect((await api(app.baseUrl, cm('api::practitioners.practitioner', ''), { token: tokens[code], body: { name: 'Intrus', spaceRole: 'oc', active: true } })).status).toBe(403);
  });

  it('a role given them in the admin panel between boots gets nothing from it, and the next boot removes them', async () => {
    const roleService = strapi.service('admin::role');
    const role = await roleService.create({ name: 'Accueil espace', description: 'Créé dans le panneau', code: 'accueil-espace-test' });
    await roleService.assignPermissions(
      role.id,
      ['read', 'create'].map((verb) => ({
        action: explorer(verb),
        subject: 'api::practitioners.practitioner',
        properties: { fields: Object.keys(strapi.contentTypes['api::practitioners.practitioner'].attributes) },
        conditions: [],
      })),
    );
    const token = await adminUserToken(app, 'accueil-espace-test', 'accueil.espace@cisss.example.org');
    expect((await api(app.baseUrl, cm('api::practitioners.practitioner', '?page=1&pageSize=10'), { token })).status).toBe(403);
    await applyAdminRoles(strapi);
    const left = await strapi.db.query('admin::permission').count({ where: { role: role.id, subject: 'api::practitioners.practitioner' } });
    expect(left).toBe(0);
  });
});
