import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone, resourceRules, spaceHandPaths, spaceResourcePath, spaceResourcePaths, spaceTableMessagesPath, spaceTablePath, spaceThreadActions, threadRules } from '@passerelle/shared/participation';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { seedDemoRoundTables } from '../../cms/src/participation/space/demo-tables.ts';
import { sendHandDigests } from '../../cms/src/participation/space/hands-notices.ts';
import { handsOfMember } from '../../cms/src/participation/space/hands.ts';
import { messageCountsOfResources } from '../../cms/src/participation/space/threads.ts';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createMember, createResource, createRoundTable, createThreadMessage, handReplyUid, hiddenFields, newMemberEmail, newMemberPhone, practitionerUid, resourceUid, signInByCode, threadMessageUid, type SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Sophie and Jonathan sit at the Limoilou round table. Sophie posts on the table's page (an empty
 * message first: a French error, the form again); Jonathan, who chose "right away" by text, gets a
 * short text with the link back and answers; Mireille, on the weekly digest, finds the discussion
 * in it. Sophie shares a guide and they talk about it on its page. The requests list and the table
 * stay bounded pages. Then Law 25: export, erasure (messages deleted), retention.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let tableId: string;
let resourceId: string;
const sophie = { phone: newMemberPhone(), email: newMemberEmail('sophie'), id: '' };
const jonathan = { phone: newMemberPhone(), email: newMemberEmail('jonathan'), id: '' };
const mireille = { phone: newMemberPhone(), email: newMemberEmail('mireille'), id: '' };
let sophieBrowser: SpaceBrowser;
let jonathanBrowser: SpaceBrowser;

const to = (address: string) => outboxMessages(outbox).filter((m) => m.to === address);

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  sophie.id = (await createMember(strapi, { name: 'Sophie Tremblay', phone: sophie.phone, email: sophie.email })).documentId;
  jonathan.id = (await createMember(strapi, { name: 'Jonathan Gagnon', phone: jonathan.phone, email: jonathan.email })).documentId;
  mireille.id = (await createMember(strapi, { name: 'Mireille Côté', phone: mireille.phone, email: mireille.email })).documentId;
  await strapi.db.query(practitionerUid).update({ where: { documentId: jonathan.id }, data: { noticeMode: 'immediate', noticeChannel: 'sms' } });
  await strapi.db.query(practitionerUid).update({ where: { documentId: sophie.id }, data: { noticeMode: 'immediate', noticeChannel: 'email' } });
  tableId = await createRoundTable(strapi, { name: 'Table de quartier Limoilou', members: [sophie.id, jonathan.id, mireille.id] });
  sophieBrowser = await signInByCode(app.baseUrl, outbox, sophie.phone);
  jonathanBrowser = await signInByCode(app.baseUrl, outbox, jonathan.phone);
});

afterAll(async () => {
  await app?.stop();
});

describe('members discuss at their round table', () => {
  it('Sophie posts on the table page: an empty message comes back in French, then her message is on the page', async () => {
    const page = await sophieBrowser.get(spaceTablePath(tableId));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Discussion de la table');
    expect(page.text).toContain('Pas encore de message.');
    const fields = hiddenFields(page.text, spaceThreadActions.table(tableId));
    const empty = await sophieBrowser.post(spaceThreadActions.table(tableId), { ...fields, text: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('<title>Erreur : ');
    expect(empty.text).toContain('Remplissez ce champ.');
    expect(empty.text).toContain('Table de quartier Limoilou');
    const posted = await sophieBrowser.post(spaceThreadActions.table(tableId), { ...fields, text: 'Bonjour à tous !\n\nQui peut tenir le kiosque à la fête de quartier samedi ?' });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`${spaceTablePath(tableId)}#discussion`);
    const after = await sophieBrowser.get(spaceTablePath(tableId));
    expect(after.text).toContain('<strong>Sophie Tremblay</strong>');
    expect(after.text).toContain('<p>Qui peut tenir le kiosque à la fête de quartier samedi ?</p>');
  });

  it('Jonathan is told by a short text with the link back, not the message; he answers in English', async () => {
    await outboxSettled();
    const texts = to(normalisePhone(jonathan.phone)!).filter((m) => m.text.includes(spaceTablePath(tableId)));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain('Limoilou');
    expect(texts[0]!.text).not.toContain('kiosque');
    expect(to(sophie.email).filter((m) => m.text.includes(spaceTablePath(tableId)))).toHaveLength(0);
    const page = await jonathanBrowser.get(`${spaceTablePath(tableId)}?locale=en`);
    expect(page.text).toContain('Round table discussion');
    const replied = await jonathanBrowser.post(spaceThreadActions.table(tableId), { ...hiddenFields(page.text, spaceThreadActions.table(tableId)), text: 'I can do the morning shift.' });
    expect(replied.status).toBe(303);
    expect(replied.location).toBe(`${spaceTablePath(tableId)}?locale=en#discussion`);
    await outboxSettled();
    const told = to(sophie.email).filter((m) => m.text.includes(spaceTablePath(tableId)));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toBe('Nouveau message à la table Table de quartier Limoilou');
    expect(told[0]!.text).not.toContain('morning shift');
  });

  it('Sophie shares a guide; they talk about it on its own page, and the list counts the messages', async () => {
    const form = await sophieBrowser.get(spaceResourcePaths.create);
    const shared = await sophieBrowser.post(spaceResourcePaths.create, {
      ...hiddenFields(form.text, spaceResourcePaths.create),
      title: 'Guide d’animation de kiosque',
      url: 'https://exemple.org/kiosque.pdf',
      description: '',
      'theme-guides': '1',
      table: tableId,
    });
    expect(shared.status).toBe(303);
    resourceId = (await strapi.db.query('api::practitioners.resource').findOne({ where: { title: 'Guide d’animation de kiosque' } })).documentId;
    const page = await jonathanBrowser.get(spaceResourcePath(resourceId));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Discussion sur cette ressource');
    const posted = await jonathanBrowser.post(spaceThreadActions.resource(resourceId), { ...hiddenFields(page.text, spaceThreadActions.resource(resourceId)), text: 'La page 3 sur l’accueil est parfaite.' });
    expect(posted.status).toBe(303);
    expect((await sophieBrowser.get(spaceResourcePath(resourceId))).text).toContain('La page 3 sur l’accueil est parfaite.');
    expect((await sophieBrowser.get(spaceResourcePaths.list)).text).toContain('Discussion (1)');
    await outboxSettled();
    expect(to(sophie.email).filter((m) => m.text.includes(spaceResourcePath(resourceId)))).toHaveLength(1);
  });

  it('a link as long as the form allows (2000 characters, as stored) is kept whole on this database, and one longer is refused in French', async () => {
    const form = await sophieBrowser.get(spaceResourcePaths.create);
    const fields = hiddenFields(form.text, spaceResourcePaths.create);
    const base = 'https://exemple.org/dossier-partage?fichier=';
    const long = `${base}${'x'.repeat(resourceRules.urlMax - base.length)}`;
    const share = (url: string) => sophieBrowser.post(spaceResourcePaths.create, { ...fields, title: 'Dossier au très long lien', url, description: '', 'theme-guides': '1', table: tableId });
    expect((await share(long)).status).toBe(303);
    const row = (await strapi.db.query(resourceUid).findOne({ where: { title: 'Dossier au très long lien' }, select: ['documentId', 'url'] })) as { documentId: string; url: string };
    expect(row.url).toBe(long);
    expect((await jonathanBrowser.get(spaceResourcePath(row.documentId))).text).toContain(`href="${long}"`);
    const refused = await share(`${long}y`);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Ce texte est trop long');
    await strapi.db.query(resourceUid).delete({ where: { documentId: row.documentId } });
  });

  it('Mireille, on the weekly digest, finds both discussions in it with their links', async () => {
    await sendHandDigests(strapi, new Date());
    await outboxSettled();
    const digests = to(mireille.email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('Discussions avec de nouveaux messages (1)');
    expect(digests[0]!.text).toContain(spaceTablePath(tableId));
    // She never wrote about the guide: its thread is for those who shared it or took part.
    expect(digests[0]!.text).not.toContain(spaceResourcePath(resourceId));
    expect(digests[0]!.text).not.toContain('kiosque à la fête');
  });

  it('a busy table keeps a short page: the latest messages, then older ones page by page', async () => {
    for (let i = 1; i <= 30; i += 1) await createThreadMessage(strapi, { author: mireille.id, text: `Suivi numéro ${i}`, table: tableId, ageMinutes: 1000 + i });
    const page = await sophieBrowser.get(spaceTablePath(tableId));
    expect(page.text.match(/<li><p><strong>/g)?.length).toBe(threadRules.onTablePage);
    expect(page.text).toContain(`href="${spaceTableMessagesPath(tableId)}?page=2"`);
    const older = await sophieBrowser.get(`${spaceTableMessagesPath(tableId)}?page=2`);
    expect(older.status).toBe(200);
    expect(older.text).toContain('Messages plus récents');
  });

  it('the lists count messages per resource and replies per request right, with one grouped count on this database', async () => {
    const quiet = await createResource(strapi, { author: sophie.id, title: 'Affiche sans discussion', table: tableId });
    const busy = await createResource(strapi, { author: sophie.id, title: 'Liste de contacts très commentée', table: tableId });
    const single = await createResource(strapi, { author: sophie.id, title: 'Plan du local commenté une fois', table: tableId });
    for (let i = 1; i <= 12; i += 1) await createThreadMessage(strapi, { author: i % 2 ? jonathan.id : mireille.id, text: `Commentaire ${i}`, resource: busy });
    await createThreadMessage(strapi, { author: jonathan.id, text: 'Un seul commentaire', resource: single });
    // Messages on the table itself are no resource's.
    await createThreadMessage(strapi, { author: jonathan.id, text: 'Sur la table, pas sur une ressource', table: tableId });
    const rowId = async (documentId: string) => ((await strapi.db.query(resourceUid).findOne({ where: { documentId }, select: ['id'] })) as { id: number }).id;
    const [quietId, busyId, singleId] = [await rowId(quiet), await rowId(busy), await rowId(single)];
    const counts = await messageCountsOfResources(strapi, [quietId, busyId, singleId, 987_654_321]);
    expect([...counts.entries()].sort(([a], [b]) => a - b)).toEqual(
      [
        [busyId, 12],
        [singleId, 1],
      ].sort(([a], [b]) => a! - b!),
    );
    expect(await messageCountsOfResources(strapi, [])).toEqual(new Map());
    const list = await sophieBrowser.get(spaceResourcePaths.list);
    const countNear = (title: string) => new RegExp(`${title}[\\s\\S]*?Discussion \\((\\d+)\\)`).exec(list.text)?.[1];
    expect(countNear('Liste de contacts très commentée')).toBe('12');
    expect(countNear('Plan du local commenté une fois')).toBe('1');
    expect(countNear('Affiche sans discussion')).toBe('0');

    const answered = await createHandRequest(strapi, { author: sophie.id, tables: [tableId], title: 'Demande avec trois réponses' });
    for (let i = 1; i <= 3; i += 1) await strapi.documents(handReplyUid).create({ data: { handRequest: answered, author: jonathan.id, text: `Réponse ${i}`, createdAtMs: Date.now() } as never });
    const { open } = await handsOfMember(strapi, sophie.id);
    expect(open.find((h) => h.documentId === answered)?.replies).toBe(3);
    expect((await sophieBrowser.get(spaceHandPaths.list)).text).toMatch(/Demande avec trois réponses<\/a><br><span class="hint">[^<]*Réponses : 3</);
  });

  it('the requests list shows a bounded page with "Demandes plus anciennes"', async () => {
    for (let i = 1; i <= 25; i += 1) await createHandRequest(strapi, { author: mireille.id, tables: [tableId], title: `Demande en série ${i}`, ageDays: i });
    const first = await sophieBrowser.get(spaceHandPaths.list);
    expect(first.text).toContain('Demande en série 1<');
    expect(first.text).not.toContain('Demande en série 21<');
    expect(first.text).toContain(`href="${spaceHandPaths.list}?page=2">Demandes plus anciennes</a>`);
    const second = await sophieBrowser.get(`${spaceHandPaths.list}?page=2`);
    expect(second.text).toContain('Demande en série 21<');
    expect(second.text).toContain('Demandes plus récentes');
  });
});

describe('Law 25', () => {
  it('the export lists a member’s messages with where; an erasure deletes them', async () => {
    const exported = await exportPersonData(strapi, jonathan.email);
    const record = exported.records.find((r) => r.kind === 'practitioner')!;
    expect(record.threadMessages).toContain('[Table de quartier Limoilou] I can do the morning shift.');
    expect(record.threadMessages).toContain('[Guide d’animation de kiosque] La page 3');
    await deletePersonData(strapi, jonathan.email);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'I can do the morning shift.' } })).toBe(0);
    const page = await sophieBrowser.get(spaceTablePath(tableId));
    expect(page.text).not.toContain('Jonathan');
    expect(page.text).not.toContain('morning shift');
  });

  it('retention deletes messages older than the period, keeps recent ones', async () => {
    await createThreadMessage(strapi, { author: sophie.id, text: 'Très vieux message', table: tableId, ageMinutes: 13 * 31 * 24 * 60 });
    const report = await applyRetention(strapi);
    expect(report.threadMessagesErased).toBeGreaterThanOrEqual(1);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'Très vieux message' } })).toBe(0);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: { $contains: 'kiosque à la fête' } } })).toBe(1);
  });

  it('deleting a shared resource deletes its thread', async () => {
    const id = await createResource(strapi, { author: sophie.id, title: 'Lien périmé', table: tableId });
    await createThreadMessage(strapi, { author: mireille.id, text: 'Le lien ne marche plus', resource: id });
    const page = await sophieBrowser.get(spaceResourcePaths.list);
    const action = `/participer/espace/ressources/${id}/supprimer`;
    expect((await sophieBrowser.post(action, hiddenFields(page.text, action))).status).toBe(303);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'Le lien ne marche plus' } })).toBe(0);
  });

  it('the demo seeds a few messages at its two tables', async () => {
    expect(await seedDemoRoundTables(strapi)).toBe(2);
    const demo = await strapi.db.query(threadMessageUid).findMany({ where: { roundTable: { name: { $in: ['Table de concertation de Villeray', 'Table de quartier de Saint-Michel'] } } } });
    expect(demo.length).toBeGreaterThanOrEqual(4);
  });
});
