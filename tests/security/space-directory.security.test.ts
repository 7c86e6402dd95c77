import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypes } from '@passerelle/shared';
import { formatPhone, normalisePhone, spaceDirectoryPaths, spacePaths } from '@passerelle/shared/participation';
import { exportPersonData } from '../../cms/src/participation/person-data.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createMember, createReachableMember, hiddenFields, newMemberEmail, newMemberPhone, practitionerUid, publishedNeighbourhood, publishedOrganization, signInByCode, SpaceBrowser } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The partner directory, attacked: nobody without a session reads it or changes a listing; a
 * forged "Ma fiche" (no or a wrong CSRF token) changes nothing; a member's email or mobile never
 * reaches the page unless that member ticked it (default off, withdrawn at once, never for an
 * inactive member, never a contact they do not have); nothing of it through the public REST or
 * GraphQL API, not even through the organization a member belongs to.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

type Who = 'amelie' | 'bruno' | 'chloe' | 'denis' | 'emile';
const people = {} as Record<Who, { documentId: string; phone: string; email: string }>;
let amelieBrowser: SpaceBrowser;
let brunoBrowser: SpaceBrowser;
let villeray: string;
let centre: string;

const phoneForms = (phone: string) => {
  const e164 = normalisePhone(phone)!;
  return [e164, formatPhone(e164), phone];
};
const listing = (fields: Record<string, string>) => ({ listed: '', forWhat: '', showEmail: '', showPhone: '', ...fields });
const entryFields = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spaceDirectoryPaths.entry)).text, spaceDirectoryPaths.entry);

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  villeray = await publishedNeighbourhood(strapi, { name: 'Villeray test', slug: 'villeray-test' });
  const stMichel = await publishedNeighbourhood(strapi, { name: 'Saint-Michel test', slug: 'saint-michel-test' });
  centre = await publishedOrganization(strapi, {
    name: 'Centre des voisins de Villeray',
    slug: 'centre-voisins-villeray',
    neighbourhood: villeray,
    description: 'Accompagnement et cafés-rencontres.',
    openingHours: 'Lundi au jeudi, 9 h à 17 h',
    languages: 'français, espagnol, arabe',
    accessibility: 'Entrée de plain-pied, toilettes adaptées',
  });
  await publishedOrganization(strapi, { name: 'Maison de quartier Saint-Michel', slug: 'maison-saint-michel', neighbourhood: stMichel });
  const make = async (key: Who, name: string) => {
    people[key] = await createReachableMember(strapi, name, { emailLabel: key, organization: centre });
  };
  await make('amelie', 'Amélie Annuaire');
  await make('bruno', 'Bruno Discret');
  await make('chloe', 'Chloé Sans-Coordonnées');
  await make('denis', 'Denis Inactif');
  // Émile gave a mobile only: the address kept for him was never stored, so no page can show it.
  const emilePhone = newMemberPhone();
  const emile = await createMember(strapi, { name: 'Émile Cellulaire-Seul', phone: emilePhone, email: null, organization: centre });
  people.emile = { documentId: emile.documentId, phone: emilePhone, email: newMemberEmail('emile') };
  await strapi.db.query(practitionerUid).update({ where: { documentId: people.chloe.documentId }, data: { directoryListed: true, directoryForWhat: 'Prêt de salle' } });
  await strapi.db.query(practitionerUid).update({ where: { documentId: people.denis.documentId }, data: { directoryListed: true, directoryForWhat: 'Bénévoles', directoryShowEmail: true, directoryShowPhone: true, active: false } });
  amelieBrowser = await signInByCode(app.baseUrl, outbox, people.amelie.phone);
  brunoBrowser = await signInByCode(app.baseUrl, outbox, people.bruno.phone);
});

afterAll(async () => {
  await app?.stop();
});

function expectNoContactOf(html: string, who: { email: string; phone: string }) {
  expect(html).not.toContain(who.email);
  for (const form of phoneForms(who.phone)) expect(html).not.toContain(form);
}

describe('who reads the directory', () => {
  it('without a session: the sign-in page for every page, and a posted listing changes nothing', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const path of [spaceDirectoryPaths.list, `${spaceDirectoryPaths.list}?quartier=villeray-test`, spaceDirectoryPaths.entry]) {
      const answer = await stranger.get(path);
      expect(answer.status, path).toBe(303);
      expect(answer.location, path).toBe(spacePaths.signIn);
    }
    const posted = await stranger.post(spaceDirectoryPaths.entry, { csrf: 'a'.repeat(64), locale: 'fr', ...listing({ listed: '1', forWhat: 'piraté', showEmail: '1' }) });
    expect(posted.status).toBe(303);
    expect(await strapi.db.query(practitionerUid).count({ where: { directoryForWhat: 'piraté' } })).toBe(0);
  });

  it('an ex-member (made inactive) is sent to sign in, and is never listed', async () => {
    const xavier = await createMember(strapi, { name: 'Xavier Parti', phone: newMemberPhone(), email: newMemberEmail('xavier') });
    const row = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: xavier.documentId }, select: ['phone'] })) as { phone: string };
    const leaver = await signInByCode(app.baseUrl, outbox, row.phone);
    expect((await leaver.get(spaceDirectoryPaths.list)).status).toBe(200);
    await strapi.db.query(practitionerUid).update({ where: { documentId: xavier.documentId }, data: { active: false } });
    for (const path of [spaceDirectoryPaths.list, spaceDirectoryPaths.entry]) {
      const answer = await leaver.get(path);
      expect(answer.status, path).toBe(303);
      expect(answer.location, path).toBe(spacePaths.signIn);
    }
    const page = await brunoBrowser.get(spaceDirectoryPaths.list);
    expect(page.text).not.toContain('Denis Inactif');
    expectNoContactOf(page.text, people.denis);
  });
});

describe('consent to show contact details', () => {
  it('is off by default: listed or not, nobody’s email or mobile is on the page', async () => {
    const page = await brunoBrowser.get(spaceDirectoryPaths.list);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Centre des voisins de Villeray');
    expect(page.text).toContain('Lundi au jeudi, 9 h à 17 h');
    expect(page.text).toContain('français, espagnol, arabe');
    expect(page.text).toContain('Entrée de plain-pied, toilettes adaptées');
    // Chloé is listed with "for what" but ticked neither contact: her name, never her details.
    expect(page.text).toContain('Chloé Sans-Coordonnées');
    expect(page.text).toContain('Prêt de salle');
    expect(page.text).not.toContain('Amélie Annuaire');
    expect(page.text).not.toContain('Bruno Discret');
    for (const who of Object.values(people)) expectNoContactOf(page.text, who);
    const entry = await brunoBrowser.get(spaceDirectoryPaths.entry);
    expect(entry.text).toMatch(/id="fiche-listed" name="listed" value="1">/);
    expect(entry.text).toMatch(/id="fiche-showEmail" name="showEmail" value="1">/);
    expect(entry.text).toMatch(/id="fiche-showPhone" name="showPhone" value="1">/);
  });

  it('shows exactly what the member ticked, and nothing once withdrawn', async () => {
    const fields = await entryFields(amelieBrowser);
    const saved = await amelieBrowser.post(spaceDirectoryPaths.entry, { ...fields, ...listing({ listed: '1', forWhat: 'Ateliers numériques', showEmail: '1' }) });
    expect(saved.status).toBe(303);
    let page = await brunoBrowser.get(spaceDirectoryPaths.list);
    expect(page.text).toContain('Amélie Annuaire');
    expect(page.text).toContain(people.amelie.email);
    for (const form of phoneForms(people.amelie.phone)) expect(page.text).not.toContain(form);
    await amelieBrowser.post(spaceDirectoryPaths.entry, { ...fields, ...listing({ listed: '', forWhat: 'Ateliers numériques', showEmail: '1', showPhone: '1' }) });
    page = await brunoBrowser.get(spaceDirectoryPaths.list);
    expect(page.text).not.toContain('Amélie Annuaire');
    expectNoContactOf(page.text, people.amelie);
  });

  it('a box for a contact the member does not have is never read', async () => {
    const emile = await signInByCode(app.baseUrl, outbox, people.emile.phone);
    const entry = await emile.get(spaceDirectoryPaths.entry);
    expect(entry.text).not.toContain('name="showEmail"');
    const saved = await emile.post(spaceDirectoryPaths.entry, { ...hiddenFields(entry.text, spaceDirectoryPaths.entry), ...listing({ listed: '1', forWhat: 'Transport adapté', showEmail: '1' }) });
    expect(saved.status).toBe(303);
    const row = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: people.emile.documentId }, select: ['directoryListed', 'directoryShowEmail', 'directoryShowPhone'] })) as Record<string, boolean>;
    expect(row).toEqual({ directoryListed: true, directoryShowEmail: false, directoryShowPhone: false });
    const page = await brunoBrowser.get(spaceDirectoryPaths.list);
    expect(page.text).toContain('Transport adapté');
    expectNoContactOf(page.text, people.emile);
  });

  it('a forged listing (no or a wrong CSRF token, or another session’s) is refused with nothing changed', async () => {
    const brunoCsrf = (await entryFields(brunoBrowser)).csrf!;
    for (const csrf of [undefined, 'b'.repeat(64), brunoCsrf]) {
      const answer = await amelieBrowser.post(spaceDirectoryPaths.entry, { ...(csrf ? { csrf } : {}), locale: 'fr', ...listing({ listed: '1', forWhat: 'forgé', showEmail: '1', showPhone: '1' }) });
      expect(answer.status).toBe(403);
    }
    expect(await strapi.db.query(practitionerUid).count({ where: { directoryForWhat: 'forgé' } })).toBe(0);
    const page = await brunoBrowser.get(spaceDirectoryPaths.list);
    expectNoContactOf(page.text, people.amelie);
  });

  it('bad input comes back in French with the values kept, never a 500', async () => {
    const fields = await entryFields(brunoBrowser);
    const noReason = await brunoBrowser.post(spaceDirectoryPaths.entry, { ...fields, ...listing({ listed: '1', forWhat: '  ', showEmail: '1' }) });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('<title>Erreur : ');
    expect(noReason.text).toContain('Dites en une phrase pour quoi on peut vous joindre');
    expect(noReason.text).toMatch(/id="fiche-showEmail" name="showEmail" value="1" checked>/);
    const tooLong = await brunoBrowser.post(spaceDirectoryPaths.entry, { ...fields, ...listing({ listed: '1', forWhat: `${'x'.repeat(201)}<script>` }) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).not.toContain('<script>');
    expect(tooLong.text).toContain('&lt;script&gt;');
    const control = await brunoBrowser.post(spaceDirectoryPaths.entry, { ...fields, ...listing({ listed: '1', forWhat: 'a\u0000b' }) });
    expect(control.status).toBe(422);
    expect(((await strapi.db.query(practitionerUid).findOne({ where: { documentId: people.bruno.documentId }, select: ['directoryListed'] })) as { directoryListed: boolean }).directoryListed).toBe(false);
  });

  it('the neighbourhood filter is a plain GET; an unknown or hostile value shows everything, escaped nowhere', async () => {
    const villerayOnly = await brunoBrowser.get(`${spaceDirectoryPaths.list}?quartier=villeray-test`);
    expect(villerayOnly.text).toContain('Centre des voisins de Villeray');
    expect(villerayOnly.text).not.toContain('Maison de quartier Saint-Michel');
    expect(villerayOnly.text).toMatch(/<option value="villeray-test" selected>/);
    const hostile = await brunoBrowser.get(`${spaceDirectoryPaths.list}?quartier=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(hostile.status).toBe(200);
    expect(hostile.text).not.toContain('<script>alert');
    expect(hostile.text).toContain('Maison de quartier Saint-Michel');
  });
});

describe('the export and the public API', () => {
  it('a member’s export carries their own consent, and nobody else’s details', async () => {
    const fields = await entryFields(amelieBrowser);
    await amelieBrowser.post(spaceDirectoryPaths.entry, { ...fields, ...listing({ listed: '1', forWhat: 'Ateliers numériques', showEmail: '1' }) });
    const { records, csv } = await exportPersonData(strapi, people.amelie.email);
    const record = records.find((r) => r.kind === 'practitioner')!;
    expect(record).toMatchObject({ directoryListed: true, directoryForWhat: 'Ateliers numériques', directoryShowEmail: true, directoryShowPhone: false });
    for (const other of [people.bruno, people.chloe, people.denis]) expectNoContactOf(csv, other);
    const bruno = (await exportPersonData(strapi, people.bruno.email)).records.find((r) => r.kind === 'practitioner')!;
    expect(bruno).toMatchObject({ directoryListed: false, directoryShowEmail: false, directoryShowPhone: false });
  });

  it('the organization’s public record never leads to its members or their consent', async () => {
    for (const path of ['/api/organizations?populate=*', `/api/organizations/${centre}?populate=*`, '/api/practitioners', '/api/practitioners?populate=*']) {
      const { body } = await api(app.baseUrl, path);
      const text = JSON.stringify(body ?? '');
      expect(text, path).not.toMatch(/Amélie|Chloé|directoryListed|directoryForWhat|Ateliers numériques|Prêt de salle/);
      for (const who of Object.values(people)) expectNoContactOf(text, who);
    }
    for (const query of ['{ organizations { name practitioners { name } } }', '{ practitioners { name email directoryForWhat } }']) {
      const { status, errors, data } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
      expect(JSON.stringify(data ?? '')).not.toMatch(/Amélie|Chloé|Prêt de salle/);
    }
    const attributes = strapi.contentType(practitionerUid).attributes as Record<string, { private?: boolean }>;
    for (const name of ['directoryListed', 'directoryForWhat', 'directoryShowEmail', 'directoryShowPhone']) expect({ name, private: attributes[name]?.private }).toEqual({ name, private: true });
  });

  it('the public organization type has only its public fields, and the site’s query reads its hours, languages and accessibility and nothing of its people', async () => {
    // Whatever is added to the organization type later shows up here: a private field must never be on it.
    const { data: introspection } = await graphql(app.baseUrl, '{ __type(name: "Organization") { fields { name } } }');
    const fields = (introspection.__type.fields as Array<{ name: string }>).map((f) => f.name).sort();
    expect(fields).toEqual(
      [
        'accessibility', 'address', 'createdAt', 'description', 'documentId', 'email', 'kind', 'languages', 'locale', 'localizations',
        'localizations_connection', 'name', 'neighbourhood', 'openingHours', 'phone', 'publishedAt', 'slug', 'updatedAt', 'website',
      ].sort(),
    );
    const { query, selection, schema } = contentTypes.organizations;
    const { status, errors, data } = await graphql(app.baseUrl, `{ ${query}(locale: "fr", pagination: { limit: 100 }) { ${selection} } }`);
    expect({ status, errors }).toEqual({ status: 200, errors: undefined });
    const centreRecord = schema.parse((data[query] as Array<{ slug: string }>).find((o) => o.slug === 'centre-voisins-villeray'));
    expect(centreRecord).toMatchObject({ openingHours: 'Lundi au jeudi, 9 h à 17 h', languages: 'français, espagnol, arabe', accessibility: 'Entrée de plain-pied, toilettes adaptées' });
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/Amélie|Chloé|Ateliers numériques|Prêt de salle/);
    for (const who of Object.values(people)) expectNoContactOf(text, who);
  });
});
