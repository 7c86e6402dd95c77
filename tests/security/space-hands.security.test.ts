import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliCompressSync } from 'node:zlib';
import { handRules, normalisePhone, spaceHandActions, spaceHandPath, spaceHandPaths, spacePaths } from '@passerelle/shared/participation';
import { optOut } from '../../cms/src/participation/sms/opt-outs.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createReachableMember, createRoundTable, handReplyUid, handRequestUid, hiddenFields, noticesAtOnceByEmail, practitionerUid, signInByCode, SpaceBrowser } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Requests for a hand, attacked: read, answered or closed by a stranger, an ex-member, a member of
 * another table; posted to a table the author does not sit at; every form without or with a wrong
 * CSRF token; notices that never carry anyone's contact details, go only to those who chose them
 * (ARRÊT respected) and cannot be multiplied (limits, one per request and member); the new types
 * never readable through the public REST or GraphQL API.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

type Who = 'author' | 'member' | 'oc' | 'other' | 'leaver' | 'quiet' | 'texter' | 'digester';
const people = {} as Record<Who, { documentId: string; phone: string; email: string; browser: SpaceBrowser }>;
let tableA: string;
let tableB: string;
let hand: string;
let otherHand: string;

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const handForm = (tables: string[]) => ({ kind: 'salle', title: 'Salle pour 30 personnes', details: 'Le 12 mars, en après-midi.', neededBy: '', ...Object.fromEntries(tables.map((id) => [`table-${id}`, '1'])) });
const messagesAbout = (needle: string) => outboxMessages(outbox).filter((m) => m.text.includes(needle));

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  const make = (name: string, spaceRole = 'intervenant', notice: { noticeMode?: string; noticeChannel?: string } = {}) =>
    createReachableMember(strapi, name, { spaceRole, ...noticesAtOnceByEmail, ...notice });
  const author = await make('Amélie Autrice');
  const member = await make('Mathieu Membre');
  const oc = await make('Odile OC', 'oc');
  const other = await make('Xavier Ailleurs');
  const leaver = await make('Élise Partante');
  const quiet = await make('Quentin Quiet', 'intervenant', { noticeMode: 'none' });
  const texter = await make('Thérèse Texto', 'intervenant', { noticeChannel: 'sms' });
  const digester = await make('Denis Digest', 'intervenant', { noticeMode: 'digest' });
  tableA = await createRoundTable(strapi, { name: 'Table Centre-Sud', members: [author, member, oc, leaver, quiet, texter, digester].map((p) => p.documentId) });
  tableB = await createRoundTable(strapi, { name: 'Table Hochelaga', members: [other.documentId] });
  hand = await createHandRequest(strapi, { author: author.documentId, tables: [tableA], title: 'Besoin d’une interprète en espagnol' });
  otherHand = await createHandRequest(strapi, { author: other.documentId, tables: [tableB], title: 'Demande secrète de Hochelaga' });
  for (const [key, p] of Object.entries({ author, member, oc, other, leaver, quiet, texter, digester })) {
    people[key as Who] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  }
  const leave = await people.leaver.browser.post(`/participer/espace/tables/${tableA}/quitter`, { csrf: await csrfOf(people.leaver.browser), locale: 'fr' });
  expect(leave.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('who sees a request', () => {
  it('members of its tables see it in their list and on its page; others do not', async () => {
    const list = await people.member.browser.get(spaceHandPaths.list);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Besoin d’une interprète en espagnol');
    expect(list.text).not.toContain('secrète');
    const page = await people.member.browser.get(spaceHandPath(hand));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Amélie Autrice');
    expect(page.text).not.toContain(people.author.email);
    // Only the author and the OCs at its tables are offered "mark as resolved".
    expect(page.text).not.toContain(spaceHandActions.resolve(hand));
    expect((await people.oc.browser.get(spaceHandPath(hand))).text).toContain(spaceHandActions.resolve(hand));
    for (const who of [people.other, people.leaver]) expect((await who.browser.get(spaceHandPaths.list)).text).not.toContain('Besoin d’une interprète');
  });

  it('a stranger is sent to sign in from every page, and every form is refused before anything', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const path of [spaceHandPaths.list, spaceHandPaths.create, spaceHandPath(hand), spaceHandPaths.notices]) {
      const answer = await stranger.get(path);
      expect(answer.status, path).toBe(303);
      expect(answer.location, path).toBe(spacePaths.signIn);
    }
    for (const path of [spaceHandPaths.create, spaceHandActions.reply(hand), spaceHandActions.resolve(hand), spaceHandPaths.notices]) {
      expect((await stranger.post(path, { csrf: 'a'.repeat(64), locale: 'fr', text: 'piraté', ...handForm([tableA]) })).status, path).toBe(303);
    }
    expect(await strapi.db.query(handReplyUid).count({ where: { text: 'piraté' } })).toBe(0);
  });

  it('an ex-member, a member of another table and an unknown id get the same 404, and can neither reply nor resolve', async () => {
    const answers = new Set<string>();
    for (const who of [people.leaver, people.other]) {
      const csrf = await csrfOf(who.browser);
      const page = await who.browser.get(spaceHandPath(hand));
      expect(page.status).toBe(404);
      expect(page.text).not.toMatch(/interprète|Centre-Sud/);
      answers.add(page.text);
      for (const path of [spaceHandActions.reply(hand), spaceHandActions.resolve(hand)]) {
        const answer = await who.browser.post(path, { csrf, locale: 'fr', text: 'piraté' });
        expect(answer.status, path).toBe(404);
        answers.add(answer.text);
      }
    }
    answers.add((await people.member.browser.get(spaceHandPath('a'.repeat(24)))).text);
    answers.add((await people.member.browser.get(spaceHandPath(otherHand))).text);
    expect((await people.member.browser.get(spaceHandPath('..%2F..'))).status).toBe(404);
    expect(answers.size).toBe(1);
    expect(await strapi.db.query(handReplyUid).count({ where: { text: 'piraté' } })).toBe(0);
    const row = await strapi.db.query(handRequestUid).findOne({ where: { documentId: hand } });
    expect(row.requestStatus).toBe('open');
  });

  it('a plain member cannot mark it resolved (404); an OC at its table can', async () => {
    const mine = await createHandRequest(strapi, { author: people.author.documentId, tables: [tableA], title: 'Des chaises pliantes' });
    const refused = await people.member.browser.post(spaceHandActions.resolve(mine), { csrf: await csrfOf(people.member.browser), locale: 'fr' });
    expect(refused.status).toBe(404);
    expect((await strapi.db.query(handRequestUid).findOne({ where: { documentId: mine } })).requestStatus).toBe('open');
    const done = await people.oc.browser.post(spaceHandActions.resolve(mine), { csrf: await csrfOf(people.oc.browser), locale: 'fr' });
    expect(done.status).toBe(303);
    const row = await strapi.db.query(handRequestUid).findOne({ where: { documentId: mine } });
    expect(row.requestStatus).toBe('resolved');
    expect(row.resolvedAt).toBeTruthy();
    // A resolved request takes no more replies.
    await people.member.browser.post(spaceHandActions.reply(mine), { csrf: await csrfOf(people.member.browser), locale: 'fr', text: 'Trop tard ?' });
    expect(await strapi.db.query(handReplyUid).count({ where: { handRequest: { documentId: mine } } })).toBe(0);
  });

  it('a request goes only to tables its author sits at: another table in the form is refused in French', async () => {
    const page = await people.author.browser.get(spaceHandPaths.create);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Table Centre-Sud');
    expect(page.text).not.toContain('Hochelaga');
    const answer = await people.author.browser.post(spaceHandPaths.create, { ...hiddenFields(page.text, spaceHandPaths.create), ...handForm([tableB]), title: 'Vers une autre table' });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Un de vos choix n’est pas offert');
    expect(answer.text).toContain('Vers une autre table');
    expect(await strapi.db.query(handRequestUid).count({ where: { title: 'Vers une autre table' } })).toBe(0);
  });
});

describe('CSRF', () => {
  it('every form without the token, or with another session’s, is refused (403) and changes nothing', async () => {
    const { browser } = people.author;
    const othersToken = await csrfOf(people.member.browser);
    for (const csrf of [undefined, '', 'x', othersToken, 'f'.repeat(64)]) {
      for (const path of [spaceHandPaths.create, spaceHandActions.reply(hand), spaceHandActions.resolve(hand), spaceHandPaths.notices]) {
        const answer = await browser.post(path, { ...(csrf === undefined ? {} : { csrf }), locale: 'fr', ...handForm([tableA]), title: 'Forgée', text: 'forgé', mode: 'none' });
        expect(answer.status, `${path} ${csrf?.slice(0, 4)}`).toBe(403);
      }
    }
    expect(await strapi.db.query(handRequestUid).count({ where: { title: 'Forgée' } })).toBe(0);
    expect(await strapi.db.query(handReplyUid).count({ where: { text: 'forgé' } })).toBe(0);
    expect((await strapi.db.query(handRequestUid).findOne({ where: { documentId: hand } })).requestStatus).toBe('open');
    expect((await strapi.db.query(practitionerUid).findOne({ where: { documentId: people.author.documentId } })).noticeMode).toBe('immediate');
  });
});

describe('notices', () => {
  it('a new request tells, once, each member of its tables who chose "right away", by their channel, with a link and no contact details', async () => {
    await optOut(strapi, normalisePhone(people.texter.phone)!);
    const page = await people.author.browser.get(spaceHandPaths.create);
    const made = await people.author.browser.post(spaceHandPaths.create, { ...hiddenFields(page.text, spaceHandPaths.create), ...handForm([tableA]), title: 'Bénévoles pour la guignolée' });
    expect(made.status).toBe(303);
    const id = made.location!.split('/')[4]!;
    expect(made.location).toBe(spaceHandPath(id));
    const sent = messagesAbout('Bénévoles pour la guignolée');
    expect(sent.map((m) => m.to).sort()).toEqual([people.member.email, people.oc.email].sort());
    for (const m of sent) {
      expect(m.text).toContain(`/participer/espace/coups-de-main/${id}/`);
      expect(m.text).not.toContain(people.author.email);
      expect(m.text).not.toContain(normalisePhone(people.author.phone)!);
    }
    const queued = await strapi.db.query('api::participation.outbound-message').findMany({ where: { messageKind: 'space-hand', idempotencyKey: { $contains: id } } });
    expect(queued).toHaveLength(2);
  });

  it('a reply tells the author and earlier repliers, not the one replying, nor those who chose none or left', async () => {
    const id = await createHandRequest(strapi, { author: people.author.documentId, tables: [tableA], title: 'Un projecteur à prêter' });
    const reply = async (who: Who, text: string) => {
      const page = await people[who].browser.get(spaceHandPath(id));
      return people[who].browser.post(spaceHandActions.reply(id), { ...hiddenFields(page.text, spaceHandActions.reply(id)), text });
    };
    expect((await reply('member', 'J’en ai un, passez le prendre.')).status).toBe(303);
    expect((await reply('quiet', 'Moi aussi.')).status).toBe(303);
    expect((await reply('oc', 'Merci à vous deux !')).status).toBe(303);
    // member's reply → author; quiet's → author, member; oc's → author, member (quiet chose none).
    // Replies in a row fold (decision 0061): each is told once at once, the rest waits in one notice.
    await outboxSettled();
    const about = messagesAbout('Un projecteur à prêter').map((m) => m.to);
    expect(about.filter((to) => to === people.author.email)).toHaveLength(1);
    expect(about.filter((to) => to === people.member.email)).toHaveLength(1);
    expect(about).not.toContain(people.quiet.email);
    expect(about).not.toContain(people.oc.email);
    const page = await people.author.browser.get(spaceHandPath(id));
    expect(page.text).toContain('J’en ai un, passez le prendre.');
    expect(page.text.indexOf('J’en ai un')).toBeLessThan(page.text.indexOf('Merci à vous deux'));
  });

  it('a bad reply comes back with the text kept and a French error; never a 500', async () => {
    const page = await people.member.browser.get(spaceHandPath(hand));
    const csrf = hiddenFields(page.text, spaceHandActions.reply(hand)).csrf!;
    const empty = await people.member.browser.post(spaceHandActions.reply(hand), { csrf, locale: 'fr', text: '   ' });
    expect(empty.status).toBe(422);
    const long = 'x'.repeat(handRules.replyMax + 1);
    const tooLong = await people.member.browser.post(spaceHandActions.reply(hand), { csrf, locale: 'en', text: long });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('This text is too long');
    expect(tooLong.text).toContain(long);
  });

  it('"Mes avis" offers only the member’s own channels and refuses anything else', async () => {
    const { browser, documentId } = people.member;
    const page = await browser.get(spaceHandPaths.notices);
    expect(page.status).toBe(200);
    const csrf = hiddenFields(page.text, spaceHandPaths.notices).csrf!;
    expect((await browser.post(spaceHandPaths.notices, { csrf, locale: 'fr', mode: 'toujours', channel: 'email' })).status).toBe(422);
    expect((await browser.post(spaceHandPaths.notices, { csrf, locale: 'fr', mode: 'digest', channel: 'pigeon' })).status).toBe(422);
    const saved = await browser.post(spaceHandPaths.notices, { csrf, locale: 'en', mode: 'digest', channel: 'sms' });
    expect(saved.status).toBe(303);
    const row = await strapi.db.query(practitionerUid).findOne({ where: { documentId } });
    expect({ mode: row.noticeMode, channel: row.noticeChannel, language: row.noticeLanguage }).toEqual({ mode: 'digest', channel: 'sms', language: 'en' });
    await strapi.db.query(practitionerUid).update({ where: { documentId }, data: { noticeMode: 'immediate', noticeChannel: 'email', noticeLanguage: 'fr' } });
  });
});

describe('flooding', () => {
  it(`at most ${handRules.requestsPerDay} requests per member per day: past it, 429, nothing stored, nobody told`, async () => {
    const { browser, documentId } = people.member;
    const before = await strapi.db.query(handRequestUid).count({ where: { author: { documentId } } });
    for (let i = before; i < handRules.requestsPerDay; i++) await createHandRequest(strapi, { author: documentId, tables: [tableA], title: `Demande ${i}` });
    const page = await browser.get(spaceHandPaths.create);
    expect(page.status).toBe(429);
    const answer = await browser.post(spaceHandPaths.create, { csrf: await csrfOf(browser), locale: 'fr', ...handForm([tableA]), title: 'Une de trop' });
    expect(answer.status).toBe(429);
    expect(await strapi.db.query(handRequestUid).count({ where: { title: 'Une de trop' } })).toBe(0);
    expect(messagesAbout('Une de trop')).toEqual([]);
  });
});

describe('page budget', () => {
  it('the list, a request with its thread, the form and "Mes avis" stay under 14 KB brotli', async () => {
    const { browser } = people.oc;
    for (const path of [spaceHandPaths.list, spaceHandPath(hand), spaceHandPaths.create, spaceHandPaths.notices]) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(200);
      expect(brotliCompressSync(Buffer.from(page.text)).length, path).toBeLessThanOrEqual(14 * 1024);
    }
  });
});

describe('a request with many replies', () => {
  const perPage = handRules.repliesPerPage;
  const total = 2 * perPage + 5;
  let busy: string;
  // Long replies of ordinary words, each a little different: what a busy thread holds.
  const replyText = (i: number) => `Réponse numéro ${i}. ${Array.from({ length: 40 }, (_, w) => `Je peux aider le mardi ${i + w} avec ${w % 7} bénévoles et une camionnette.`).join(' ')}`.slice(0, handRules.replyMax);
  const pageOf = (page: string) => `${spaceHandPath(busy)}?page=${page}`;

  beforeAll(async () => {
    busy = await createHandRequest(strapi, { author: people.author.documentId, tables: [tableA], title: 'Déménagement du comptoir alimentaire', details: 'Samedi matin. '.repeat(140) });
    const start = Date.now() - 10 * 86_400_000;
    for (let i = 1; i <= total; i += 1) {
      await strapi.documents(handReplyUid).create({ data: { handRequest: busy, author: people.member.documentId, text: replyText(i), createdAtMs: start + i * 60_000 } as never });
    }
  });

  it(`shows the latest ${perPage} on its page, oldest first, and the older ones page by page, each page under 14 KB brotli`, async () => {
    const { browser } = people.oc;
    const first = await browser.get(spaceHandPath(busy));
    expect(first.status).toBe(200);
    expect(first.text).toContain('Réponse numéro 45.');
    expect(first.text).toContain(`Réponse numéro ${total - perPage + 1}.`);
    expect(first.text).not.toContain(`Réponse numéro ${total - perPage}.`);
    expect(first.text.indexOf(`Réponse numéro ${total - 1}.`)).toBeLessThan(first.text.indexOf(`Réponse numéro ${total}.`));
    expect(first.text).toContain(`href="${spaceHandPath(busy)}?page=2#reponses">Réponses plus anciennes</a>`);
    expect(first.text).not.toContain('Réponses plus récentes');
    expect(first.text).toContain(`action="${spaceHandActions.reply(busy)}"`);
    const second = await browser.get(pageOf('2'));
    expect(second.status).toBe(200);
    expect(second.text).toContain(`Réponse numéro ${total - perPage}.`);
    expect(second.text).toContain(`Réponse numéro ${total - 2 * perPage + 1}.`);
    expect(second.text).not.toContain(`Réponse numéro ${total - perPage + 1}.`);
    expect(second.text).toContain(`href="${spaceHandPath(busy)}?page=3#reponses">Réponses plus anciennes</a>`);
    expect(second.text).toContain(`href="${spaceHandPath(busy)}#reponses">Réponses plus récentes</a>`);
    // The reply form is where the latest replies are; an old page links there instead.
    expect(second.text).not.toContain(`action="${spaceHandActions.reply(busy)}"`);
    const last = await browser.get(`${pageOf('3')}&locale=en`);
    expect(last.text).toContain('Réponse numéro 1.');
    expect(last.text).toContain('Réponse numéro 5.');
    expect(last.text).not.toContain('Réponse numéro 6.');
    expect(last.text).not.toContain('Older replies');
    expect(last.text).toContain(`href="${spaceHandPath(busy)}?page=2&amp;locale=en#reponses">Newer replies</a>`);
    for (const path of [spaceHandPath(busy), pageOf('2'), pageOf('3')]) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(200);
      expect(brotliCompressSync(Buffer.from(page.text)).length, path).toBeLessThanOrEqual(14 * 1024);
    }
  });

  it('odd page numbers read as page 1, and pages past the end are empty pages, not errors', async () => {
    const { browser } = people.member;
    for (const page of ['0', '-1', 'abc', '1e9', '1.5', '999999', '2%00', '%27%20OR%201%3D1', '2&page=3']) {
      const answer = await browser.get(pageOf(page));
      expect(answer.status, page).toBe(200);
      if (page !== '2&page=3') expect(answer.text, page).toContain(`Réponse numéro ${total}.`);
    }
    const past = await browser.get(pageOf('400'));
    expect(past.status).toBe(200);
    expect(past.text).toContain('Pas de réponse sur cette page.');
    expect(past.text).not.toContain('Réponse numéro');
  });

  it('a stranger is sent to sign in from every page; an ex-member and a member of another table get the same 404 on every page', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    const answers = new Set<string>([(await people.member.browser.get(spaceHandPath('a'.repeat(24)))).text]);
    for (const page of ['2', '3', '400', 'abc']) {
      const refused = await stranger.get(pageOf(page));
      expect(refused.status, page).toBe(303);
      expect(refused.location, page).toBe(spacePaths.signIn);
      for (const who of [people.leaver, people.other]) {
        const answer = await who.browser.get(pageOf(page));
        expect(answer.status, page).toBe(404);
        expect(answer.text).not.toMatch(/Réponse numéro|comptoir/);
        answers.add(answer.text);
      }
    }
    expect(answers.size).toBe(1);
  });

  it('a new reply lands on the first page, after the others', async () => {
    const { browser } = people.member;
    const page = await browser.get(spaceHandPath(busy));
    const answer = await browser.post(spaceHandActions.reply(busy), { ...hiddenFields(page.text, spaceHandActions.reply(busy)), text: 'Réponse toute fraîche.' });
    expect(answer.status).toBe(303);
    const after = await browser.get(answer.location!);
    expect(after.text).toContain('Réponse toute fraîche.');
    expect(after.text.indexOf(`Réponse numéro ${total}.`)).toBeLessThan(after.text.indexOf('Réponse toute fraîche.'));
    expect(after.text).not.toContain(`Réponse numéro ${total - perPage + 1}.`);
  });
});

describe('requests are not public', () => {
  it('have no REST route and no GraphQL type, and every attribute is private', async () => {
    for (const plural of ['hand-requests', 'hand-replies']) {
      for (const path of [`/api/${plural}`, `/api/${plural}/1`, `/api/${plural}?populate=*`]) {
        const { status, body } = await api(app.baseUrl, path);
        expect(status, path).toBe(404);
        expect(JSON.stringify(body ?? '')).not.toContain('interprète');
      }
    }
    for (const query of ['{ handRequests { title details } }', '{ handReplies { text } }', 'mutation { createHandRequest(data: { title: "x" }) { documentId } }']) {
      const { status, errors, data } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
      expect(JSON.stringify(data ?? '')).not.toContain('interprète');
    }
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /handrequest|handreply/i.test(n))).toEqual([]);
    for (const uid of [handRequestUid, handReplyUid]) {
      const attributes = strapi.contentType(uid).attributes as Record<string, { private?: boolean }>;
      const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
      expect(own.length).toBeGreaterThan(0);
      for (const [name, attribute] of own) expect({ uid, name, private: attribute.private }).toEqual({ uid, name, private: true });
    }
  });
});
