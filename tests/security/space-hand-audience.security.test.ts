import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliCompressSync } from 'node:zlib';
import { handRules, spaceHandActions, spaceHandPath, spaceHandPaths, spacePaths } from '@passerelle/shared/participation';
import { outboxMessages, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createNeighbourhood, createReachableMember, createRoundTable, handReplyUid, handRequestUid, hiddenFields, noticesAtOnceByEmail, practitionerUid, publishedOrganization, signInByCode, SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * A request's audience of tables and neighbourhoods, and its author's edits, attacked: who a
 * neighbourhood reaches (members of its tables, members whose organization is there) and nobody
 * else (a member of another table, an ex-member, a member made inactive); an audience naming a
 * neighbourhood that does not exist or a table the author is not at; edits by anyone but the
 * author, without or with a wrong CSRF token; edits used to multiply notices.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

type Who = 'author' | 'tableMember' | 'orgMember' | 'otherTable' | 'elsewhere' | 'leaver' | 'orgElsewhere';
const people = {} as Record<Who, { documentId: string; phone: string; email: string; browser: SpaceBrowser }>;
let place: string;
let otherPlace: string;
let tableHere: string;
let tableOther: string;
let tableElsewhere: string;
let deactivated: { documentId: string; email: string };

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const toldAbout = (title: string) => outboxMessages(outbox).filter((m) => m.text.includes(title) && m.text.includes('/coups-de-main/'));
const audience = (tables: string[], places: string[]) => ({ ...Object.fromEntries(tables.map((id) => [`table-${id}`, '1'])), ...Object.fromEntries(places.map((id) => [`quartier-${id}`, '1'])) });
const requestFields = (title: string) => ({ kind: 'benevoles', title, details: 'Samedi matin, pour trier les denrées.', neededBy: '' });

async function post(who: Who, title: string, tables: string[], places: string[]) {
  const { browser } = people[who];
  const page = await browser.get(spaceHandPaths.create);
  return browser.post(spaceHandPaths.create, { ...hiddenFields(page.text, spaceHandPaths.create), ...requestFields(title), ...audience(tables, places) });
}

async function edit(id: string, fields: Record<string, string>) {
  const { browser } = people.author;
  const page = await browser.get(spaceHandActions.edit(id));
  expect(page.status).toBe(200);
  return browser.post(spaceHandActions.edit(id), { ...hiddenFields(page.text, spaceHandActions.edit(id)), ...fields });
}

const idOf = (location: string | null) => /coups-de-main\/([a-z0-9]{24})\//.exec(location ?? '')![1]!;

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  place = (await createNeighbourhood(strapi, 'Petite-Patrie')).documentId;
  otherPlace = (await createNeighbourhood(strapi, 'Pointe-aux-Trembles')).documentId;
  const organizationHere = await publishedOrganization(strapi, { name: 'Carrefour Petite-Patrie', slug: `carrefour-pp-${process.pid}`, neighbourhood: place });
  const organizationElsewhere = await publishedOrganization(strapi, { name: 'Maison de l’Est', slug: `maison-est-${process.pid}`, neighbourhood: otherPlace });
  const make = (name: string, organization?: string) => createReachableMember(strapi, name, { ...noticesAtOnceByEmail, ...(organization ? { organization } : {}) });
  const author = await make('Aline Autrice');
  const tableMember = await make('Timothée Table');
  const orgMember = await make('Olivia Organisme', organizationHere);
  const otherTable = await make('Octave Autre-Table');
  const elsewhere = await make('Élodie Ailleurs');
  const leaver = await make('Laurent Partant');
  const orgElsewhere = await make('Omar Est', organizationElsewhere);
  deactivated = await make('Ines Inactive', organizationHere);
  tableHere = await createRoundTable(strapi, { name: 'Table Petite-Patrie', members: [author.documentId, tableMember.documentId, leaver.documentId, deactivated.documentId], neighbourhoods: [place] });
  tableOther = await createRoundTable(strapi, { name: 'Table des aînés', members: [author.documentId, otherTable.documentId] });
  tableElsewhere = await createRoundTable(strapi, { name: 'Table de l’Est', members: [elsewhere.documentId], neighbourhoods: [otherPlace] });
  for (const [key, p] of Object.entries({ author, tableMember, orgMember, otherTable, elsewhere, leaver, orgElsewhere })) {
    people[key as Who] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  }
  const left = await people.leaver.browser.post(`/participer/espace/tables/${tableHere}/quitter`, { csrf: await csrfOf(people.leaver.browser), locale: 'fr' });
  expect(left.status).toBe(200);
  await strapi.db.query(practitionerUid).update({ where: { documentId: deactivated.documentId }, data: { active: false } });
});

afterAll(async () => {
  await app?.stop();
});

describe('a neighbourhood as audience', () => {
  let id: string;

  it('reaches the members of its tables and those whose organization is there, and tells them once', async () => {
    const made = await post('author', 'Bénévoles pour le dépannage', [], [place]);
    expect(made.status).toBe(303);
    id = idOf(made.location);
    expect(toldAbout('Bénévoles pour le dépannage').map((m) => m.to).sort()).toEqual([people.tableMember.email, people.orgMember.email].sort());
    for (const who of ['tableMember', 'orgMember'] as const) {
      expect((await people[who].browser.get(spaceHandPaths.list)).text, who).toContain('Bénévoles pour le dépannage');
      const page = await people[who].browser.get(spaceHandPath(id));
      expect(page.status, who).toBe(200);
      expect(page.text).toContain('Petite-Patrie');
    }
  });

  it('another table’s member, a member elsewhere, an ex-member and one whose organization is elsewhere see nothing: the same 404', async () => {
    const answers = new Set<string>();
    for (const who of ['otherTable', 'elsewhere', 'leaver', 'orgElsewhere'] as const) {
      const { browser } = people[who];
      expect((await browser.get(spaceHandPaths.list)).text, who).not.toContain('dépannage');
      const page = await browser.get(spaceHandPath(id));
      expect(page.status, who).toBe(404);
      answers.add(page.text);
      const csrf = await csrfOf(browser);
      for (const path of [spaceHandActions.reply(id), spaceHandActions.resolve(id), spaceHandActions.edit(id)]) {
        const answer = await browser.post(path, { csrf, locale: 'fr', text: 'piraté', ...requestFields('Piratée'), ...audience([], [otherPlace]) });
        expect(answer.status, `${who} ${path}`).toBe(404);
        answers.add(answer.text);
      }
    }
    answers.add((await people.tableMember.browser.get(spaceHandPath('b'.repeat(24)))).text);
    expect(answers.size).toBe(1);
    expect(await strapi.db.query(handReplyUid).count({ where: { text: 'piraté' } })).toBe(0);
    expect(await strapi.db.query(handRequestUid).count({ where: { title: 'Piratée' } })).toBe(0);
    expect(toldAbout('dépannage').map((m) => m.to)).not.toContain(deactivated.email);
  });

  it('a neighbourhood that does not exist, is not published, or a table the author is not at is refused in French, the form kept', async () => {
    const draft = await strapi.documents('api::neighbourhood.neighbourhood').create({ locale: 'fr', data: { name: 'Quartier brouillon', slug: `brouillon-${process.pid}`, lat: 45.5, lng: -73.6 } as never });
    for (const [label, fields] of [
      ['unknown neighbourhood', audience([], ['z'.repeat(24)])],
      ['draft neighbourhood', audience([], [draft.documentId])],
      ['foreign table', audience([tableHere, tableElsewhere], [])],
      ['injected name', { 'quartier-<script>': '1', [`table-${tableHere}`]: '1' }],
    ] as const) {
      const { browser } = people.author;
      const page = await browser.get(spaceHandPaths.create);
      const answer = await browser.post(spaceHandPaths.create, { ...hiddenFields(page.text, spaceHandPaths.create), ...requestFields(`Refusée ${label}`), ...fields });
      expect(answer.status, label).toBe(422);
      expect(answer.text, label).toContain('Un de vos choix n’est pas offert');
      expect(answer.text, label).toContain(`Refusée ${label}`);
      expect(answer.text, label).not.toContain('<script>');
    }
    expect(await strapi.db.query(handRequestUid).count({ where: { title: { $startsWith: 'Refusée' } } })).toBe(0);
  });
});

describe('page budget', () => {
  it('the form with every neighbourhood and the edit form stay under 14 KB brotli', async () => {
    const { browser } = people.author;
    const id = await createHandRequest(strapi, { author: people.author.documentId, tables: [tableHere], neighbourhoods: [place], title: 'Pour la mesure' });
    for (const path of [spaceHandPaths.create, spaceHandActions.edit(id), spaceHandPath(id), spaceHandPaths.list]) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(200);
      expect(brotliCompressSync(Buffer.from(page.text)).length, path).toBeLessThanOrEqual(14 * 1024);
    }
  });
});

describe('editing a request', () => {
  it('only its author may: anyone else who sees it gets the 404, and nothing changes; a stranger is sent to sign in', async () => {
    const id = await createHandRequest(strapi, { author: people.author.documentId, tables: [tableHere], title: 'Une salle le jeudi' });
    const before = await strapi.db.query(handRequestUid).findOne({ where: { documentId: id } });
    expect((await people.author.browser.get(spaceHandPath(id))).text).toContain(spaceHandActions.edit(id));
    const { browser } = people.tableMember;
    expect((await browser.get(spaceHandPath(id))).text).not.toContain(spaceHandActions.edit(id));
    expect((await browser.get(spaceHandActions.edit(id))).status).toBe(404);
    const answer = await browser.post(spaceHandActions.edit(id), { csrf: await csrfOf(browser), locale: 'fr', ...requestFields('Détournée'), ...audience([tableHere], [place]) });
    expect(answer.status).toBe(404);
    const stranger = new SpaceBrowser(app.baseUrl);
    expect((await stranger.get(spaceHandActions.edit(id))).location).toBe(spacePaths.signIn);
    expect((await stranger.post(spaceHandActions.edit(id), { csrf: 'a'.repeat(64), locale: 'fr', ...requestFields('Détournée') })).status).toBe(303);
    for (const csrf of [undefined, '', await csrfOf(people.tableMember.browser)]) {
      const forged = await people.author.browser.post(spaceHandActions.edit(id), { ...(csrf === undefined ? {} : { csrf }), locale: 'fr', ...requestFields('Détournée'), ...audience([tableHere], []) });
      expect(forged.status).toBe(403);
    }
    const after = await strapi.db.query(handRequestUid).findOne({ where: { documentId: id } });
    expect(after).toEqual(before);
  });

  it('keeps the same checks and French errors, with the values kept; an edit shows "modifiée le" and keeps its date', async () => {
    const id = await createHandRequest(strapi, { author: people.author.documentId, tables: [tableHere], title: 'Des tables pliantes', ageDays: 2 });
    const before = await strapi.db.query(handRequestUid).findOne({ where: { documentId: id } });
    const bad = await edit(id, { title: '', details: 'Six tables, pour samedi.', [`table-${tableHere}`]: '1', [`table-${tableElsewhere}`]: '1' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Un de vos choix n’est pas offert');
    expect(bad.text).toContain('>Six tables, pour samedi.</textarea>');
    expect(bad.text).toContain('<title>Erreur : ');
    const good = await edit(id, { title: 'Six tables pliantes', details: 'Six tables, pour samedi.', kind: 'materiel', neededBy: '', ...audience([tableHere], []) });
    expect(good.status).toBe(303);
    expect(good.location).toBe(spaceHandPath(id));
    const after = await strapi.db.query(handRequestUid).findOne({ where: { documentId: id } });
    expect({ title: after.title, kind: after.kind, createdAtMs: String(after.createdAtMs) }).toEqual({ title: 'Six tables pliantes', kind: 'materiel', createdAtMs: String(before.createdAtMs) });
    const page = await people.tableMember.browser.get(spaceHandPath(id));
    expect(page.text).toMatch(/<p>Modifiée le [^<]+ 2\d{3} à [^<]+<\/p>/);
    // A resolved request is no longer edited: its author is sent back to it, and nothing changes.
    await strapi.db.query(handRequestUid).update({ where: { documentId: id }, data: { requestStatus: 'resolved' } });
    const closed = await people.author.browser.post(spaceHandActions.edit(id), { csrf: await csrfOf(people.author.browser), locale: 'fr', ...requestFields('Après coup'), ...audience([tableHere], []) });
    expect(closed.status).toBe(303);
    expect((await strapi.db.query(handRequestUid).findOne({ where: { documentId: id } })).title).toBe('Six tables pliantes');
  });

  it('widening tells only the newly reached, narrowing hides it, and a burst of edits tells nobody twice', async () => {
    const title = 'Interprète en arabe';
    const made = await post('author', title, [tableHere], []);
    const id = idOf(made.location);
    expect(toldAbout(title).map((m) => m.to)).toEqual([people.tableMember.email]);
    const base = { ...requestFields(title) };
    // Widen to the neighbourhood: Olivia (her organization is there) is told; Timothée is not told again.
    expect((await edit(id, { ...base, ...audience([tableHere], [place]) })).status).toBe(303);
    expect(toldAbout(title).map((m) => m.to).sort()).toEqual([people.tableMember.email, people.orgMember.email].sort());
    // Narrow to the other table: Timothée and Olivia no longer see it; Octave is told.
    expect((await edit(id, { ...base, ...audience([tableOther], []) })).status).toBe(303);
    for (const who of ['tableMember', 'orgMember'] as const) {
      expect((await people[who].browser.get(spaceHandPath(id))).status, who).toBe(404);
      expect((await people[who].browser.get(spaceHandPaths.list)).text, who).not.toContain(title);
    }
    expect((await people.otherTable.browser.get(spaceHandPath(id))).status).toBe(200);
    // Back and forth, again and again: each person is told once in all.
    for (let i = 0; i < 3; i++) {
      expect((await edit(id, { ...base, ...audience([tableHere, tableOther], [place]) })).status).toBe(303);
      expect((await edit(id, { ...base, ...audience([tableOther], []) })).status).toBe(303);
    }
    const to = toldAbout(title).map((m) => m.to);
    expect(to.sort()).toEqual([people.tableMember.email, people.orgMember.email, people.otherTable.email].sort());
  });

  it(`widening counts in the ${handRules.requestsPerDay} requests a day: past it, 429 and nothing changed; other edits still pass`, async () => {
    const old = await createHandRequest(strapi, { author: people.author.documentId, tables: [tableHere], title: 'Une vieille demande', ageDays: 3 });
    const today = await strapi.db.query(handRequestUid).count({ where: { author: { documentId: people.author.documentId }, createdAtMs: { $gt: Date.now() - 86_400_000 } } });
    for (let i = today; i < handRules.requestsPerDay; i++) await createHandRequest(strapi, { author: people.author.documentId, tables: [tableHere], title: `Demande du jour ${i}` });
    const before = await strapi.db.query(handRequestUid).findOne({ where: { documentId: old }, populate: { neighbourhoods: true } });
    const widened = await edit(old, { ...requestFields('Une vieille demande'), ...audience([tableHere], [place]) });
    expect(widened.status).toBe(429);
    const after = await strapi.db.query(handRequestUid).findOne({ where: { documentId: old }, populate: { neighbourhoods: true } });
    expect(after).toEqual(before);
    expect(toldAbout('Une vieille demande')).toEqual([]);
    expect((await edit(old, { ...requestFields('Une vieille demande, précisée'), ...audience([tableHere], []) })).status).toBe(303);
  });
});
