import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceRules, spacePaths, spaceResourceDelete, spaceResourcePaths } from '@passerelle/shared/participation';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createReachableMember, createRoundTable, hiddenFields, signInByCode, SpaceBrowser } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Shared resources, attacked: a table's resource read or deleted by a stranger, an ex-member or a
 * member of another table (the same 404 as an unknown one); shared to a table the author does not
 * sit at; a `javascript:`, `data:`, plain-http or credentialed link; forms without or with a wrong
 * CSRF token; the type never readable through the public REST or GraphQL API.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const resourceUid = 'api::practitioners.resource';

type Who = 'author' | 'member' | 'oc' | 'other' | 'leaver';
const people = {} as Record<Who, { documentId: string; phone: string; email: string; browser: SpaceBrowser }>;
let tableA: string;
let tableB: string;
let secret: string;
let open: string;

const fieldsOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spaceResourcePaths.create)).text, spaceResourcePaths.create);
const share = (data: Record<string, string>) => ({ title: 'Guide', description: '', url: 'https://exemple.org/guide', 'theme-social_media': '1', table: '', ...data });
const idOf = async (title: string) => ((await strapi.db.query(resourceUid).findOne({ where: { title }, select: ['documentId'] })) as { documentId: string } | null)?.documentId;

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  const make = (name: string, spaceRole = 'intervenant') => createReachableMember(strapi, name, { spaceRole });
  const author = await make('Agathe Autrice');
  const member = await make('Marc Membre');
  const oc = await make('Olivia OC', 'oc');
  const other = await make('Xavier Ailleurs');
  const leaver = await make('Léon Partant');
  tableA = await createRoundTable(strapi, { name: 'Table Rosemont', members: [author, member, oc, leaver].map((p) => p.documentId) });
  tableB = await createRoundTable(strapi, { name: 'Table Verdun', members: [other.documentId] });
  for (const [key, p] of Object.entries({ author, member, oc, other, leaver })) people[key as Who] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  const fields = await fieldsOf(people.author.browser);
  expect((await people.author.browser.post(spaceResourcePaths.create, { ...fields, ...share({ title: 'Procès-verbal confidentiel de Rosemont', url: 'https://docs.exemple.org/pv-rosemont', table: tableA }) })).status).toBe(303);
  expect((await people.author.browser.post(spaceResourcePaths.create, { ...fields, ...share({ title: 'Guide ouvert à tous', url: 'https://exemple.org/guide-ouvert', 'theme-digital_living': '1' }) })).status).toBe(303);
  secret = (await idOf('Procès-verbal confidentiel de Rosemont'))!;
  open = (await idOf('Guide ouvert à tous'))!;
  const leaverCsrf = hiddenFields((await people.leaver.browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
  expect((await people.leaver.browser.post(`/participer/espace/tables/${tableA}/quitter`, { csrf: leaverCsrf, locale: 'fr' })).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('who sees a resource', () => {
  it('the table’s members see its resources; everyone sees the open ones; nobody else sees the table’s, even by filter', async () => {
    for (const who of [people.author, people.member, people.oc]) expect((await who.browser.get(spaceResourcePaths.list)).text).toContain('Procès-verbal confidentiel de Rosemont');
    for (const who of [people.other, people.leaver]) {
      for (const path of [spaceResourcePaths.list, `${spaceResourcePaths.list}?table=${tableA}`, `${spaceResourcePaths.list}?theme=social_media&table=${tableA}`]) {
        const page = await who.browser.get(path);
        expect(page.status, path).toBe(200);
        expect(page.text, path).not.toMatch(/Procès-verbal|pv-rosemont/);
      }
      expect((await who.browser.get(spaceResourcePaths.list)).text).toContain('Guide ouvert à tous');
    }
    const filtered = await people.member.browser.get(`${spaceResourcePaths.list}?theme=digital_living`);
    expect(filtered.text).toContain('Guide ouvert à tous');
    expect(filtered.text).not.toContain('Procès-verbal');
  });

  it('a stranger is sent to sign in, and every form is refused before anything', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const path of [spaceResourcePaths.list, spaceResourcePaths.create]) {
      const answer = await stranger.get(path);
      expect(answer.status, path).toBe(303);
      expect(answer.location, path).toBe(spacePaths.signIn);
    }
    expect((await stranger.post(spaceResourcePaths.create, { csrf: 'a'.repeat(64), locale: 'fr', ...share({ title: 'Piraté' }) })).status).toBe(303);
    expect((await stranger.post(spaceResourceDelete(open), { csrf: 'a'.repeat(64), locale: 'fr' })).status).toBe(303);
    expect(await idOf('Piraté')).toBeUndefined();
    expect(await idOf('Guide ouvert à tous')).toBe(open);
  });

  it('an ex-member, a member of another table, a plain member and an unknown id get the same 404 on delete', async () => {
    const answers = new Set<string>();
    for (const who of [people.leaver, people.other]) {
      const answer = await who.browser.post(spaceResourceDelete(secret), { ...(await fieldsOf(who.browser)), locale: 'fr' });
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain('Procès-verbal');
      answers.add(answer.text);
    }
    answers.add((await people.member.browser.post(spaceResourceDelete(secret), { ...(await fieldsOf(people.member.browser)), locale: 'fr' })).text);
    answers.add((await people.member.browser.post(spaceResourceDelete('a'.repeat(24)), { ...(await fieldsOf(people.member.browser)), locale: 'fr' })).text);
    expect(answers.size).toBe(1);
    expect(await idOf('Procès-verbal confidentiel de Rosemont')).toBe(secret);
  });

  it('a forged delete or share (no or a wrong CSRF token) is refused with nothing done', async () => {
    for (const csrf of [undefined, 'b'.repeat(64), (await fieldsOf(people.member.browser)).csrf!]) {
      const data = { ...(csrf ? { csrf } : {}), locale: 'fr' };
      expect((await people.author.browser.post(spaceResourceDelete(secret), data)).status).toBe(403);
      expect((await people.author.browser.post(spaceResourcePaths.create, { ...data, ...share({ title: 'Forgé' }) })).status).toBe(403);
    }
    expect(await idOf('Procès-verbal confidentiel de Rosemont')).toBe(secret);
    expect(await idOf('Forgé')).toBeUndefined();
  });
});

describe('what a resource may be', () => {
  it('a javascript:, data:, plain-http, credentialed or relative link is refused in French, with the values kept', async () => {
    const fields = await fieldsOf(people.member.browser);
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'http://exemple.org/guide', 'https://user:pass@exemple.org/', '/participer/espace/', 'https://exemple.org/" onmouseover="x', 'vbscript:msgbox']) {
      const answer = await people.member.browser.post(spaceResourcePaths.create, { ...fields, ...share({ title: `Lien piégé ${url.length}`, url }) });
      expect(answer.status, url).toBe(422);
      expect(answer.text, url).toContain('Donnez une adresse web complète qui commence par https://');
      expect(answer.text, url).toContain(`value="Lien piégé ${url.length}"`);
      expect(answer.text, url).not.toMatch(/href="(javascript|data|vbscript):/i);
    }
    expect(await strapi.db.query(resourceUid).count({ where: { title: { $startsWith: 'Lien piégé' } } })).toBe(0);
  });

  it('a link or a title of emoji is measured as the database measures it: at the limit stored, one more a 422 with the text kept, never a 500', async () => {
    const fields = await fieldsOf(people.oc.browser);
    const base = 'https://exemple.org/';
    // An emoji in a path is stored percent-encoded (12 characters): 165 of them fill 1980 of the 2000.
    const atLimit = `${base}${'😀'.repeat(165)}${'a'.repeat(resourceRules.urlMax - base.length - 165 * 12)}`;
    const stored = await people.oc.browser.post(spaceResourcePaths.create, { ...fields, ...share({ title: '😀'.repeat(resourceRules.titleMax / 2), url: atLimit }) });
    expect(stored.status).toBe(303);
    const row = (await strapi.db.query(resourceUid).findOne({ where: { title: '😀'.repeat(resourceRules.titleMax / 2) }, select: ['url'] })) as { url: string };
    expect(row.url).toHaveLength(resourceRules.urlMax);
    const overs: Array<{ url?: string; title?: string }> = [{ url: `${atLimit}a` }, { url: `${base}${'😀'.repeat(170)}` }, { title: '😀'.repeat(resourceRules.titleMax / 2 + 1) }];
    for (const over of overs) {
      const answer = await people.oc.browser.post(spaceResourcePaths.create, { ...fields, ...share({ title: 'Lien trop long', ...(over.url ? { url: over.url } : {}), ...(over.title ? { title: over.title } : {}) }) });
      expect(answer.status, JSON.stringify(over).slice(0, 40)).toBe(422);
      expect(answer.text).toContain('Ce texte est trop long');
      expect(answer.text).toContain('aria-invalid="true"');
      if (over.url) expect(answer.text).toContain(`value="${over.url}"`);
      if (over.title) expect(answer.text).toContain(`value="${over.title}"`);
    }
    expect(await strapi.db.query(resourceUid).count({ where: { title: { $in: ['Lien trop long', '😀'.repeat(resourceRules.titleMax / 2 + 1)] } } })).toBe(0);
  });

  it('a table the author does not sit at is refused, never used; no theme is refused', async () => {
    const fields = await fieldsOf(people.member.browser);
    const elsewhere = await people.member.browser.post(spaceResourcePaths.create, { ...fields, ...share({ title: 'Chez Verdun', table: tableB }) });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.text).toContain('Choisissez une de vos tables, ou tous les membres.');
    const noTheme = await people.member.browser.post(spaceResourcePaths.create, { ...fields, ...share({ title: 'Sans thème', 'theme-social_media': '' }) });
    expect(noTheme.status).toBe(422);
    expect(noTheme.text).toContain('Cochez au moins un thème.');
    expect(await idOf('Chez Verdun')).toBeUndefined();
  });

  it('HTML in a title or description is shown as text', async () => {
    const fields = await fieldsOf(people.member.browser);
    expect((await people.member.browser.post(spaceResourcePaths.create, { ...fields, ...share({ title: '<img src=x onerror=alert(1)>', description: '<script>alert(2)</script>' }) })).status).toBe(303);
    const page = await people.member.browser.get(spaceResourcePaths.list);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('deleting, Law 25 and the public API', () => {
  it('the author and an OC delete; the export lists what a member shared; an erasure keeps it signed "Ancien membre"', async () => {
    const { csv } = await exportPersonData(strapi, people.author.email);
    expect(csv).toContain('Guide ouvert à tous');
    expect(csv).toContain('https://exemple.org/guide-ouvert');
    expect((await people.oc.browser.post(spaceResourceDelete(open), { ...(await fieldsOf(people.oc.browser)), locale: 'fr' })).status).toBe(303);
    expect(await idOf('Guide ouvert à tous')).toBeUndefined();
    await deletePersonData(strapi, people.author.email);
    const page = await people.member.browser.get(spaceResourcePaths.list);
    expect(page.text).toContain('Procès-verbal confidentiel de Rosemont');
    expect(page.text).toContain('par Ancien membre');
    expect(page.text).not.toContain('Agathe Autrice');
  });

  it('has no REST route and no GraphQL type, and every attribute is private', async () => {
    for (const path of ['/api/resources', `/api/resources/${secret}`, '/api/resources?populate=*']) {
      const { status, body } = await api(app.baseUrl, path);
      expect(status, path).toBe(404);
      expect(JSON.stringify(body ?? '')).not.toContain('Procès-verbal');
    }
    for (const query of ['{ resources { title url } }', 'mutation { createResource(data: { title: "x" }) { documentId } }']) {
      const { status, errors, data } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
      expect(JSON.stringify(data ?? '')).not.toContain('Procès-verbal');
    }
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /^resource/i.test(n))).toEqual([]);
    const attributes = strapi.contentType(resourceUid).attributes as Record<string, { private?: boolean }>;
    const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
    expect(own.length).toBeGreaterThan(0);
    for (const [name, attribute] of own) expect({ name, private: attribute.private }).toEqual({ name, private: true });
  });
});
