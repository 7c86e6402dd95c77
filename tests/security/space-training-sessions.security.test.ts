import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spacePaths, spacePeerSessionActions, spacePeerSessionPath, spaceTrainingPaths } from '@passerelle/shared/participation';
import { outboxMessages, useTestOutbox } from '../support/participation.ts';
import { createReachableMember, createRoundTable, hiddenFields, practitionerUid, roundTableUid, signInByCode, SpaceBrowser, type SpaceAnswer } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Members-only peer training sessions, attacked. A seeded practitioner-only session must be absent
 * from every public reader: REST, GraphQL (queries and introspection), and the events that feed the
 * site, its calendars, feeds, SMS and phone answers (a session is not an event, so none of them can
 * meet it). In the space: a signed-out visitor, a member of another table and a member who left
 * the table learn nothing (the sign-in page, or the space's one 404, whether the session exists or
 * not); every form needs its CSRF token; a burst of registrations cannot pass the capacity nor give
 * one member two seats; a seat freed goes to the next on the waiting list, who is told.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

const sessionUid = 'api::practitioners.training-session';
const registrationUid = 'api::practitioners.training-session-registration';
const secretTitle = 'Séance confidentielle sur les textos payés de sa poche';

type Who = 'oc' | 'member' | 'other' | 'leaver';
const people = {} as Record<Who, { documentId: string; phone: string; email: string; browser: SpaceBrowser }>;
let tableA: string;
let tableOnly: string;
let forAll: string;

async function seedSession(data: { title: string; table?: string | null; capacity?: number | null; organizer?: string; startsInDays?: number }): Promise<string> {
  const starts = new Date(Date.now() + (data.startsInDays ?? 7) * 86_400_000);
  const tableRow = data.table ? ((await strapi.db.query(roundTableUid).findOne({ where: { documentId: data.table }, select: ['id'] })) as { id: number }) : null;
  const organizer = data.organizer ? ((await strapi.db.query(practitionerUid).findOne({ where: { documentId: data.organizer }, select: ['id'] })) as { id: number }) : null;
  const row = (await strapi.db.query(sessionUid).create({
    data: {
      title: data.title,
      description: 'Contenu réservé aux membres.',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
      place: 'Salle 2, 1000 rue Fictive',
      capacity: data.capacity ?? null,
      roundTable: tableRow?.id ?? null,
      organizer: organizer?.id ?? null,
    },
    select: ['documentId'],
  })) as { documentId: string };
  return row.documentId;
}

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const post = async (who: Who, action: string, fields: Record<string, string> = {}) => people[who].browser.post(action, { csrf: await csrfOf(people[who].browser), locale: 'fr', ...fields });

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  const oc = await createReachableMember(strapi, 'Odile Organisatrice', { spaceRole: 'oc' });
  const member = await createReachableMember(strapi, 'Marc Membre');
  const other = await createReachableMember(strapi, 'Xénia Ailleurs');
  const leaver = await createReachableMember(strapi, 'Léo Partant');
  tableA = await createRoundTable(strapi, { name: 'Table Rosemont', members: [oc, member, leaver].map((p) => p.documentId) });
  await createRoundTable(strapi, { name: 'Table Ahuntsic', members: [other.documentId] });
  tableOnly = await seedSession({ title: secretTitle, table: tableA, capacity: 10, organizer: oc.documentId });
  forAll = await seedSession({ title: 'Séance pour tous les membres', organizer: oc.documentId });
  for (const [key, p] of Object.entries({ oc, member, other, leaver })) people[key as Who] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  const leave = await post('leaver', `/participer/espace/tables/${tableA}/quitter`);
  expect(leave.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('a practitioner-only session reaches no public reader', () => {
  it('has no REST route, for the sessions or their registrations', async () => {
    for (const path of ['/api/training-sessions', `/api/training-sessions/${tableOnly}`, '/api/training-sessions?populate=*', '/api/training-session-registrations']) {
      const { status, body } = await api(app.baseUrl, path);
      expect(status, path).toBe(404);
      expect(JSON.stringify(body ?? '')).not.toContain('confidentielle');
    }
  });

  it('has no GraphQL type: queries fail and introspection names nothing of it', async () => {
    for (const query of ['{ trainingSessions { title } }', '{ trainingSessionRegistrations { seat } }', 'mutation { createTrainingSession(data: { title: "x" }) { documentId } }']) {
      const { status, errors, data } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
      expect(JSON.stringify(data ?? '')).not.toContain('confidentielle');
    }
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /trainingsession/i.test(n))).toEqual([]);
  });

  it('is not an event: the events of REST, GraphQL and the document service (what the build, feeds, SMS and phone read) do not hold it', async () => {
    const rest = await api(app.baseUrl, '/api/events?pagination[pageSize]=100&filters[title][$containsi]=confidentielle');
    expect(JSON.stringify(rest.body ?? '')).not.toContain(secretTitle);
    const gql = await graphql(app.baseUrl, '{ events(pagination: { pageSize: 100 }) { title } }');
    expect(JSON.stringify(gql.data ?? '')).not.toContain(secretTitle);
    for (const status of ['published', 'draft'] as const) {
      const docs = (await strapi.documents('api::event.event').findMany({ status, locale: '*', filters: { title: { $containsi: 'confidentielle' } } })) as unknown[];
      expect(docs).toEqual([]);
    }
    expect(await strapi.db.query('api::event.event').count({ where: { title: { $containsi: 'confidentielle' } } })).toBe(0);
  });

  it('is private in every attribute, and never a Public role action', async () => {
    for (const uid of [sessionUid, registrationUid]) {
      const attributes = strapi.contentType(uid).attributes as Record<string, { private?: boolean }>;
      const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
      expect(own.length).toBeGreaterThan(0);
      for (const [name, attribute] of own) expect({ uid, name, private: attribute.private }).toEqual({ uid, name, private: true });
    }
    const publicRole = (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' }, populate: { permissions: true } })) as { permissions: Array<{ action: string }> };
    expect(publicRole.permissions.filter((p) => p.action.includes('training-session'))).toEqual([]);
  });
});

describe('in the space, only those it is for see it', () => {
  const pagesOf = (id: string) => [spacePeerSessionPath(id), spacePeerSessionActions.ics(id)];

  it('members of the table see it on the training page and on its own page', async () => {
    const training = await people.member.browser.get(spaceTrainingPaths.list);
    expect(training.text).toContain('Séances entre pairs');
    expect(training.text).toContain(secretTitle);
    const page = await people.member.browser.get(spacePeerSessionPath(tableOnly));
    expect(page.status).toBe(200);
    expect(page.text).toContain(secretTitle);
    expect(page.text).toContain(`action="${spacePeerSessionActions.register(tableOnly)}"`);
    const ics = await people.member.browser.download(spacePeerSessionActions.ics(tableOnly));
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(ics.bytes.toString('utf8')).toContain('BEGIN:VEVENT');
  });

  it('a signed-out visitor gets the same answer for the session as for an unknown one: the sign-in page, nothing of it', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const id of [tableOnly, 'a'.repeat(24)]) {
      for (const path of pagesOf(id)) {
        const answer = await stranger.get(path);
        expect(answer.status, path).toBe(303);
        expect(answer.location, path).toBe(spacePaths.signIn);
        expect(answer.text).not.toContain('confidentielle');
      }
      const register = await stranger.post(spacePeerSessionActions.register(id), { csrf: 'a'.repeat(64), locale: 'fr' });
      expect(register.status).toBe(303);
    }
    expect(await strapi.db.query(registrationUid).count({})).toBe(0);
  });

  it('a member of another table and a member who left the table get the space’s one 404, for its page, its .ics and its registration', async () => {
    const answers = new Set<string>();
    for (const who of ['other', 'leaver'] as const) {
      expect((await people[who].browser.get(spaceTrainingPaths.list)).text).not.toContain(secretTitle);
      for (const path of pagesOf(tableOnly)) {
        const page = await people[who].browser.get(path);
        expect(page.status, `${who} ${path}`).toBe(404);
        expect(page.text).not.toContain('confidentielle');
        answers.add(page.text);
      }
      for (const action of [spacePeerSessionActions.register(tableOnly), spacePeerSessionActions.cancel(tableOnly)]) {
        const answer = await post(who, action);
        expect(answer.status, `${who} ${action}`).toBe(404);
        answers.add(answer.text);
      }
    }
    answers.add((await people.member.browser.get(spacePeerSessionPath('a'.repeat(24)))).text);
    answers.add((await post('member', spacePeerSessionActions.register('b'.repeat(24)))).text);
    expect((await people.member.browser.get(spacePeerSessionPath('..%2F..'))).status).toBe(404);
    expect(answers.size).toBe(1);
    expect(await strapi.db.query(registrationUid).count({})).toBe(0);
  });

  it('a session for every member is seen by a member of another table', async () => {
    expect((await people.other.browser.get(spacePeerSessionPath(forAll))).status).toBe(200);
  });

  it('only an OC announces a session: anyone else gets the 404, and nothing is made', async () => {
    expect((await people.member.browser.get(spacePeerSessionActions.newPage)).status).toBe(404);
    const forged = await post('member', spacePeerSessionActions.create, { title: 'Séance pirate', date: '2099-01-01', start: '10:00', end: '11:00', place: 'Ici' });
    expect(forged.status).toBe(404);
    expect(await strapi.db.query(sessionUid).count({ where: { title: 'Séance pirate' } })).toBe(0);
    expect((await people.member.browser.get(spaceTrainingPaths.list)).text).not.toContain(spacePeerSessionActions.newPage);
  });

  it('an OC cannot aim a session at a table they do not sit at', async () => {
    const other = (await strapi.db.query(roundTableUid).findOne({ where: { name: 'Table Ahuntsic' }, select: ['documentId'] })) as { documentId: string };
    const answer = await post('oc', spacePeerSessionActions.create, { title: 'Séance détournée', date: '2099-01-01', start: '10:00', end: '11:00', place: 'Ici', audience: other.documentId });
    expect(answer.status).toBe(422);
    expect(await strapi.db.query(sessionUid).count({ where: { title: 'Séance détournée' } })).toBe(0);
  });
});

describe('every form needs its CSRF token', () => {
  it('announcing, registering and cancelling without or with a wrong token: 403, nothing done', async () => {
    const forms: Array<[string, Record<string, string>]> = [
      [spacePeerSessionActions.create, { title: 'Séance sans jeton', date: '2099-01-01', start: '10:00', end: '11:00', place: 'Ici' }],
      [spacePeerSessionActions.register(forAll), {}],
      [spacePeerSessionActions.cancel(forAll), {}],
    ];
    for (const [action, fields] of forms) {
      for (const csrf of [undefined, 'x'.repeat(64)]) {
        const answer = await people.oc.browser.post(action, { locale: 'fr', ...fields, ...(csrf ? { csrf } : {}) });
        expect(answer.status, `${action} ${csrf ?? 'none'}`).toBe(403);
      }
    }
    expect(await strapi.db.query(sessionUid).count({ where: { title: 'Séance sans jeton' } })).toBe(0);
    expect(await strapi.db.query(registrationUid).count({})).toBe(0);
  });
});

describe('the announcement form refuses bad input in French, values kept, never a 500', () => {
  it('markup stays inert, errors are listed, the values come back', async () => {
    const answer = await post('oc', spacePeerSessionActions.create, { title: '<script>alert(1)</script>', description: 'Texte gardé', date: '2099-02-30', start: '25:00', end: '10:00', place: '', callIn: '', capacity: '0' });
    expect(answer.status).toBe(422);
    expect(answer.text).not.toContain('<script>alert(1)</script>');
    expect(answer.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(answer.text).toContain('Texte gardé');
    expect(answer.text).toContain('Écrivez le lieu');
    expect(answer.text).toContain('Écrivez un nombre de places de 1 à 500');
    const past = await post('oc', spacePeerSessionActions.create, { title: 'Séance d’hier', date: '2001-01-01', start: '10:00', end: '11:00', place: 'Ici' });
    expect(past.status).toBe(422);
    expect(past.text).toContain('Choisissez une date et une heure à venir.');
  });

  it('a good announcement for the OC’s table is made, and seen only by that table', async () => {
    const made = await post('oc', spacePeerSessionActions.create, { title: 'Atelier entre pairs', date: '2099-03-10', start: '13:30', end: '15:00', callIn: '514 555-0199, code 1234', capacity: '2', audience: tableA });
    expect(made.status).toBe(303);
    const id = /\/seances\/([a-z0-9]{24})\//.exec(made.location ?? '')?.[1];
    expect(id).toBeDefined();
    expect((await people.member.browser.get(spacePeerSessionPath(id!))).text).toContain('Atelier entre pairs');
    expect((await people.other.browser.get(spacePeerSessionPath(id!))).status).toBe(404);
  });
});

describe('seats hold under bursts, and a freed seat goes to the next one', () => {
  let burstSession: string;
  const crowd: Array<{ documentId: string; email: string; browser: SpaceBrowser }> = [];

  beforeAll(async () => {
    burstSession = await seedSession({ title: 'Séance à places comptées', capacity: 2, organizer: people.oc.documentId });
    for (let i = 0; i < 5; i += 1) {
      const p = await createReachableMember(strapi, `Rafale ${i}`);
      crowd.push({ documentId: p.documentId, email: p.email, browser: await signInByCode(app.baseUrl, outbox, p.phone) });
    }
  });

  it('five members registering at once: two seats, three on the waiting list', async () => {
    const ready = await Promise.all(crowd.map(async (c) => ({ c, csrf: await csrfOf(c.browser) })));
    const answers = await Promise.all(ready.map(({ c, csrf }) => c.browser.post(spacePeerSessionActions.register(burstSession), { csrf, locale: 'fr' })));
    expect(answers.map((a: SpaceAnswer) => a.status)).toEqual([303, 303, 303, 303, 303]);
    const rows = (await strapi.db.query(registrationUid).findMany({ where: { session: { documentId: burstSession } }, select: ['id', 'seat'] })) as Array<{ seat: string }>;
    expect(rows.filter((r) => r.seat === 'confirmed')).toHaveLength(2);
    expect(rows.filter((r) => r.seat === 'waitlisted')).toHaveLength(3);
  });

  it('one member posting five times at once gets one place', async () => {
    const one = crowd[0]!;
    const csrf = await csrfOf(one.browser);
    await Promise.all(Array.from({ length: 5 }, () => one.browser.post(spacePeerSessionActions.register(burstSession), { csrf, locale: 'fr' })));
    expect(await strapi.db.query(registrationUid).count({ where: { session: { documentId: burstSession }, member: { documentId: one.documentId } } })).toBe(1);
  });

  it('the OC sees the names registered, never their contact details; a member sees neither', async () => {
    const page = await people.oc.browser.get(spacePeerSessionPath(burstSession));
    expect(page.text).toContain('Personnes inscrites');
    for (const c of crowd) expect(page.text).not.toContain(c.email);
    expect(page.text).toMatch(/Rafale \d/);
    const seen = await crowd[0]!.browser.get(spacePeerSessionPath(burstSession));
    expect(seen.text).not.toContain('Personnes inscrites');
  });

  it('a confirmed member cancels: the oldest on the waiting list gets the seat and is told by email', async () => {
    const seated = (await strapi.db.query(registrationUid).findMany({ where: { session: { documentId: burstSession } }, populate: { member: { select: ['documentId'] } }, orderBy: [{ createdAtMs: 'asc' }, { id: 'asc' }] })) as Array<{ seat: string; member: { documentId: string } }>;
    const leaving = crowd.find((c) => c.documentId === seated.find((r) => r.seat === 'confirmed')!.member.documentId)!;
    const next = crowd.find((c) => c.documentId === seated.find((r) => r.seat === 'waitlisted')!.member.documentId)!;
    const cancel = await leaving.browser.post(spacePeerSessionActions.cancel(burstSession), { csrf: await csrfOf(leaving.browser), locale: 'fr' });
    expect(cancel.status).toBe(303);
    const rows = (await strapi.db.query(registrationUid).findMany({ where: { session: { documentId: burstSession } }, populate: { member: { select: ['documentId'] } } })) as Array<{ seat: string; member: { documentId: string } }>;
    expect(rows.filter((r) => r.seat === 'confirmed').map((r) => r.member.documentId)).toContain(next.documentId);
    expect(rows.filter((r) => r.seat === 'confirmed')).toHaveLength(2);
    expect(rows.some((r) => r.member.documentId === leaving.documentId)).toBe(false);
    const told = outboxMessages(outbox).filter((m) => m.to === next.email);
    expect(told.at(-1)?.subject).toContain('Une place pour vous');
    expect(told.at(-1)?.text).toContain(spacePeerSessionPath(burstSession));
    expect(outboxMessages(outbox).filter((m) => m.to === leaving.email && m.subject?.includes('Une place pour vous'))).toEqual([]);
  });
});

describe('Law 25: the member’s export and erasure', () => {
  it('the export lists their places; the erasure deletes them and gives the seat to the next one', async () => {
    const { exportPersonData, deletePersonData } = await import('../../cms/src/participation/person-data.ts');
    const session = await seedSession({ title: 'Séance à une place', capacity: 1, organizer: people.oc.documentId });
    const member = people.member;
    await post('member', spacePeerSessionActions.register(session));
    await post('other', spacePeerSessionActions.register(session));
    const exported = await exportPersonData(strapi, member.email);
    const record = exported.records.find((r) => r.kind === 'practitioner') as Record<string, unknown>;
    expect(String(record.peerSessionSeats)).toContain('[confirmed]');
    expect(String(record.peerSessionSeats)).toContain('Séance à une place');
    await deletePersonData(strapi, member.email);
    const rows = (await strapi.db.query(registrationUid).findMany({ where: { session: { documentId: session } }, populate: { member: { select: ['documentId'] } } })) as Array<{ seat: string; member: { documentId: string } | null }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seat: 'confirmed', member: { documentId: people.other.documentId } });
  });
});

describe('retention', () => {
  it('deletes a session with its registrations once its period after the end is over, and keeps one still recent', async () => {
    const { applyRetention } = await import('../../cms/src/participation/retention.ts');
    const old = await seedSession({ title: 'Séance d’il y a longtemps', startsInDays: -400, organizer: people.oc.documentId });
    const recent = await seedSession({ title: 'Séance du mois dernier', startsInDays: -30, organizer: people.oc.documentId });
    for (const id of [old, recent]) {
      const session = (await strapi.db.query(sessionUid).findOne({ where: { documentId: id }, select: ['id'] })) as { id: number };
      const member = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: people.other.documentId }, select: ['id'] })) as { id: number };
      await strapi.db.query(registrationUid).create({ data: { session: session.id, member: member.id, seat: 'confirmed', createdAtMs: Date.now() - 400 * 86_400_000 } });
    }
    const report = await applyRetention(strapi);
    expect(report.peerSessionsErased).toBeGreaterThanOrEqual(1);
    expect(await strapi.db.query(sessionUid).count({ where: { documentId: old } })).toBe(0);
    expect(await strapi.db.query(registrationUid).count({ where: { session: { documentId: old } } })).toBe(0);
    expect(await strapi.db.query(sessionUid).count({ where: { documentId: recent } })).toBe(1);
    expect(await strapi.db.query(registrationUid).count({ where: { session: { documentId: recent } } })).toBe(1);
  });
});
