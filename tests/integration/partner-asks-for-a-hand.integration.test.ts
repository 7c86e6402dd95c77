import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handRules, normalisePhone, spaceHandActions, spaceHandPath, spaceHandPaths, spacePaths } from '@passerelle/shared/participation';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { seedDemoRoundTables } from '../../cms/src/participation/space/demo-tables.ts';
import { sendHandDigests, weekOf } from '../../cms/src/participation/space/hands-notices.ts';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createMember, createRoundTable, handReplyUid, handRequestUid, hiddenFields, newMemberEmail, newMemberPhone, signInByCode, type SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Rosalie, at a round table, needs a room: she signs in by text code, asks her table for a hand (a
 * form with mistakes first, shown again in French with what she typed), Karim is told at once by
 * email and answers in the thread, Rosalie is told by text and marks it resolved; Lucie, who chose
 * the weekly digest, gets one digest for the week however often the job runs. Then Law 25: export,
 * erasure ("Ancien membre"), retention. On the database the run is given (SQLite, or PostgreSQL
 * with DATABASE_CLIENT=postgres: scripts/test.sh runs this project on both).
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let tableId: string;
let handId: string;
const rosalie = { phone: newMemberPhone(), email: newMemberEmail('rosalie'), id: '' };
const karim = { phone: newMemberPhone(), email: newMemberEmail('karim'), id: '' };
const lucie = { phone: newMemberPhone(), email: newMemberEmail('lucie'), id: '' };
let rosalieBrowser: SpaceBrowser;
let karimBrowser: SpaceBrowser;

const to = (address: string) => outboxMessages(outbox).filter((m) => m.to === address);

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  rosalie.id = (await createMember(strapi, { name: 'Rosalie Partenaire', phone: rosalie.phone, email: rosalie.email })).documentId;
  karim.id = (await createMember(strapi, { name: 'Karim Bénévolat', phone: karim.phone, email: karim.email })).documentId;
  lucie.id = (await createMember(strapi, { name: 'Lucie Résumé', phone: lucie.phone, email: lucie.email })).documentId;
  tableId = await createRoundTable(strapi, { name: 'Table de quartier Saint-Roch', members: [rosalie.id, karim.id, lucie.id] });
  rosalieBrowser = await signInByCode(app.baseUrl, outbox, rosalie.phone);
  karimBrowser = await signInByCode(app.baseUrl, outbox, karim.phone);
});

afterAll(async () => {
  await app?.stop();
});

async function chooseNotices(browser: SpaceBrowser, mode: string, channel: string) {
  const page = await browser.get(spaceHandPaths.notices);
  expect(page.status).toBe(200);
  const saved = await browser.post(spaceHandPaths.notices, { ...hiddenFields(page.text, spaceHandPaths.notices), mode, channel });
  expect(saved.status).toBe(303);
  expect((await browser.get(saved.location!)).text).toContain('C’est enregistré.');
}

describe('partner asks for a hand', () => {
  it('members choose how they are told, in "Mes avis"', async () => {
    await chooseNotices(rosalieBrowser, 'immediate', 'sms');
    await chooseNotices(karimBrowser, 'immediate', 'email');
    const lucieBrowser = await signInByCode(app.baseUrl, outbox, lucie.phone);
    expect((await lucieBrowser.get(spaceHandPaths.notices)).text).toMatch(/id="avis-mode-digest" name="mode" value="digest" checked/);
  });

  it('Rosalie finds the page from the space home and asks: errors in French with her words kept, then the request', async () => {
    const home = await rosalieBrowser.get(spacePaths.home);
    expect(home.text).toContain(`href="${spaceHandPaths.list}"`);
    const form = await rosalieBrowser.get(spaceHandPaths.create);
    expect(form.status).toBe(200);
    expect(form.text).toMatch(new RegExp(`name="table-${tableId}" value="1" checked`));
    const fields = hiddenFields(form.text, spaceHandPaths.create);
    const wrong = await rosalieBrowser.post(spaceHandPaths.create, { ...fields, kind: '', title: '', details: 'Pour la soirée logement, 30 personnes, accessible en fauteuil.', neededBy: '2020-01-01', [`table-${tableId}`]: '1' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('<title>Erreur : ');
    expect(wrong.text).toContain('Choisissez le type de demande.');
    expect(wrong.text).toContain('>Pour la soirée logement, 30 personnes, accessible en fauteuil.</textarea>');
    const made = await rosalieBrowser.post(spaceHandPaths.create, { ...fields, kind: 'salle', title: 'Une salle pour la soirée logement', details: 'Pour 30 personnes, accessible en fauteuil, un mardi soir.', neededBy: '', [`table-${tableId}`]: '1' });
    expect(made.status).toBe(303);
    handId = /coups-de-main\/([a-z0-9]{24})\//.exec(made.location ?? '')![1]!;
    const page = await rosalieBrowser.get(made.location!);
    expect(page.text).toContain('Une salle pour la soirée logement');
    expect(page.text).toContain('Table de quartier Saint-Roch');
    await outboxSettled();
    const told = to(karim.email);
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toBe('Coup de main demandé : Local ou salle');
    expect(told[0]!.text).toContain(`/participer/espace/coups-de-main/${handId}/`);
    expect(told[0]!.text).not.toContain(rosalie.email);
    expect(to(lucie.email)).toHaveLength(0);
  });

  it('Karim answers in the thread, in English; Rosalie is told by text with the link back', async () => {
    const page = await karimBrowser.get(`${spaceHandPath(handId)}?locale=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your reply');
    const replied = await karimBrowser.post(spaceHandActions.reply(handId), { ...hiddenFields(page.text, spaceHandActions.reply(handId)), text: 'Our hall is free on Tuesdays. Call me at the office.' });
    expect(replied.status).toBe(303);
    expect(replied.location).toBe(`${spaceHandPath(handId)}?locale=en`);
    await outboxSettled();
    const texts = to(normalisePhone(rosalie.phone)!).filter((m) => m.text.includes('coups-de-main'));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain('soirée logement');
    expect(texts[0]!.text).toContain(`/participer/espace/coups-de-main/${handId}/`);
    expect((await rosalieBrowser.get(spaceHandPath(handId))).text).toContain('Our hall is free on Tuesdays.');
  });

  it('Lucie gets one weekly digest, however many times the job runs that week', async () => {
    const now = new Date();
    const first = await sendHandDigests(strapi, now);
    expect(first.week).toBe(weekOf(now));
    expect(first.queued).toBeGreaterThanOrEqual(1);
    const again = await sendHandDigests(strapi, new Date(now.getTime() + 60_000));
    expect(again.queued).toBe(0);
    expect(again.alreadyQueued).toBe(first.queued);
    await outboxSettled();
    const digests = to(lucie.email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('Coups de main : votre résumé de la semaine');
    expect(digests[0]!.text).toContain('Une salle pour la soirée logement');
    expect(digests[0]!.text).not.toContain(karim.email);
  });

  it('Rosalie marks it resolved: it leaves the open list, takes no more replies, and stays in her resolved ones', async () => {
    const page = await rosalieBrowser.get(spaceHandPath(handId));
    const resolved = await rosalieBrowser.post(spaceHandActions.resolve(handId), hiddenFields(page.text, spaceHandActions.resolve(handId)));
    expect(resolved.status).toBe(303);
    const after = await rosalieBrowser.get(spaceHandPath(handId));
    expect(after.text).toContain('Résolue');
    expect(after.text).not.toContain(spaceHandActions.reply(handId));
    const karimList = await karimBrowser.get(spaceHandPaths.list);
    expect(karimList.text).not.toContain('soirée logement');
    const rosalieList = await rosalieBrowser.get(spaceHandPaths.list);
    expect(rosalieList.text).toContain('Mes demandes résolues');
    expect(rosalieList.text).toContain('soirée logement');
  });

  it('a busy request keeps short pages: its latest replies first, then older ones by "Réponses plus anciennes"', async () => {
    const busy = await createHandRequest(strapi, { author: rosalie.id, tables: [tableId], title: 'Des bras pour la corvée de printemps' });
    const start = Date.now() - 86_400_000;
    for (let i = 1; i <= handRules.repliesPerPage + 5; i += 1) {
      await strapi.documents(handReplyUid).create({ data: { handRequest: busy, author: i % 2 ? karim.id : lucie.id, text: `Je viens, réponse ${i}.`, createdAtMs: start + i * 60_000 } as never });
    }
    const first = await karimBrowser.get(spaceHandPath(busy));
    expect(first.status).toBe(200);
    expect(first.text).toContain(`Je viens, réponse ${handRules.repliesPerPage + 5}.`);
    expect(first.text).toContain('Je viens, réponse 6.');
    expect(first.text).not.toContain('Je viens, réponse 5.');
    expect(first.text).toContain('Votre réponse');
    const older = /href="([^"]+)">Réponses plus anciennes<\/a>/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
    expect(older).toBe(`${spaceHandPath(busy)}?page=2#reponses`);
    const second = await karimBrowser.get(older!.split('#')[0]!);
    expect(second.status).toBe(200);
    expect(second.text).toContain('Je viens, réponse 1.');
    expect(second.text).toContain('Je viens, réponse 5.');
    expect(second.text).not.toContain('Je viens, réponse 6.');
    expect(second.text).not.toContain('Réponses plus anciennes');
    expect(second.text).toContain(`href="${spaceHandPath(busy)}#reponses">Réponses plus récentes</a>`);
    expect(second.text.indexOf('Je viens, réponse 1.')).toBeLessThan(second.text.indexOf('Je viens, réponse 5.'));
    expect((await karimBrowser.get(`${spaceHandPath(busy)}?page=3`)).text).toContain('Pas de réponse sur cette page.');
  });
});

describe('Law 25', () => {
  it('the export lists a member’s requests and replies; erasing a replier leaves the reply signed "Ancien membre"; erasing an author deletes the request and its thread', async () => {
    const exportedKarim = await exportPersonData(strapi, karim.email);
    expect(exportedKarim.records.find((r) => r.kind === 'practitioner')!.handReplies).toContain('Our hall is free on Tuesdays.');
    const exportedRosalie = await exportPersonData(strapi, rosalie.email);
    expect(exportedRosalie.records.find((r) => r.kind === 'practitioner')!.handRequests).toContain('Une salle pour la soirée logement');

    await deletePersonData(strapi, karim.email);
    const page = await rosalieBrowser.get(spaceHandPath(handId));
    expect(page.text).toContain('Ancien membre');
    expect(page.text).not.toContain('Karim');
    expect(page.text).toContain('Our hall is free on Tuesdays.');

    await deletePersonData(strapi, rosalie.email);
    expect(await strapi.db.query(handRequestUid).count({ where: { documentId: handId } })).toBe(0);
    expect(await strapi.db.query(handReplyUid).count({ where: { text: { $contains: 'Our hall' } } })).toBe(0);
  });

  it('retention deletes requests resolved longer ago than the period, with their replies; recent ones stay', async () => {
    const author = (await createMember(strapi, { name: 'Paul Ancien', email: newMemberEmail('paul') })).documentId;
    const old = await createHandRequest(strapi, { author, tables: [tableId], title: 'Vieille demande', ageDays: 400 });
    const recent = await createHandRequest(strapi, { author, tables: [tableId], title: 'Demande récente', ageDays: 10 });
    await strapi.documents(handReplyUid).create({ data: { handRequest: old, author: lucie.id, text: 'Vieille réponse', createdAtMs: Date.now() - 399 * 86_400_000 } });
    const monthsAgo = (months: number) => new Date(Date.now() - months * 31 * 86_400_000).toISOString();
    await strapi.db.query(handRequestUid).update({ where: { documentId: old }, data: { requestStatus: 'resolved', resolvedAt: monthsAgo(7) } });
    await strapi.db.query(handRequestUid).update({ where: { documentId: recent }, data: { requestStatus: 'resolved', resolvedAt: monthsAgo(1) } });
    const report = await applyRetention(strapi);
    expect(report.handRequestsErased).toBe(1);
    expect(report.handRepliesErased).toBeGreaterThanOrEqual(1);
    expect(await strapi.db.query(handRequestUid).count({ where: { documentId: old } })).toBe(0);
    expect(await strapi.db.query(handRequestUid).count({ where: { documentId: recent } })).toBe(1);
    expect(await strapi.db.query(handReplyUid).count({ where: { text: 'Vieille réponse' } })).toBe(0);
  });

  it('the demo seeds plausible requests at its tables, by a partner nobody can sign in as', async () => {
    expect(await seedDemoRoundTables(strapi)).toBe(2);
    const hands = await strapi.db.query(handRequestUid).findMany({ where: { author: { email: { $endsWith: '@example.org' } } }, populate: { author: { select: ['active'] } } });
    expect(hands.length).toBeGreaterThanOrEqual(3);
    for (const hand of hands) expect(hand.author.active).toBe(false);
  });
});
