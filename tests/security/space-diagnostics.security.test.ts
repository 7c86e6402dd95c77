import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliCompressSync } from 'node:zlib';
import { spaceDiagnosticActions, spaceDiagnosticPath, spaceDiagnosticPaths, spacePaths } from '@passerelle/shared/participation';
import { useTestOutbox } from '../support/participation.ts';
import { createDiagnosticWithAction, createNeighbourhood, createReachableMember, createRoundTable, diagnosticActionUid, diagnosticUid, hiddenFields, signInByCode, SpaceBrowser } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Neighbourhood diagnostics, attacked: read or changed by a stranger, an ex-member of the
 * neighbourhood's table, a member of another neighbourhood's table; an action of another
 * neighbourhood's plan changed through this one's form; every form without or with a wrong CSRF
 * token; a person's contact details typed as an action's owner; the new types never readable
 * through the public REST or GraphQL API.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

type Who = 'member' | 'other' | 'leaver';
const people = {} as Record<Who, { documentId: string; browser: SpaceBrowser }>;
let here: { documentId: string; slug: string };
let elsewhere: { documentId: string; slug: string };
let hereAction: string;
let elsewhereAction: string;

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const barriers = (level = 'moyen') => Object.fromEntries(['device', 'data', 'skills', 'accessibility', 'language', 'trust'].flatMap((k) => [[`level-${k}`, level], [`note-${k}`, 'piraté']]));
const action = { title: 'Action pirate', barrier: 'data', owner: 'Un organisme', dueOn: '2027-02-01', status: 'a_faire', note: '' };
const posts = (slug: string, actionId: string) => [
  { path: spaceDiagnosticActions.barriers(slug), fields: barriers() },
  { path: spaceDiagnosticActions.addAction(slug), fields: action },
  { path: spaceDiagnosticActions.updateAction(slug), fields: { action: actionId, status: 'fait', note: 'piraté' } },
];
const nothingChanged = async () => {
  expect(await strapi.db.query(diagnosticActionUid).count({ where: { title: 'Action pirate' } })).toBe(0);
  expect(await strapi.db.query(diagnosticActionUid).count({ where: { actionStatus: 'fait' } })).toBe(0);
  expect(await strapi.db.query(diagnosticUid).count({ where: { deviceNote: 'piraté' } })).toBe(0);
};

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  here = await createNeighbourhood(strapi, 'Centre-Sud');
  elsewhere = await createNeighbourhood(strapi, 'Hochelaga');
  const make = (name: string) => createReachableMember(strapi, name);
  const member = await make('Mathieu Membre');
  const other = await make('Xavier Ailleurs');
  const leaver = await make('Élise Partante');
  const tableA = await createRoundTable(strapi, { name: 'Table Centre-Sud', members: [member.documentId, leaver.documentId], neighbourhoods: [here.documentId] });
  await createRoundTable(strapi, { name: 'Table Hochelaga', members: [other.documentId], neighbourhoods: [elsewhere.documentId] });
  hereAction = (await createDiagnosticWithAction(strapi, here.documentId, { title: 'Ateliers au Centre-Sud' })).actionId;
  elsewhereAction = (await createDiagnosticWithAction(strapi, elsewhere.documentId, { title: 'Plan secret de Hochelaga' })).actionId;
  for (const [key, p] of Object.entries({ member, other, leaver })) people[key as Who] = { documentId: p.documentId, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  const leave = await people.leaver.browser.post(`/participer/espace/tables/${tableA}/quitter`, { csrf: await csrfOf(people.leaver.browser), locale: 'fr' });
  expect(leave.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('who sees a neighbourhood’s diagnostic', () => {
  it('a member of a table of the neighbourhood sees it in the list and on its page; not the other neighbourhood’s', async () => {
    const list = await people.member.browser.get(spaceDiagnosticPaths.list);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Centre-Sud');
    expect(list.text).not.toContain('Hochelaga');
    const page = await people.member.browser.get(spaceDiagnosticPath(here.slug));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ateliers au Centre-Sud');
    expect(page.text).not.toContain('Plan secret');
    for (const who of [people.other, people.leaver]) expect((await who.browser.get(spaceDiagnosticPaths.list)).text).not.toContain('Ateliers au Centre-Sud');
  });

  it('a stranger is sent to sign in from every page, and every form is refused before anything', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const path of [spaceDiagnosticPaths.list, spaceDiagnosticPath(here.slug)]) {
      const answer = await stranger.get(path);
      expect(answer.status, path).toBe(303);
      expect(answer.location, path).toBe(spacePaths.signIn);
    }
    for (const { path, fields } of posts(here.slug, hereAction)) expect((await stranger.post(path, { csrf: 'a'.repeat(64), locale: 'fr', ...fields })).status, path).toBe(303);
    await nothingChanged();
  });

  it('an ex-member, a member of another neighbourhood’s table and an unknown neighbourhood get the same 404, on the page and every form', async () => {
    const answers = new Set<string>();
    for (const who of [people.leaver, people.other]) {
      const csrf = await csrfOf(who.browser);
      const page = await who.browser.get(spaceDiagnosticPath(here.slug));
      expect(page.status).toBe(404);
      expect(page.text).not.toMatch(/Ateliers|Centre-Sud|secrète/);
      answers.add(page.text);
      for (const { path, fields } of posts(here.slug, hereAction)) {
        const answer = await who.browser.post(path, { csrf, locale: 'fr', ...fields });
        expect(answer.status, path).toBe(404);
        answers.add(answer.text);
      }
    }
    answers.add((await people.member.browser.get(spaceDiagnosticPath('quartier-inconnu'))).text);
    answers.add((await people.member.browser.get(spaceDiagnosticPath(elsewhere.slug))).text);
    expect((await people.member.browser.get(spaceDiagnosticPath('..%2F..'))).status).toBe(404);
    expect(answers.size).toBe(1);
    await nothingChanged();
  });

  it('an action of another neighbourhood’s plan cannot be changed through this neighbourhood’s form (404)', async () => {
    const csrf = await csrfOf(people.member.browser);
    for (const actionId of [elsewhereAction, 'a'.repeat(24), '']) {
      const answer = await people.member.browser.post(spaceDiagnosticActions.updateAction(here.slug), { csrf, locale: 'fr', action: actionId, status: 'fait', note: 'piraté' });
      expect(answer.status, actionId).toBe(404);
    }
    await nothingChanged();
  });
});

describe('forms', () => {
  it('without or with a wrong CSRF token: 403 "form expired", nothing done', async () => {
    for (const csrf of [undefined, 'b'.repeat(64)]) {
      for (const { path, fields } of posts(here.slug, hereAction)) {
        const answer = await people.member.browser.post(path, { ...(csrf ? { csrf } : {}), locale: 'fr', ...fields });
        expect(answer.status, path).toBe(403);
      }
    }
    await nothingChanged();
  });

  it('an owner written as someone’s email or phone number is refused, with the form shown again as typed', async () => {
    const csrf = await csrfOf(people.member.browser);
    for (const owner of ['lucie.tremblay@exemple.ca', 'Lucie, 514 555-0199']) {
      const answer = await people.member.browser.post(spaceDiagnosticActions.addAction(here.slug), { csrf, locale: 'fr', ...action, owner });
      expect(answer.status, owner).toBe(422);
      expect(answer.text).toContain('Écrivez un organisme ou un rôle');
      expect(answer.text).toContain('value="Action pirate"');
    }
    await nothingChanged();
  });

  it('a level that is not in the list and a note too long come back as errors, nothing saved', async () => {
    const csrf = await csrfOf(people.member.browser);
    const answer = await people.member.browser.post(spaceDiagnosticActions.barriers(here.slug), { csrf, locale: 'fr', ...barriers('catastrophique'), 'note-trust': 'x'.repeat(600) });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Choisissez l’importance de cet obstacle.');
    await nothingChanged();
  });

  it('the list and a diagnostic with its plan stay under 14 KB brotli', async () => {
    for (const path of [spaceDiagnosticPaths.list, spaceDiagnosticPath(here.slug)]) {
      const page = await people.member.browser.get(path);
      expect(page.status, path).toBe(200);
      expect(brotliCompressSync(Buffer.from(page.text)).length, path).toBeLessThanOrEqual(14 * 1024);
    }
  });
});

describe('diagnostics are not public', () => {
  it('have no REST route and no GraphQL type, and every attribute is private', async () => {
    for (const plural of ['diagnostics', 'diagnostic-actions']) {
      for (const path of [`/api/${plural}`, `/api/${plural}/1`, `/api/${plural}?populate=*`]) {
        const { status, body } = await api(app.baseUrl, path);
        expect(status, path).toBe(404);
        expect(JSON.stringify(body ?? '')).not.toMatch(/secrète|Hochelaga/);
      }
    }
    for (const query of ['{ diagnostics { trustNote } }', '{ diagnosticActions { title owner } }', 'mutation { createDiagnosticAction(data: { title: "x" }) { documentId } }']) {
      const { status, errors, data } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
      expect(JSON.stringify(data ?? '')).not.toMatch(/secrète|Hochelaga/);
    }
    // Nor through a public type's relations: the neighbourhood does not point back to its diagnostic.
    const { data: places } = await graphql(app.baseUrl, `{ neighbourhoods(filters: { slug: { eq: "${here.slug}" } }) { name } }`);
    expect(JSON.stringify(places ?? '')).not.toMatch(/secrète|Ateliers/);
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /diagnostic/i.test(n))).toEqual([]);
    for (const uid of [diagnosticUid, diagnosticActionUid]) {
      const attributes = strapi.contentType(uid).attributes as Record<string, { private?: boolean }>;
      const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
      expect(own.length).toBeGreaterThan(0);
      for (const [name, attribute] of own) expect({ uid, name, private: attribute.private }).toEqual({ uid, name, private: true });
    }
  });
});
