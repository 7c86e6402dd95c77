import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliCompressSync } from 'node:zlib';
import { normalisePhone, spacePaths, spaceResourcePath, spaceResourcePaths, spaceTableMessagesPath, spaceTablePath, spaceThreadActions, threadRules } from '@passerelle/shared/participation';
import { adminUserToken, contentManagerPath as cm } from '../support/admin-users.ts';
import { sendHandDigests } from '../../cms/src/participation/space/hands-notices.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createMember, createReachableMember, createResource, createRoundTable, createThreadMessage, handReplyUid, hiddenFields, newMemberEmail, newMemberPhone, noticesAtOnceByEmail, roundTableUid, signInByCode, SpaceBrowser, threadMessageUid } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Threads on a round table and on a shared resource, attacked: read or posted in by a stranger, an
 * ex-member, a member of another table and a community group's CMS account; every post without or
 * with a wrong CSRF token; floods (the hourly limit), oversized and empty messages (French error,
 * text kept, never a 500), markup that must stay inert; notices that never carry the message nor
 * anyone's contact details, never go to the author or to someone who left; the type never readable
 * through the public REST or GraphQL API.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

type Who = 'author' | 'member' | 'other' | 'leaver' | 'texter' | 'flooder';
const people = {} as Record<Who, { documentId: string; phone: string; email: string; browser: SpaceBrowser }>;
let tableA: string;
let tableB: string;
let resourceA: string;
let resourceB: string;

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const post = async (who: Who, action: string, text: string) => people[who].browser.post(action, { csrf: await csrfOf(people[who].browser), locale: 'fr', text });

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  const make = (name: string, notice: { noticeChannel?: string } = {}) => createReachableMember(strapi, name, { ...noticesAtOnceByEmail, ...notice });
  const author = await make('Annie Autrice');
  const member = await make('Marc Membre');
  const other = await make('Xénia Ailleurs');
  const leaver = await make('Léo Partant');
  const texter = await make('Thomas Texto', { noticeChannel: 'sms' });
  const flooder = await make('Fanny Flot');
  tableA = await createRoundTable(strapi, { name: 'Table Rosemont', members: [author, member, leaver, texter, flooder].map((p) => p.documentId) });
  tableB = await createRoundTable(strapi, { name: 'Table Ahuntsic', members: [other.documentId] });
  resourceA = await createResource(strapi, { author: author.documentId, title: 'Gabarit de procès-verbal de Rosemont', table: tableA });
  resourceB = await createResource(strapi, { author: other.documentId, title: 'Document secret d’Ahuntsic', table: tableB });
  await createThreadMessage(strapi, { author: author.documentId, text: 'Message confidentiel de Rosemont', table: tableA });
  await createThreadMessage(strapi, { author: author.documentId, text: 'Avis confidentiel sur le gabarit', resource: resourceA });
  await createThreadMessage(strapi, { author: other.documentId, text: 'Message secret d’Ahuntsic', table: tableB });
  for (const [key, p] of Object.entries({ author, member, other, leaver, texter, flooder })) {
    people[key as Who] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  }
  const leave = await people.leaver.browser.post(`/participer/espace/tables/${tableA}/quitter`, { csrf: await csrfOf(people.leaver.browser), locale: 'fr' });
  expect(leave.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

const readPaths = () => [spaceTablePath(tableA), spaceTableMessagesPath(tableA), `${spaceTableMessagesPath(tableA)}?page=2`, spaceResourcePath(resourceA)];
const postPaths = () => [spaceThreadActions.table(tableA), spaceThreadActions.resource(resourceA)];

describe('who reads and posts in a thread', () => {
  it('members of the table read its thread on its page and its messages page, and the resource’s on its page', async () => {
    const page = await people.member.browser.get(spaceTablePath(tableA));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Message confidentiel de Rosemont');
    expect(page.text).not.toContain('Ahuntsic');
    expect(page.text).toContain(`action="${spaceThreadActions.table(tableA)}"`);
    expect((await people.member.browser.get(spaceTableMessagesPath(tableA))).text).toContain('Message confidentiel de Rosemont');
    const resource = await people.member.browser.get(spaceResourcePath(resourceA));
    expect(resource.status).toBe(200);
    expect(resource.text).toContain('Avis confidentiel sur le gabarit');
    expect(resource.text).not.toContain(people.author.email);
  });

  it('a stranger is sent to sign in from every thread page, and every post is refused before anything', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const path of readPaths()) {
      const answer = await stranger.get(path);
      expect(answer.status, path).toBe(303);
      expect(answer.location, path).toBe(spacePaths.signIn);
    }
    for (const path of postPaths()) expect((await stranger.post(path, { csrf: 'a'.repeat(64), locale: 'fr', text: 'piraté' })).status, path).toBe(303);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'piraté' } })).toBe(0);
  });

  it('an ex-member and a member of another table get the same 404 as an unknown id, for reading and posting', async () => {
    const answers = new Set<string>();
    for (const who of ['leaver', 'other'] as const) {
      for (const path of readPaths()) {
        const page = await people[who].browser.get(path);
        expect(page.status, `${who} ${path}`).toBe(404);
        expect(page.text).not.toMatch(/confidentiel|Rosemont|gabarit/);
        answers.add(page.text);
      }
      for (const path of postPaths()) {
        const answer = await post(who, path, 'piraté');
        expect(answer.status, `${who} ${path}`).toBe(404);
        answers.add(answer.text);
      }
    }
    answers.add((await people.member.browser.get(spaceTablePath('a'.repeat(24)))).text);
    answers.add((await people.member.browser.get(spaceResourcePath('a'.repeat(24)))).text);
    answers.add((await people.member.browser.get(spaceResourcePath(resourceB))).text);
    answers.add((await people.member.browser.get(spaceTableMessagesPath(tableB))).text);
    answers.add((await post('member', spaceThreadActions.resource(resourceB), 'piraté')).text);
    answers.add((await post('member', spaceThreadActions.table(tableB), 'piraté')).text);
    expect((await people.member.browser.get(spaceResourcePath('..%2F..'))).status).toBe(404);
    expect(answers.size).toBe(1);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'piraté' } })).toBe(0);
  });

  it('a community group’s CMS account reads no thread message, in the admin or in the space', async () => {
    const token = await adminUserToken(app, 'passerelle-community-group', 'groupe.fils@groupe.example.org');
    expect((await api(app.baseUrl, cm(threadMessageUid, '?page=1&pageSize=10'), { token })).status).toBe(403);
    for (const path of [...readPaths(), ...postPaths()]) {
      const answer = await fetch(app.baseUrl + path, { method: path.endsWith('messages') ? 'POST' : 'GET', redirect: 'manual', headers: { authorization: `Bearer ${token}` } });
      expect(answer.status, path).toBeGreaterThanOrEqual(300);
      expect(await answer.text()).not.toContain('confidentiel');
    }
  });
});

describe('CSRF', () => {
  it('a post without the token, or with another session’s, is refused (403) and stores nothing', async () => {
    const othersToken = await csrfOf(people.member.browser);
    for (const csrf of [undefined, '', 'x', othersToken, 'f'.repeat(64)]) {
      for (const path of postPaths()) {
        const answer = await people.author.browser.post(path, { ...(csrf === undefined ? {} : { csrf }), locale: 'fr', text: 'forgé' });
        expect(answer.status, `${path} ${csrf?.slice(0, 4)}`).toBe(403);
      }
    }
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'forgé' } })).toBe(0);
  });
});

describe('what a message may be', () => {
  it('too long, empty or with control characters: 422, a French error, the text kept, nothing stored, never a 500', async () => {
    const long = `${'Très long message. '.repeat(110)}fin`;
    for (const path of postPaths()) {
      const tooLong = await post('member', path, long);
      expect(tooLong.status, path).toBe(422);
      expect(tooLong.text).toContain('Il y a un problème');
      expect(tooLong.text).toContain('Ce texte est trop long');
      expect(tooLong.text).toContain('aria-invalid="true"');
      expect(tooLong.text).toContain('Très long message. Très long message.');
      const empty = await post('member', path, '   ');
      expect(empty.status).toBe(422);
      expect(empty.text).toContain('Remplissez ce champ.');
      const control = await post('member', path, 'Bonjour\u0007 à tous');
      expect(control.status).toBe(422);
    }
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: { $contains: 'Très long message' } } })).toBe(0);
  });

  it('a message of emoji is measured as the database measures it: over the limit a 422, never a 500', async () => {
    // 1001 emoji are 2002 UTF-16 units: Strapi's maxLength (2000) counts those, as the textarea's maxlength does.
    for (const path of postPaths()) {
      const over = await post('member', path, '😀'.repeat(1001));
      expect(over.status, path).toBe(422);
      expect(over.text).toContain('Ce texte est trop long');
    }
    expect((await post('member', spaceThreadActions.table(tableA), '😀'.repeat(1000))).status).toBe(303);
  });

  it('markup in a message is shown as text, never run, on every page that shows it', async () => {
    const attack = '<script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">clic</a>';
    for (const path of postPaths()) expect((await post('member', path, attack)).status, path).toBe(303);
    for (const path of [spaceTablePath(tableA), spaceTableMessagesPath(tableA), spaceResourcePath(resourceA)]) {
      const page = await people.author.browser.get(path);
      expect(page.text, path).not.toContain('<script>alert');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).not.toContain('href="javascript:');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it(`at most ${threadRules.messagesPerHour} messages per member per hour, every thread together: past it, 429, nothing stored, nobody told`, async () => {
    for (let i = 0; i < threadRules.messagesPerHour; i += 1) {
      await strapi.documents(threadMessageUid).create({ data: { roundTable: tableA, author: people.flooder.documentId, text: `Flot ${i}`, createdAtMs: Date.now() - 60_000 } as never });
    }
    const before = outboxMessages(outbox).length;
    for (const path of postPaths()) {
      const answer = await post('flooder', path, 'Un message de trop');
      expect(answer.status, path).toBe(429);
      expect(answer.text).toContain('Réessayez dans une heure');
    }
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'Un message de trop' } })).toBe(0);
    expect(outboxMessages(outbox).length).toBe(before);
  });

  it('posts sent all at once cannot pass the hourly limit together (they count one after the other)', async () => {
    const phone = newMemberPhone();
    const { documentId } = await createMember(strapi, { name: 'Rita Rafale', phone, email: newMemberEmail() });
    const table = await createRoundTable(strapi, { name: 'Table rafale', members: [documentId, people.member.documentId] });
    const browser = await signInByCode(app.baseUrl, outbox, phone);
    const csrf = await csrfOf(browser);
    const answers = await Promise.all(Array.from({ length: 3 * threadRules.messagesPerHour }, (_, i) => browser.post(spaceThreadActions.table(table), { csrf, locale: 'fr', text: `Rafale ${i}` })));
    expect(answers.filter((a) => a.status === 303)).toHaveLength(threadRules.messagesPerHour);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(2 * threadRules.messagesPerHour);
    expect(await strapi.db.query(threadMessageUid).count({ where: { author: { documentId } } })).toBe(threadRules.messagesPerHour);
  });

  it('pages past the last one are empty pages, not errors, and odd page numbers read as page 1', async () => {
    for (const page of ['999999', '-1', 'abc', '1e9', '0']) {
      const answer = await people.member.browser.get(`${spaceTableMessagesPath(tableA)}?page=${page}`);
      expect(answer.status, page).toBe(200);
    }
    expect((await people.member.browser.get(`${spaceTableMessagesPath(tableA)}?page=400`)).text).toContain('Pas encore de message');
  });
});

describe('notices', () => {
  beforeAll(async () => {
    // The tests above posted in these threads minutes ago: their notices would fold these ones in
    // (decision 0061, attacked in space-notice-floods). As if a day had passed since.
    await outboxSettled();
    await strapi.db.query('api::participation.outbound-message').deleteMany({ where: { messageKind: 'space-thread' } });
  });

  it('a table message tells its active members who chose "right away", not its author nor who left; the words stay in the space', async () => {
    const before = outboxMessages(outbox).length;
    const answer = await post('author', spaceThreadActions.table(tableA), 'Réunion déplacée : mon numéro est le 514 555-0199');
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`${spaceTablePath(tableA)}#discussion`);
    const sent = outboxMessages(outbox).slice(before).filter((m) => m.text.includes(spaceTablePath(tableA)) && m.text.includes('Rosemont'));
    const to = sent.map((m) => m.to);
    expect(to).toContain(people.member.email);
    expect(to).toContain(normalisePhone(people.texter.phone));
    expect(to).not.toContain(people.author.email);
    expect(to).not.toContain(people.leaver.email);
    expect(to).not.toContain(people.other.email);
    for (const m of sent) {
      expect(m.text).not.toContain('514 555-0199');
      expect(m.text).not.toContain(people.author.email);
    }
    const sms = sent.find((m) => m.to === normalisePhone(people.texter.phone))!;
    expect(sms.text.length).toBeLessThanOrEqual(160);
    expect(sms.text).toContain(`/participer/espace/tables/${tableA}/`);
  });

  it('a resource message tells whoever shared it and wrote about it before, still at its table, never the writer', async () => {
    const before = outboxMessages(outbox).length;
    expect((await post('member', spaceThreadActions.resource(resourceA), 'Merci, très utile.')).status).toBe(303);
    const sent = outboxMessages(outbox).slice(before).filter((m) => m.text.includes(spaceResourcePath(resourceA)));
    expect(sent.map((m) => m.to)).toContain(people.author.email);
    expect(sent.map((m) => m.to)).not.toContain(people.member.email);
    for (const m of sent) expect(m.text).not.toContain('très utile');
  });
});

describe('the weekly digest', () => {
  it('tells someone who left a table nothing of it: neither its discussion, its resource’s, nor a request they had answered', async () => {
    const make = (name: string, noticeMode: string) => createReachableMember(strapi, name, { emailLabel: 'digest', noticeMode, noticeChannel: 'email' });
    const gone = await make('Gaston Parti', 'digest');
    const stays = await make('Sylvie Reste', 'none');
    const table = await createRoundTable(strapi, { name: 'Table Verdun', members: [gone.documentId, stays.documentId] });
    const resource = await createResource(strapi, { author: stays.documentId, title: 'Guide interne de Verdun', table });
    const hand = await createHandRequest(strapi, { author: stays.documentId, tables: [table], title: 'Salle secrète à Verdun' });
    // Before leaving, they took part everywhere.
    await createThreadMessage(strapi, { author: gone.documentId, text: 'Avant mon départ', table, ageMinutes: 60 });
    await createThreadMessage(strapi, { author: gone.documentId, text: 'Avant mon départ', resource, ageMinutes: 60 });
    await strapi.documents(handReplyUid).create({ data: { handRequest: hand, author: gone.documentId, text: 'Avant mon départ', createdAtMs: Date.now() - 3_600_000 } as never });
    await strapi.documents(roundTableUid).update({ documentId: table, data: { members: { disconnect: [gone.documentId] } } as never });
    // After: the others go on.
    await createThreadMessage(strapi, { author: stays.documentId, text: 'Après son départ', table });
    await createThreadMessage(strapi, { author: stays.documentId, text: 'Après son départ', resource });
    await strapi.documents(handReplyUid).create({ data: { handRequest: hand, author: stays.documentId, text: 'Après son départ', createdAtMs: Date.now() } as never });
    await sendHandDigests(strapi, new Date());
    await outboxSettled();
    const toGone = outboxMessages(outbox).filter((m) => m.to === gone.email);
    for (const m of toGone) {
      expect(m.text).not.toContain('Verdun');
      expect(m.text).not.toContain(table);
      expect(m.text).not.toContain(resource);
      expect(m.text).not.toContain(hand);
    }
  });
});

describe('budgets and bounds', () => {
  it('a table with many messages shows only the latest on its page, pages the rest, and every page stays under 14 KB brotli', async () => {
    for (let i = 1; i <= 45; i += 1) await createThreadMessage(strapi, { author: people.other.documentId, text: `Message ancien numéro ${i} ${'bla '.repeat(80)}`, table: tableB, ageMinutes: 100_000 + i });
    const page = await people.other.browser.get(spaceTablePath(tableB));
    expect(page.text).toContain('Message ancien numéro 1 ');
    expect(page.text).not.toContain(`Message ancien numéro ${threadRules.onTablePage + 1} `);
    expect(page.text).toContain(`href="${spaceTableMessagesPath(tableB)}?page=2"`);
    const second = await people.other.browser.get(`${spaceTableMessagesPath(tableB)}?page=2`);
    // Page 1 holds the table's newest message and the 19 latest of these: page 2 starts at the 20th.
    expect(second.text).toContain(`Message ancien numéro ${threadRules.perPage} `);
    expect(second.text).not.toContain(`Message ancien numéro ${threadRules.perPage - 1} `);
    expect(second.text).toContain(`href="${spaceTableMessagesPath(tableB)}?page=3"`);
    for (const path of [spaceTablePath(tableB), spaceTableMessagesPath(tableB), `${spaceTableMessagesPath(tableB)}?page=2`, spaceResourcePath(resourceB)]) {
      const answer = await people.other.browser.get(path);
      expect(answer.status, path).toBe(200);
      expect(brotliCompressSync(Buffer.from(answer.text)).length, path).toBeLessThanOrEqual(14 * 1024);
    }
  });
});

describe('a round table deleted in the admin', () => {
  it('takes its resources and their threads with it: they never become every member’s', async () => {
    const table = await createRoundTable(strapi, { name: 'Table dissoute', members: [people.other.documentId] });
    const resource = await createResource(strapi, { author: people.other.documentId, title: 'Compte rendu interne dissous', table });
    await createThreadMessage(strapi, { author: people.other.documentId, text: 'Propos internes de la table dissoute', resource });
    expect((await people.member.browser.get(spaceResourcePath(resource))).status).toBe(404);
    // An OC deletes the table from the Content Manager (OCs manage round tables there).
    const token = await adminUserToken(app, 'passerelle-community-organizer', 'oc.tables@cisss.example.org');
    expect((await api(app.baseUrl, cm(roundTableUid, `/${table}`), { token, method: 'DELETE' })).status).toBe(200);
    const page = await people.member.browser.get(spaceResourcePath(resource));
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('Propos internes');
    expect((await people.member.browser.get(spaceResourcePaths.list)).text).not.toContain('Compte rendu interne dissous');
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'Propos internes de la table dissoute' } })).toBe(0);
  });
});

describe('thread messages are not public', () => {
  it('have no REST route and no GraphQL type, and every attribute is private', async () => {
    for (const path of ['/api/thread-messages', '/api/thread-messages/1', '/api/thread-messages?populate=*']) {
      const { status, body } = await api(app.baseUrl, path);
      expect(status, path).toBe(404);
      expect(JSON.stringify(body ?? '')).not.toContain('confidentiel');
    }
    for (const query of ['{ threadMessages { text } }', 'mutation { createThreadMessage(data: { text: "x" }) { documentId } }', '{ resources { title } }']) {
      const { status, errors, data } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
      expect(JSON.stringify(data ?? '')).not.toContain('confidentiel');
    }
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /threadmessage/i.test(n))).toEqual([]);
    const attributes = strapi.contentType(threadMessageUid).attributes as Record<string, { private?: boolean }>;
    const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
    expect(own.length).toBeGreaterThan(0);
    for (const [name, attribute] of own) expect({ name, private: attribute.private }).toEqual({ name, private: true });
  });
});
