import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceDiagnosticActions, spaceDiagnosticPath, spaceDiagnosticPaths, spacePaths } from '@passerelle/shared/participation';
import { seedDemoDiagnostics } from '../../cms/src/participation/space/demo-diagnostics.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createMember, createNeighbourhood, createRoundTable, diagnosticActionUid, diagnosticUid, hiddenFields, newMemberEmail, newMemberPhone, signInByCode, type SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Ginette, at the Saint-Roch round table, keeps the neighbourhood's diagnostic: she finds it from
 * the space's home, fills in the six barriers (a mistake first, shown again in French with what she
 * typed), adds two actions to the plan (one with a person's email as its owner, refused), and marks
 * one done: the page then says "1 action(s) faite(s) sur 2". Her colleague Karim, at another table
 * of the same neighbourhood, sees and updates the same plan. Nothing about either of them is stored
 * with it. Then the demo diagnostics are seeded once. On the database the run is given (SQLite, or
 * PostgreSQL with DATABASE_CLIENT=postgres: scripts/test.sh runs this project on both).
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let place: { documentId: string; slug: string };
let ginette: SpaceBrowser;
let karim: SpaceBrowser;

const levels = { device: 'moyen', data: 'important', skills: 'important', accessibility: 'peu', language: 'moyen', trust: 'inconnu' } as const;

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  place = await createNeighbourhood(strapi, 'Saint-Roch');
  const g = { phone: newMemberPhone(), email: newMemberEmail('ginette') };
  const k = { phone: newMemberPhone(), email: newMemberEmail('karim') };
  const ginetteId = (await createMember(strapi, { name: 'Ginette Coordination', ...g })).documentId;
  const karimId = (await createMember(strapi, { name: 'Karim Bibliothèque', ...k })).documentId;
  await createRoundTable(strapi, { name: 'Table de quartier Saint-Roch', members: [ginetteId], neighbourhoods: [place.documentId] });
  await createRoundTable(strapi, { name: 'Comité aînés Saint-Roch', members: [karimId], neighbourhoods: [place.documentId] });
  ginette = await signInByCode(app.baseUrl, outbox, g.phone);
  karim = await signInByCode(app.baseUrl, outbox, k.phone);
});

afterAll(async () => {
  await app?.stop();
});

describe('a round table keeps its neighbourhood’s diagnostic', () => {
  it('Ginette finds the diagnostic from the home page: nothing filled in yet', async () => {
    expect((await ginette.get(spacePaths.home)).text).toContain(`href="${spaceDiagnosticPaths.list}"`);
    const list = await ginette.get(spaceDiagnosticPaths.list);
    expect(list.text).toContain(`href="${spaceDiagnosticPath(place.slug)}"`);
    // Her own tables in the neighbourhood: the other tables there are not hers to list.
    expect(list.text).toContain('Table de quartier Saint-Roch ·');
    expect(list.text).not.toContain('Comité aînés');
    const page = await ginette.get(spaceDiagnosticPath(place.slug));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Diagnostic : Saint-Roch');
    expect(page.text).toContain('Pas encore rempli');
    expect(page.text).toContain('Aucune action pour l’instant.');
  });

  it('she fills in the barriers: a mistake comes back with what she typed, then it is saved', async () => {
    const page = await ginette.get(spaceDiagnosticPath(place.slug));
    const base = hiddenFields(page.text, spaceDiagnosticActions.barriers(place.slug));
    const fields: Record<string, string> = { ...base };
    for (const [kind, level] of Object.entries(levels)) fields[`level-${kind}`] = level;
    fields['note-data'] = 'Forfaits trop petits pour les vidéos.';
    const wrong = await ginette.post(spaceDiagnosticActions.barriers(place.slug), { ...fields, 'level-trust': '' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Choisissez l’importance de cet obstacle.');
    expect(wrong.text).toContain('Forfaits trop petits pour les vidéos.');
    expect(await strapi.db.query(diagnosticUid).count({ where: { neighbourhood: { documentId: place.documentId } } })).toBe(0);
    const saved = await ginette.post(spaceDiagnosticActions.barriers(place.slug), fields);
    expect(saved.status).toBe(303);
    const after = await ginette.get(saved.location!);
    expect(after.text).toContain('C’est enregistré.');
    expect(after.text).toMatch(/<option value="important" selected>Important<\/option>/);
    expect(after.text).toContain('Mis à jour le');
    const row = await strapi.db.query(diagnosticUid).findOne({ where: { neighbourhood: { documentId: place.documentId } } });
    expect({ data: row.dataLevel, note: row.dataNote, trust: row.trustLevel }).toEqual({ data: 'important', note: 'Forfaits trop petits pour les vidéos.', trust: 'inconnu' });
  });

  it('she adds actions to the plan; an owner that is a person’s email is refused', async () => {
    const page = await ginette.get(spaceDiagnosticPath(place.slug));
    const base = hiddenFields(page.text, spaceDiagnosticActions.addAction(place.slug));
    const workshop = { ...base, title: 'Ateliers téléphone à la bibliothèque', barrier: 'skills', owner: 'ginette@groupe.exemple.ca', dueOn: '2027-02-15', status: 'a_faire', note: '' };
    const refused = await ginette.post(spaceDiagnosticActions.addAction(place.slug), workshop);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Écrivez un organisme ou un rôle, sans courriel ni numéro de téléphone.');
    expect(refused.text).toContain('value="Ateliers téléphone à la bibliothèque"');
    expect((await ginette.post(spaceDiagnosticActions.addAction(place.slug), { ...workshop, owner: 'Bibliothèque de quartier' })).status).toBe(303);
    expect((await ginette.post(spaceDiagnosticActions.addAction(place.slug), { ...base, title: 'Liste des Wi-Fi gratuits', barrier: 'data', owner: 'OC du CLSC', dueOn: '2027-01-10', status: 'en_cours', note: '' })).status).toBe(303);
    const after = await ginette.get(spaceDiagnosticPath(place.slug));
    expect(after.text).toContain('0 action(s) faite(s) sur 2');
    expect(after.text).toContain('<progress max="2" value="0" aria-labelledby="plan-progres">');
    // The plan comes by date: the Wi-Fi list (January) before the workshops (February).
    expect(after.text.indexOf('Liste des Wi-Fi gratuits')).toBeLessThan(after.text.indexOf('Ateliers téléphone'));
  });

  it('Karim, at another table of the neighbourhood, marks the workshops done', async () => {
    const page = await karim.get(spaceDiagnosticPath(place.slug));
    expect(page.status).toBe(200);
    const action = await strapi.db.query(diagnosticActionUid).findOne({ where: { title: 'Ateliers téléphone à la bibliothèque' } });
    const base = hiddenFields(page.text, spaceDiagnosticActions.updateAction(place.slug));
    const tooLong = await karim.post(spaceDiagnosticActions.updateAction(place.slug), { ...base, action: action.documentId, status: 'fait', note: 'x'.repeat(1200) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toMatch(new RegExp(`<details open><summary>Mettre à jour<span class="vh"> Ateliers téléphone`));
    const done = await karim.post(spaceDiagnosticActions.updateAction(place.slug), { ...base, action: action.documentId, status: 'fait', note: 'Quatre ateliers, 31 personnes.' });
    expect(done.status).toBe(303);
    const after = await ginette.get(spaceDiagnosticPath(place.slug));
    expect(after.text).toContain('1 action(s) faite(s) sur 2');
    expect(after.text).toContain('Quatre ateliers, 31 personnes.');
    expect((await ginette.get(`${spaceDiagnosticPaths.list}?locale=en`)).text).toContain('1 of 2 action(s) done');
  });

  it('nothing about the members who wrote it is kept with the diagnostic (so nothing to export or erase)', async () => {
    const rows = [
      await strapi.db.query(diagnosticUid).findOne({ where: { neighbourhood: { documentId: place.documentId } }, populate: { createdBy: true, updatedBy: true } }),
      ...(await strapi.db.query(diagnosticActionUid).findMany({ populate: { createdBy: true, updatedBy: true } })),
    ];
    expect(rows.length).toBe(3);
    expect(JSON.stringify(rows)).not.toMatch(/Ginette|Karim|groupe\.exemple\.ca|ginette|karim/);
  });

  it('the demo diagnostics are made once for the demo neighbourhoods that exist', async () => {
    const villeray = await createNeighbourhood(strapi, 'Villeray', 'villeray');
    expect(await seedDemoDiagnostics(strapi)).toBe(1);
    expect(await seedDemoDiagnostics(strapi)).toBe(0);
    const demo = await strapi.db.query(diagnosticUid).findOne({ where: { neighbourhood: { documentId: villeray.documentId } }, populate: { actions: true } });
    expect(demo.dataLevel).toBe('important');
    expect(demo.actions.length).toBe(3);
    expect(demo.actions.every((a: { owner: string }) => !/@|\d{3}/.test(a.owner))).toBe(true);
  });
});
