import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spacePaths, spaceSelfCheckPath, spaceTrainingDone, spaceTrainingPaths } from '@passerelle/shared/participation';
import { aTrainingModule, toStrapiDocument } from '@passerelle/shared/testing';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createMember, hiddenFields, newMemberEmail, newMemberPhone, signInByCode, type SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Mireille, an OC who learns between two meetings, keeps her training progress in the space: she
 * follows the link from the home page, tries a self-check without keeping it (nothing written),
 * forgets an answer (shown again in French with her choice kept), keeps a result, marks the unit
 * done, reads her page in English, finds it all in her Law 25 export, erases it herself, and an
 * erasure of her record leaves nothing behind.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const moduleUid = 'api::training-module.training-module';
const progressUid = 'api::practitioners.training-progress';
const slug = 'rejoindre-sans-facebook-progression';
const mireille = { phone: newMemberPhone(), email: newMemberEmail('mireille') };
let memberId: string;
let browser: SpaceBrowser;

const rows = async () => (await strapi.db.query(progressUid).findMany({ where: { member: { documentId: memberId } }, select: ['unitNumber', 'done', 'checkCorrect', 'checkTotal'] })) as Array<Record<string, unknown>>;

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  const fixture = aTrainingModule({ slug });
  const created = await strapi.documents(moduleUid).create({ locale: 'fr', data: toStrapiDocument(fixture, { locale: 'fr' }) });
  await strapi.documents(moduleUid).update({ documentId: created.documentId, locale: 'en', data: toStrapiDocument(fixture, { locale: 'en' }) });
  await strapi.documents(moduleUid).publish({ documentId: created.documentId, locale: '*' });
  memberId = (await createMember(strapi, { name: 'Mireille Apprenante', phone: mireille.phone, email: mireille.email, spaceRole: 'oc' })).documentId;
  browser = await signInByCode(app.baseUrl, outbox, mireille.phone);
});

afterAll(async () => {
  await app?.stop();
});

describe('a practitioner keeps her training progress, for herself', () => {
  it('Mireille finds her progress from the home page; nothing is kept yet', async () => {
    const home = await browser.get(spacePaths.home);
    expect(home.text).toContain(`href="${spaceTrainingPaths.list}"`);
    expect(home.text).toContain('Ma progression en formation');
    const page = await browser.get(spaceTrainingPaths.list);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Rejoindre les gens sans Facebook');
    expect(page.text).toContain('Unité 1\u00a0: Choisir le bon moyen');
    expect(page.text).toContain('Vous n’avez rien gardé pour l’instant.');
    expect(page.text).toContain('href="/formation/rejoindre-sans-facebook-progression/1/"');
  });

  it('she tries the self-check without keeping it, forgets an answer, then keeps her result', async () => {
    const checkPath = `${spaceSelfCheckPath(slug)}?unite=1`;
    const form = await browser.get(checkPath);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Une voisine n’a pas de forfait de données. Comment l’inviter ?');
    const fields = hiddenFields(form.text, spaceSelfCheckPath(slug));
    const tried = await browser.post(spaceSelfCheckPath(slug), { ...fields, q1: '0' });
    expect(tried.status).toBe(200);
    expect(tried.text).toContain('Pas tout à fait.');
    expect(tried.text).toContain('Elle ne la verra sans doute pas');
    expect(tried.text).toContain('Bonnes réponses\u00a0: 0 sur 1.');
    expect(tried.text).toContain('Ce résultat n’est pas enregistré.');
    expect(await rows()).toEqual([]);

    const forgot = await browser.post(spaceSelfCheckPath(slug), { ...fields, save: '1' });
    expect(forgot.status).toBe(422);
    expect(forgot.text).toContain('Choisissez une réponse à cette question.');
    expect(forgot.text).toContain('href="#verification-q1-0"');
    expect(forgot.text).toMatch(/name="save" value="1" checked/);

    const kept = await browser.post(spaceSelfCheckPath(slug), { ...fields, q1: '1', save: '1' });
    expect(kept.status).toBe(200);
    expect(kept.text).toContain('Bonne réponse.');
    expect(kept.text).toContain('Bonnes réponses\u00a0: 1 sur 1.');
    expect(await rows()).toEqual([{ unitNumber: 1, done: false, checkCorrect: 1, checkTotal: 1 }]);
  });

  it('she marks the unit done, and reads her page in English', async () => {
    const page = await browser.get(spaceTrainingPaths.list);
    const done = await browser.post(spaceTrainingDone(slug), { ...hiddenFields(page.text, spaceTrainingDone(slug)) });
    expect(done.status).toBe(303);
    const after = await browser.get(done.location!);
    expect(after.text).toContain('Unités faites\u00a0: 1 sur 1');
    expect(after.text).toContain('Vérification gardée\u00a0: 1 sur 1');
    expect(after.text).toContain('Marquer comme pas encore faite');
    const english = await browser.get(`${spaceTrainingPaths.list}?locale=en`);
    expect(english.text).toContain('<html lang="en-CA"');
    expect(english.text).toContain('Reaching people without Facebook');
    expect(english.text).toContain('Self-check kept: 1 of 1');
    expect(english.text).toContain('href="/en/training/rejoindre-sans-facebook-progression/1/"');
  });

  it('her export lists her progress; she erases it herself; her erasure leaves nothing', async () => {
    const { csv } = await exportPersonData(strapi, mireille.email);
    expect(csv).toContain(`${slug} #1 done self-check 1/1`);
    const page = await browser.get(spaceTrainingPaths.list);
    const erased = await browser.post(spaceTrainingPaths.erase, hiddenFields(page.text, spaceTrainingPaths.erase));
    expect(erased.status).toBe(303);
    expect((await browser.get(erased.location!)).text).toContain('Votre progression est effacée.');
    expect(await rows()).toEqual([]);
    const again = await browser.get(spaceTrainingPaths.list);
    expect((await browser.post(spaceTrainingDone(slug), hiddenFields(again.text, spaceTrainingDone(slug)))).status).toBe(303);
    expect(await rows()).toHaveLength(1);
    await deletePersonData(strapi, mireille.email);
    expect(await strapi.db.query(progressUid).count({ where: { moduleSlug: slug } })).toBe(0);
  });
});
