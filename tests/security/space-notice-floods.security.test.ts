import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone, peerChangedMessage, spaceHandActions, spaceHandPath, spaceMeetingActions, spaceMeetingPath, spacePaths, spacePeerSessionActions, spacePeerSessionPath, spaceTablePath, spaceThreadActions } from '@passerelle/shared/participation';
import { recipientHash } from '../../cms/src/participation/messages/send.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createMeeting, createReachableMember, createRoundTable, hiddenFields, meetingUid, practitionerUid, roundTableUid, signInByCode, SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * "Flood someone through our texts", tried from inside the practitioners' space (decision 0061).
 * An OC account, careless or taken over, changes a peer session again and again; members post
 * message after message in a discussion, or reply after reply to a request for a hand. Each of
 * those tells people by text. Whatever the burst, one person hears of one item at once, then at
 * most once more per fold window with the latest details, and at most
 * SPACE_NOTICES_PER_ITEM_PER_DAY (3) times in 24 hours; the OC is told plainly, in French or
 * English, when people will not be texted again today. A cancellation takes the place of a
 * change notice still waiting. A meeting's agenda, sent by hand, goes out in at most 3 versions a
 * day. Real routes, CSRF and all; the texts read from the test outbox.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

const outboxUid = 'api::participation.outbound-message';
const sessionUid = 'api::practitioners.training-session';
const perDay = 3;

type Who = 'oc' | 'ana' | 'bob' | 'cleo' | 'dan' | 'eve';
const people = {} as Record<Who, { documentId: string; phone: string; email: string; browser: SpaceBrowser }>;
let table: string;

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const post = async (who: Who, action: string, fields: Record<string, string> = {}) => people[who].browser.post(action, { csrf: await csrfOf(people[who].browser), locale: 'fr', ...fields });

/** The notices of this kind queued to this person (by their number), superseded ones left out: what will reach, or reached, their phone. */
async function queuedTo(kind: string, who: Who, about: string): Promise<Array<{ deliveryStatus: string; body: string | null }>> {
  const rows = (await strapi.db.query(outboxUid).findMany({
    where: { messageKind: kind, recipientHash: recipientHash('sms', normalisePhone(people[who].phone)!), deliveryStatus: { $ne: 'superseded' } },
    select: ['deliveryStatus', 'body', 'idempotencyKey'],
  })) as Array<{ deliveryStatus: string; body: string | null; idempotencyKey: string }>;
  return rows.filter((r) => r.idempotencyKey.includes(about) || (r.body ?? '').includes(about));
}
/** The texts that reached this person's phone whose words hold `about` (a page's path). */
const textsTo = (who: Who, about: string) => outboxMessages(outbox).filter((m) => m.channel === 'sms' && m.to === normalisePhone(people[who].phone) && m.text.includes(about));
/** As if the fold window had passed: every notice held back becomes due, and the worker sends it. */
async function windowPasses(): Promise<void> {
  await strapi.db.query(outboxUid).updateMany({ where: { deliveryStatus: 'pending' }, data: { nextAttemptAtMs: Date.now() } });
  await outboxSettled();
}

async function seedSession(title: string): Promise<string> {
  const starts = new Date(Date.now() + 7 * 86_400_000);
  const tableRow = (await strapi.db.query(roundTableUid).findOne({ where: { documentId: table }, select: ['id'] })) as { id: number };
  const organizer = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: people.oc.documentId }, select: ['id'] })) as { id: number };
  const row = (await strapi.db.query(sessionUid).create({
    data: { title, startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(), place: 'Salle 2', capacity: null, roundTable: tableRow.id, organizer: organizer.id, sequence: 0 },
    select: ['documentId'],
  })) as { documentId: string };
  return row.documentId;
}
const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
const moveTo = (h: number) => ({ title: 'Atelier pris d’assaut', description: '', date: '2099-04-02', start: hour(h), end: hour(h + 1), place: 'Salle 2', callIn: '', capacity: '' });
/** What the change text says of the session as it is stored now: its title and new date. */
async function latestWords(sessionId: string): Promise<string> {
  const row = (await strapi.db.query(sessionUid).findOne({ where: { documentId: sessionId }, select: ['title', 'startsAt', 'endsAt'] })) as { title: string; startsAt: string; endsAt: string };
  const sms = peerChangedMessage('fr', { name: '', title: row.title, startsAt: new Date(row.startsAt).toISOString(), endsAt: new Date(row.endsAt).toISOString(), link: 'LIEN' }).sms;
  return sms.slice(0, sms.indexOf('LIEN')).replace(/\s*Détails\s*:\s*$/, '');
}

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false', OUTBOX_POLL_MS: '50' } });
  strapi = app.strapi;
  const names: Record<Who, string> = { oc: 'Odile Organisatrice', ana: 'Ana Texto', bob: 'Bob Texto', cleo: 'Cléo Texto', dan: 'Dan Texto', eve: 'Ève Texto' };
  for (const [who, name] of Object.entries(names) as Array<[Who, string]>) {
    const p = await createReachableMember(strapi, name, who === 'oc' ? { spaceRole: 'oc', noticeMode: 'immediate', noticeChannel: 'sms' } : { noticeMode: 'immediate', noticeChannel: 'sms' });
    people[who] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  }
  table = await createRoundTable(strapi, { name: 'Table Saint-Michel', members: Object.values(people).map((p) => p.documentId) });
});

afterAll(async () => {
  await app?.stop();
});

describe('a peer session changed again and again', () => {
  let session: string;
  const onIt: Who[] = ['ana', 'bob'];

  beforeAll(async () => {
    session = await seedSession('Atelier pris d’assaut');
    for (const who of onIt) expect((await post(who, spacePeerSessionActions.register(session))).status).toBe(303);
  });

  it('twelve changes in a row: each person is texted once now, and one more notice waits, holding the latest date', async () => {
    for (let i = 0; i < 12; i += 1) expect((await post('oc', spacePeerSessionActions.edit(session), moveTo(8 + i))).status).toBe(303);
    await outboxSettled();
    const latest = await latestWords(session);
    for (const who of onIt) {
      const queued = await queuedTo('space-peer-changed', who, session);
      expect(queued.length, who).toBeLessThanOrEqual(2);
      expect(queued.filter((r) => r.deliveryStatus === 'pending'), who).toHaveLength(queued.length - textsTo(who, spacePeerSessionPath(session)).length);
      expect(textsTo(who, spacePeerSessionPath(session)).length, who).toBeLessThanOrEqual(1);
    }
    await windowPasses();
    for (const who of onIt) {
      const texts = textsTo(who, spacePeerSessionPath(session));
      expect(texts.length, who).toBeGreaterThanOrEqual(1);
      expect(texts.length, who).toBeLessThanOrEqual(2);
      expect(texts.at(-1)!.text, who).toContain(latest);
    }
  });

  it(`past ${perDay} notices in a day nobody is texted again, and the OC is told so plainly, in French and in English`, async () => {
    let hourNow = 8;
    // Change after change, each time once the window has passed, until the day's notices are spent.
    for (let round = 0; round < perDay; round += 1) {
      const answer = await post('oc', spacePeerSessionActions.edit(session), moveTo((hourNow += 1)));
      if (answer.status === 200) break;
      expect(answer.status).toBe(303);
      await windowPasses();
    }
    for (const who of onIt) expect(textsTo(who, spacePeerSessionPath(session)), who).toHaveLength(perDay);
    const untold = await post('oc', spacePeerSessionActions.edit(session), moveTo(20));
    expect(untold.status).toBe(200);
    expect(untold.text).toContain('Changement enregistré');
    expect(untold.text).toContain(`ont déjà reçu ${perDay} avis aujourd’hui`);
    expect(untold.text).toContain('nous ne les prévenons plus aujourd’hui');
    expect(untold.text).toContain(`href="${spacePeerSessionPath(session)}"`);
    const english = await people.oc.browser.post(`${spacePeerSessionActions.edit(session)}?locale=en`, { csrf: await csrfOf(people.oc.browser), locale: 'en', ...moveTo(21) });
    expect(english.status).toBe(200);
    expect(english.text).toContain('we will not tell them again today');
    // The change itself is saved: the page and the calendar say the new time.
    expect(((await strapi.db.query(sessionUid).findOne({ where: { documentId: session }, select: ['startsAt'] })) as { startsAt: string }).startsAt).toBe(new Date('2099-04-02T21:00:00-04:00').toISOString());
    await windowPasses();
    for (const who of onIt) {
      expect(await queuedTo('space-peer-changed', who, session), who).toHaveLength(perDay);
      expect(textsTo(who, spacePeerSessionPath(session)), who).toHaveLength(perDay);
    }
  });

  it('a cancellation takes the place of a change notice still waiting: "moved", then "cancelled", never a stale "moved" after it', async () => {
    const other = await seedSession('Atelier annulé vite');
    expect((await post('cleo', spacePeerSessionActions.register(other))).status).toBe(303);
    expect((await post('oc', spacePeerSessionActions.edit(other), moveTo(10))).status).toBe(303);
    await outboxSettled();
    expect((await post('oc', spacePeerSessionActions.edit(other), moveTo(11))).status).toBe(303);
    expect((await queuedTo('space-peer-changed', 'cleo', other)).filter((r) => r.deliveryStatus === 'pending')).toHaveLength(1);
    expect((await post('oc', spacePeerSessionActions.cancelSession(other))).status).toBe(303);
    expect((await queuedTo('space-peer-changed', 'cleo', other)).filter((r) => r.deliveryStatus === 'pending')).toHaveLength(0);
    await windowPasses();
    const texts = textsTo('cleo', spacePeerSessionPath(other));
    expect(texts).toHaveLength(2);
    expect(texts.at(-1)!.text).toContain('annulée');
  });
});

describe('a discussion flooded with messages', () => {
  const readers: Who[] = ['ana', 'bob', 'cleo', 'eve'];

  it('twenty messages in a row from one member: each other member is texted once, and one more notice waits', async () => {
    const path = spaceTablePath(table);
    for (let i = 0; i < 20; i += 1) expect((await post('dan', spaceThreadActions.table(table), { text: `Message ${i}` })).status).toBe(303);
    await outboxSettled();
    for (const who of readers) {
      expect(textsTo(who, path), who).toHaveLength(1);
      expect((await queuedTo('space-thread', who, `table-${table}`)).length, who).toBeLessThanOrEqual(2);
    }
  });

  it(`several members taking turns change nothing; past ${perDay} notices in a day, nobody is texted about it again`, async () => {
    const path = spaceTablePath(table);
    for (let round = 0; round < perDay + 1; round += 1) {
      for (const who of ['ana', 'bob', 'cleo'] as Who[]) expect((await post(who, spaceThreadActions.table(table), { text: `Tour ${round}` })).status).toBe(303);
      await windowPasses();
    }
    for (const who of ['dan', 'eve'] as Who[]) {
      expect(textsTo(who, path).length, who).toBeLessThanOrEqual(perDay);
      expect((await queuedTo('space-thread', who, `table-${table}`)).length, who).toBeLessThanOrEqual(perDay);
    }
    expect(textsTo('eve', path)).toHaveLength(perDay);
  });
});

describe('a request for a hand flooded with replies', () => {
  it('replies from three members in a row: the author is texted once now, at most once more later', async () => {
    const hand = await createHandRequest(strapi, { author: people.eve.documentId, tables: [table], title: 'Une rallonge électrique' });
    const path = spaceHandPath(hand);
    for (let i = 0; i < 4; i += 1) {
      for (const who of ['ana', 'bob', 'cleo'] as Who[]) {
        const page = await people[who].browser.get(path);
        expect((await people[who].browser.post(spaceHandActions.reply(hand), { ...hiddenFields(page.text, spaceHandActions.reply(hand)), text: `Réponse ${i}` })).status).toBe(303);
      }
    }
    await outboxSettled();
    expect(textsTo('eve', path)).toHaveLength(1);
    expect((await queuedTo('space-hand-reply', 'eve', hand)).length).toBeLessThanOrEqual(2);
    await windowPasses();
    expect(textsTo('eve', path).length).toBeLessThanOrEqual(2);
  });
});

describe('a meeting\'s agenda changed and sent again and again', () => {
  it(`at most ${perDay} versions in 24 hours: the next is refused in French, and nobody gets it`, async () => {
    const meeting = await createMeeting(strapi, table, { title: 'Rencontre de décembre', startsInDays: 5, agenda: 'Point 0' });
    const path = spaceMeetingPath(meeting);
    // A new version each time, the 10 minutes between two sends taken as passed.
    const newVersion = (i: number) => strapi.db.query(meetingUid).updateMany({ where: { documentId: meeting }, data: { agenda: `Point ${i}`, agendaSentAtMs: Date.now() - 11 * 60_000 } });
    for (let i = 0; i < perDay; i += 1) {
      if (i > 0) await newVersion(i);
      expect((await post('oc', spaceMeetingActions.sendAgenda(meeting))).status).toBe(303);
    }
    await newVersion(99);
    const refused = await post('oc', spaceMeetingActions.sendAgenda(meeting));
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Assez d’envois pour aujourd’hui');
    expect(refused.text).toContain(`déjà reçu ${perDay} versions en 24 heures`);
    await outboxSettled();
    const reached = (who: Who) => outboxMessages(outbox).filter((m) => (m.to === people[who].email || m.to === normalisePhone(people[who].phone)) && m.text.includes(path));
    for (const who of ['ana', 'bob', 'eve'] as Who[]) {
      expect(reached(who), who).toHaveLength(perDay);
      expect(reached(who).some((m) => m.text.includes('Point 99')), who).toBe(false);
    }
  });
});
