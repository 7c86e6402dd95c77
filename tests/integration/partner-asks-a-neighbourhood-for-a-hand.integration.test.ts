import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceHandActions, spaceHandPath, spaceHandPaths } from '@passerelle/shared/participation';
import { sendHandDigests } from '../../cms/src/participation/space/hands-notices.ts';
import { exportPersonData } from '../../cms/src/participation/person-data.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import {
  createMember,
  createNeighbourhood,
  createRoundTable,
  handRequestUid,
  hiddenFields,
  newMemberEmail,
  newMemberPhone,
  practitionerUid,
  publishedOrganization,
  signInByCode,
  type SpaceBrowser,
} from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Rosalie needs volunteers in Limoilou, beyond her own round table: she sends her request to the
 * neighbourhood. Nadia, whose organization is in Limoilou, is told at once and answers; Paul, at
 * Limoilou's table, chose the weekly digest and finds it there; Sami, at Rosalie's other table,
 * sees nothing until Rosalie edits the request to add that table — then only Sami is told. When
 * she takes the neighbourhood off, Nadia and Paul no longer see it. Her export says who she asked.
 * On the database the run is given (SQLite, or PostgreSQL with DATABASE_CLIENT=postgres).
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let limoilou: string;
let tableSports: string;
let handId: string;
const person = (label: string) => ({ phone: newMemberPhone(), email: newMemberEmail(label), id: '' });
const rosalie = person('rosalie');
const nadia = person('nadia');
const paul = person('paul');
const sami = person('sami');
const browsers = {} as Record<'rosalie' | 'nadia' | 'paul' | 'sami', SpaceBrowser>;
const title = 'Bénévoles pour la fête de Limoilou';

const to = (address: string) => outboxMessages(outbox).filter((m) => m.to === address && m.text.includes('/coups-de-main/'));

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  limoilou = (await createNeighbourhood(strapi, 'Limoilou')).documentId;
  const organization = await publishedOrganization(strapi, { name: 'Centre Jacques-Cartier', slug: `jacques-cartier-${process.pid}`, neighbourhood: limoilou });
  rosalie.id = (await createMember(strapi, { name: 'Rosalie Partenaire', phone: rosalie.phone, email: rosalie.email })).documentId;
  nadia.id = (await createMember(strapi, { name: 'Nadia Jacques-Cartier', phone: nadia.phone, email: nadia.email, organization })).documentId;
  paul.id = (await createMember(strapi, { name: 'Paul Limoilou', phone: paul.phone, email: paul.email })).documentId;
  sami.id = (await createMember(strapi, { name: 'Sami Sports', phone: sami.phone, email: sami.email })).documentId;
  for (const id of [rosalie.id, nadia.id, sami.id]) await strapi.db.query(practitionerUid).update({ where: { documentId: id }, data: { noticeMode: 'immediate', noticeChannel: 'email' } });
  await createRoundTable(strapi, { name: 'Table de quartier Limoilou', members: [paul.id], neighbourhoods: [limoilou] });
  tableSports = await createRoundTable(strapi, { name: 'Table loisirs et sports', members: [rosalie.id, sami.id] });
  for (const [name, p] of Object.entries({ rosalie, nadia, paul, sami })) browsers[name as keyof typeof browsers] = await signInByCode(app.baseUrl, outbox, p.phone);
});

afterAll(async () => {
  await app?.stop();
});

describe('partner asks a neighbourhood for a hand', () => {
  it('Rosalie sends her request to Limoilou only; Nadia (her organization is there) is told at once; Sami is not', async () => {
    const form = await browsers.rosalie.get(spaceHandPaths.create);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Quartiers');
    expect(form.text).toMatch(new RegExp(`name="quartier-${limoilou}" value="1">`));
    const made = await browsers.rosalie.post(spaceHandPaths.create, {
      ...hiddenFields(form.text, spaceHandPaths.create),
      kind: 'benevoles',
      title,
      details: 'Samedi 14 h à 18 h, pour l’accueil et le rangement.',
      neededBy: '',
      [`quartier-${limoilou}`]: '1',
    });
    expect(made.status).toBe(303);
    handId = /coups-de-main\/([a-z0-9]{24})\//.exec(made.location ?? '')![1]!;
    await outboxSettled();
    expect(to(nadia.email)).toHaveLength(1);
    expect(to(nadia.email)[0]!.text).toContain('Limoilou');
    expect(to(sami.email)).toHaveLength(0);
    expect((await browsers.sami.get(spaceHandPath(handId))).status).toBe(404);
    const page = await browsers.nadia.get(spaceHandPath(handId));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Vue par\u00a0: Limoilou</p>');
    const exported = await exportPersonData(strapi, rosalie.email);
    expect(exported.records.find((r) => r.kind === 'practitioner')!.handRequests).toContain(`(→ Limoilou) ${title}`);
  });

  it('Nadia answers; Paul, at Limoilou’s table, finds it in his weekly digest', async () => {
    const page = await browsers.nadia.get(spaceHandPath(handId));
    const replied = await browsers.nadia.post(spaceHandActions.reply(handId), { ...hiddenFields(page.text, spaceHandActions.reply(handId)), text: 'Nous avons quatre bénévoles pour samedi.' });
    expect(replied.status).toBe(303);
    expect((await browsers.paul.get(spaceHandPaths.list)).text).toContain(title);
    const report = await sendHandDigests(strapi, new Date());
    expect(report.queued).toBeGreaterThanOrEqual(1);
    await outboxSettled();
    const digest = outboxMessages(outbox).filter((m) => m.to === paul.email && m.subject === 'Coups de main : votre résumé de la semaine');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain(title);
  });

  it('Rosalie edits it to add her sports table: only Sami is told; the page says when it was edited, its date stays', async () => {
    const before = await strapi.db.query(handRequestUid).findOne({ where: { documentId: handId } });
    const form = await browsers.rosalie.get(spaceHandActions.edit(handId));
    expect(form.status).toBe(200);
    expect(form.text).toMatch(new RegExp(`name="quartier-${limoilou}" value="1" checked`));
    expect(form.text).toContain(`${title}"`);
    const fields = { ...hiddenFields(form.text, spaceHandActions.edit(handId)), kind: 'benevoles', title, details: 'Samedi 14 h à 18 h, pour l’accueil, le rangement et les jeux.', neededBy: '' };
    const saved = await browsers.rosalie.post(spaceHandActions.edit(handId), { ...fields, [`quartier-${limoilou}`]: '1', [`table-${tableSports}`]: '1' });
    expect(saved.status).toBe(303);
    await outboxSettled();
    expect(to(sami.email)).toHaveLength(1);
    expect(to(nadia.email).filter((m) => m.subject?.startsWith('Coup de main demandé'))).toHaveLength(1);
    const page = await browsers.sami.get(spaceHandPath(handId));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Modifiée le');
    expect(page.text).toContain('les jeux');
    const after = await strapi.db.query(handRequestUid).findOne({ where: { documentId: handId } });
    expect(String(after.createdAtMs)).toBe(String(before.createdAtMs));

    // She takes Limoilou off: Nadia and Paul no longer see it, Sami still does.
    const again = await browsers.rosalie.get(spaceHandActions.edit(handId));
    const narrowed = await browsers.rosalie.post(spaceHandActions.edit(handId), { ...fields, ...hiddenFields(again.text, spaceHandActions.edit(handId)), [`table-${tableSports}`]: '1' });
    expect(narrowed.status).toBe(303);
    for (const who of ['nadia', 'paul'] as const) {
      expect((await browsers[who].get(spaceHandPath(handId))).status, who).toBe(404);
      expect((await browsers[who].get(spaceHandPaths.list)).text, who).not.toContain(title);
    }
    expect((await browsers.sami.get(spaceHandPath(handId))).status).toBe(200);
  });

  it('Law 25: Rosalie’s export lists her request with who she sent it to', async () => {
    const exported = await exportPersonData(strapi, rosalie.email);
    const requests = exported.records.find((r) => r.kind === 'practitioner')!.handRequests as string;
    expect(requests).toContain(title);
    expect(requests).toContain('Table loisirs et sports');
    expect(requests).toMatch(/edited \d{4}-\d{2}-\d{2}/);
  });
});
