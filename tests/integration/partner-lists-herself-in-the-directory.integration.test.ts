import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceDirectoryPaths, spacePaths, spaceResourcePaths } from '@passerelle/shared/participation';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createMember, createRoundTable, hiddenFields, newMemberEmail, newMemberPhone, publishedNeighbourhood, publishedOrganization, signInByCode, type SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Rosalie, of a Saint-Roch group, lists herself in the partner directory: she finds it from the
 * space's home, fills "Ma fiche" (a mistake first, shown again in French with what she typed),
 * shows her email but not her mobile; Karim finds her under her organization, with its opening
 * hours, languages and accessibility, filtering by neighbourhood without JavaScript. She shares two
 * links, one for every member and one for her table only, which Karim (not at it) never sees.
 * Then Law 25: her export carries her consent and her links, her erasure takes her listing away
 * and keeps her shared link signed "Ancien membre". On the database the run is
 * given (SQLite, or PostgreSQL with DATABASE_CLIENT=postgres: scripts/test.sh runs this project on both).
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const rosalie = { phone: newMemberPhone(), email: newMemberEmail('rosalie') };
const karim = { phone: newMemberPhone(), email: newMemberEmail('karim') };
let rosalieBrowser: SpaceBrowser;
let karimBrowser: SpaceBrowser;
let tableId: string;

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  const stRoch = await publishedNeighbourhood(strapi, { name: 'Saint-Roch', slug: 'saint-roch-annuaire' });
  const limoilou = await publishedNeighbourhood(strapi, { name: 'Limoilou', slug: 'limoilou-annuaire' });
  const group = await publishedOrganization(strapi, {
    name: 'Carrefour des familles de Saint-Roch',
    slug: 'carrefour-familles-saint-roch',
    neighbourhood: stRoch,
    address: '250, rue du Roi',
    openingHours: 'Mardi au vendredi, 9 h à 16 h',
    languages: 'français, anglais, dari',
    accessibility: 'Ascenseur, porte automatique',
  });
  await publishedOrganization(strapi, { name: 'Entraide Limoilou', slug: 'entraide-limoilou', neighbourhood: limoilou });
  const { documentId: rosalieId } = await createMember(strapi, { name: 'Rosalie Partenaire', phone: rosalie.phone, email: rosalie.email, organization: group });
  tableId = await createRoundTable(strapi, { name: 'Table de quartier Saint-Roch', members: [rosalieId] });
  await createMember(strapi, { name: 'Karim Bénévolat', phone: karim.phone, email: karim.email });
  rosalieBrowser = await signInByCode(app.baseUrl, outbox, rosalie.phone);
  karimBrowser = await signInByCode(app.baseUrl, outbox, karim.phone);
});

afterAll(async () => {
  await app?.stop();
});

describe('partner lists herself in the directory', () => {
  it('Rosalie finds "Ma fiche" from the home page; a mistake comes back with her words, then she is listed', async () => {
    const home = await rosalieBrowser.get(spacePaths.home);
    expect(home.text).toContain(`href="${spaceDirectoryPaths.list}"`);
    const directory = await rosalieBrowser.get(spaceDirectoryPaths.list);
    expect(directory.text).toContain(`href="${spaceDirectoryPaths.entry}"`);
    const entry = await rosalieBrowser.get(spaceDirectoryPaths.entry);
    expect(entry.status).toBe(200);
    expect(entry.text).toContain('Carrefour des familles de Saint-Roch');
    const fields = hiddenFields(entry.text, spaceDirectoryPaths.entry);
    const wrong = await rosalieBrowser.post(spaceDirectoryPaths.entry, { ...fields, listed: '1', forWhat: '', showEmail: '1' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('<title>Erreur : ');
    expect(wrong.text).toMatch(/name="listed" value="1" checked>/);
    const saved = await rosalieBrowser.post(spaceDirectoryPaths.entry, { ...fields, listed: '1', forWhat: 'Halte-garderie et ateliers parents', showEmail: '1' });
    expect(saved.status).toBe(303);
    expect((await rosalieBrowser.get(saved.location!)).text).toContain('Votre fiche est enregistrée.');
  });

  it('Karim finds her under her organization, with its hours, languages and accessibility, and filters by neighbourhood', async () => {
    const page = await karimBrowser.get(spaceDirectoryPaths.list);
    expect(page.status).toBe(200);
    for (const text of ['Mardi au vendredi, 9 h à 16 h', 'français, anglais, dari', 'Ascenseur, porte automatique', 'Rosalie Partenaire', 'Halte-garderie et ateliers parents', `mailto:${rosalie.email}`]) expect(page.text).toContain(text);
    expect(page.text).not.toContain(rosalie.phone.replace(/\s/g, ''));
    const limoilou = await karimBrowser.get(`${spaceDirectoryPaths.list}?quartier=limoilou-annuaire`);
    expect(limoilou.text).toContain('Entraide Limoilou');
    expect(limoilou.text).not.toContain('Rosalie Partenaire');
    const english = await karimBrowser.get(`${spaceDirectoryPaths.list}?locale=en`);
    expect(english.text).toContain('Partner directory');
    expect(english.text).toContain('Opening hours');
  });

  it('Rosalie shares a link for everyone and one for her table; Karim sees only the first, by theme too', async () => {
    const form = await rosalieBrowser.get(spaceResourcePaths.create);
    const fields = hiddenFields(form.text, spaceResourcePaths.create);
    const wrong = await rosalieBrowser.post(spaceResourcePaths.create, { ...fields, title: 'Atelier Facebook pour parents', url: 'http://exemple.org/atelier', 'theme-social_media': '1', table: '' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('value="http://exemple.org/atelier"');
    for (const [title, url, table] of [['Atelier Facebook pour parents', 'https://exemple.org/atelier', ''], ['Compte rendu de la table de Saint-Roch', 'https://docs.exemple.org/cr-saint-roch', tableId]] as const) {
      const made = await rosalieBrowser.post(spaceResourcePaths.create, { ...fields, title, url, 'theme-social_media': '1', table });
      expect(made.status).toBe(303);
    }
    const mine = await rosalieBrowser.get(`${spaceResourcePaths.list}?table=${tableId}`);
    expect(mine.text).toContain('Compte rendu de la table de Saint-Roch');
    expect(mine.text).not.toContain('Atelier Facebook pour parents');
    const karims = await karimBrowser.get(`${spaceResourcePaths.list}?theme=social_media`);
    expect(karims.text).toContain('Atelier Facebook pour parents');
    expect(karims.text).not.toContain('Compte rendu de la table');
    expect((await karimBrowser.get(`${spaceResourcePaths.list}?theme=online_politics`)).text).not.toContain('Atelier Facebook');
  });

  it('Law 25: her export carries her consent and her links; erasing her takes her listing away and signs her link "Ancien membre"', async () => {
    const { records, csv } = await exportPersonData(strapi, rosalie.email);
    expect(csv).toContain('https://exemple.org/atelier');
    expect(records.find((r) => r.kind === 'practitioner')).toMatchObject({ directoryListed: true, directoryForWhat: 'Halte-garderie et ateliers parents', directoryShowEmail: true, directoryShowPhone: false });
    await deletePersonData(strapi, rosalie.email);
    const page = await karimBrowser.get(spaceDirectoryPaths.list);
    expect(page.text).not.toContain('Rosalie Partenaire');
    expect(page.text).not.toContain(rosalie.email);
    expect(page.text).toContain('Carrefour des familles de Saint-Roch');
    const resources = await karimBrowser.get(spaceResourcePaths.list);
    expect(resources.text).toContain('Atelier Facebook pour parents');
    expect(resources.text).toContain('par Ancien membre');
    expect(resources.text).not.toContain('Rosalie');
  });
});
