import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spacePaths, spacePeerSessionActions, spacePeerSessionPath } from '@passerelle/shared/participation';
import { outboxMessages, useTestOutbox, type OutboxMessage } from '../support/participation.ts';
import { createReachableMember, createRoundTable, hiddenFields, practitionerUid, roundTableUid, signInByCode, SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Changing and cancelling a members-only peer session, attacked. Only an OC who may announce the
 * session (for every member, or for a table they sit at) or the OC who announced it may open or
 * post its change and cancel forms: a member who is not an OC, an OC of another table, an OC who
 * left the table and an unknown id all get the space's one 404, and nothing changes; a signed-out
 * or deactivated member gets the sign-in page. Every form needs its CSRF token. Lowering the
 * capacity under the seats taken is refused, never dropping anyone. A new date or place tells each
 * person registered or waiting once, with nothing of anyone else; a cancelled session refuses
 * registrations and a second cancel tells nobody twice; a session deleted in the admin tells them too.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

const sessionUid = 'api::practitioners.training-session';
const registrationUid = 'api::practitioners.training-session-registration';
const outboxUid = 'api::participation.outbound-message';

type Who = 'oc' | 'coOc' | 'farOc' | 'leaverOc' | 'formerOc' | 'member' | 'ana' | 'bob' | 'cleo';
const people = {} as Record<Who, { documentId: string; phone: string; email: string; name: string; browser: SpaceBrowser }>;
let tableA: string;

async function seedSession(data: { title: string; table?: string | null; capacity?: number | null; organizer?: string }): Promise<string> {
  const starts = new Date(Date.now() + 7 * 86_400_000);
  const tableRow = data.table ? ((await strapi.db.query(roundTableUid).findOne({ where: { documentId: data.table }, select: ['id'] })) as { id: number }) : null;
  const organizer = data.organizer ? ((await strapi.db.query(practitionerUid).findOne({ where: { documentId: data.organizer }, select: ['id'] })) as { id: number }) : null;
  const row = (await strapi.db.query(sessionUid).create({
    data: {
      title: data.title,
      description: 'Contenu réservé aux membres.',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
      place: 'Salle 2, 1000 rue Fictive',
      callIn: '514 555-0142, code 9876',
      capacity: data.capacity ?? null,
      roundTable: tableRow?.id ?? null,
      organizer: organizer?.id ?? null,
      sequence: 0,
    },
    select: ['documentId'],
  })) as { documentId: string };
  return row.documentId;
}

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const post = async (who: Who, action: string, fields: Record<string, string> = {}) => people[who].browser.post(action, { csrf: await csrfOf(people[who].browser), locale: 'fr', ...fields });
const stored = async (id: string) =>
  (await strapi.db.query(sessionUid).findOne({ where: { documentId: id }, select: ['title', 'place', 'capacity', 'startsAt', 'cancelledAt', 'sequence'] })) as { title: string; place: string; capacity: number | null; startsAt: string; cancelledAt: string | null; sequence: number | null } | null;
/** The outbox rows queued about a session (one per message, whatever became of it since). */
const notices = async (kind: string, sessionId: string) =>
  (await strapi.db.query(outboxUid).findMany({ where: { messageKind: kind, idempotencyKey: { $contains: sessionId } }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>;
/** The messages delivered about a session whose subject holds `subject`, once `count` of them arrived (the outbox delivers after the commit). */
async function delivered(sessionId: string, subject: string, count: number): Promise<OutboxMessage[]> {
  const about = () => outboxMessages(outbox).filter((m) => m.text.includes(spacePeerSessionPath(sessionId)) && (m.subject ?? '').includes(subject));
  for (let i = 0; i < 100 && about().length < count; i += 1) await new Promise((r) => setTimeout(r, 100));
  return about();
}
const seatsOf = async (id: string) =>
  (await strapi.db.query(registrationUid).findMany({ where: { session: { documentId: id } }, populate: { member: { select: ['documentId'] } }, orderBy: [{ createdAtMs: 'asc' }, { id: 'asc' }] })) as Array<{ seat: string; member: { documentId: string } }>;
const editFields = (over: Record<string, string> = {}) => ({ title: 'Atelier changé', description: 'Nouveau texte', date: '2099-04-02', start: '18:00', end: '20:00', place: 'Salle 5, 2000 rue Fictive', callIn: '', capacity: '', ...over });

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  const names: Record<Who, [string, string | undefined]> = {
    oc: ['Odile Organisatrice', 'oc'],
    coOc: ['Colette Coanimatrice', 'oc'],
    farOc: ['Fanny Lointaine', 'oc'],
    leaverOc: ['Léon Parti', 'oc'],
    formerOc: ['Frida Ancienne', 'oc'],
    member: ['Marc Membre', undefined],
    ana: ['Ana Inscrite', undefined],
    bob: ['Bob Inscrit', undefined],
    cleo: ['Cléo Attente', undefined],
  };
  for (const [who, [name, spaceRole]] of Object.entries(names) as Array<[Who, [string, string | undefined]]>) {
    const p = await createReachableMember(strapi, name, spaceRole ? { spaceRole } : {});
    people[who] = { ...p, name, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  }
  tableA = await createRoundTable(strapi, { name: 'Table Rosemont', members: (['oc', 'coOc', 'leaverOc', 'formerOc', 'member', 'ana', 'bob', 'cleo'] as Who[]).map((w) => people[w].documentId) });
  await createRoundTable(strapi, { name: 'Table Ahuntsic', members: [people.farOc.documentId] });
  expect((await post('leaverOc', `/participer/espace/tables/${tableA}/quitter`)).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('only the OCs who may announce a session change or cancel it', () => {
  let tableOnly: string;
  let forAll: string;

  beforeAll(async () => {
    tableOnly = await seedSession({ title: 'Séance de la table', table: tableA, capacity: 10, organizer: people.oc.documentId });
    forAll = await seedSession({ title: 'Séance pour tous', organizer: people.oc.documentId });
  });

  it('a member who is not an OC, an OC of another table, an OC who left the table, and an unknown id: the one 404, for GET and POST, nothing changed', async () => {
    const answers = new Set<string>();
    const attempts: Array<[Who, string]> = [
      ['member', tableOnly],
      ['member', forAll],
      ['farOc', tableOnly],
      ['leaverOc', tableOnly],
      ['oc', 'a'.repeat(24)],
    ];
    for (const [who, id] of attempts) {
      for (const path of [spacePeerSessionActions.edit(id), spacePeerSessionActions.cancelSession(id)]) {
        const page = await people[who].browser.get(path);
        expect(page.status, `${who} GET ${path}`).toBe(404);
        expect(page.text).not.toContain('Séance de la table');
        answers.add(page.text);
      }
      const edit = await post(who, spacePeerSessionActions.edit(id), editFields({ title: 'Séance détournée' }));
      expect(edit.status, `${who} POST edit ${id}`).toBe(404);
      answers.add(edit.text);
      const cancel = await post(who, spacePeerSessionActions.cancelSession(id));
      expect(cancel.status, `${who} POST cancel ${id}`).toBe(404);
      answers.add(cancel.text);
    }
    expect(answers.size).toBe(1);
    for (const id of [tableOnly, forAll]) expect(await stored(id)).toMatchObject({ cancelledAt: null, place: 'Salle 2, 1000 rue Fictive' });
    expect(await strapi.db.query(sessionUid).count({ where: { title: 'Séance détournée' } })).toBe(0);
  });

  it('a signed-out visitor and a deactivated OC get the sign-in page, and nothing changes', async () => {
    await strapi.db.query(practitionerUid).update({ where: { documentId: people.formerOc.documentId }, data: { active: false } });
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const browser of [stranger, people.formerOc.browser]) {
      for (const path of [spacePeerSessionActions.edit(tableOnly), spacePeerSessionActions.cancelSession(tableOnly)]) {
        const page = await browser.get(path);
        expect(page.status, path).toBe(303);
        expect(page.location, path).toBe(spacePaths.signIn);
        const posted = await browser.post(path, { csrf: 'a'.repeat(64), locale: 'fr', ...editFields({ title: 'Séance détournée' }) });
        expect([303, 403], path).toContain(posted.status);
      }
    }
    expect(await stored(tableOnly)).toMatchObject({ title: 'Séance de la table', cancelledAt: null });
  });

  it('another OC of the table may open the change form, pre-filled; any OC may for a session for every member; the page links them only for those', async () => {
    const form = await people.coOc.browser.get(spacePeerSessionActions.edit(tableOnly));
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Séance de la table"');
    expect(form.text).toContain('value="10"');
    expect(form.text).not.toContain('name="audience"');
    expect((await people.farOc.browser.get(spacePeerSessionActions.edit(forAll))).status).toBe(200);
    expect((await people.farOc.browser.get(spacePeerSessionActions.cancelSession(forAll))).status).toBe(200);
    expect((await people.coOc.browser.get(spacePeerSessionPath(tableOnly))).text).toContain(`href="${spacePeerSessionActions.edit(tableOnly)}"`);
    expect((await people.member.browser.get(spacePeerSessionPath(tableOnly))).text).not.toContain(spacePeerSessionActions.edit(tableOnly));
  });

  it('the change and cancel forms need their CSRF token: 403, nothing done', async () => {
    for (const action of [spacePeerSessionActions.edit(tableOnly), spacePeerSessionActions.cancelSession(tableOnly)]) {
      for (const csrf of [undefined, 'x'.repeat(64)]) {
        const answer = await people.oc.browser.post(action, { locale: 'fr', ...editFields({ title: 'Séance sans jeton' }), ...(csrf ? { csrf } : {}) });
        expect(answer.status, `${action} ${csrf ?? 'none'}`).toBe(403);
      }
    }
    expect(await stored(tableOnly)).toMatchObject({ title: 'Séance de la table', cancelledAt: null });
  });

  it('bad input comes back in French with the values kept, never a 500', async () => {
    const answer = await post('oc', spacePeerSessionActions.edit(tableOnly), editFields({ title: '<script>alert(1)</script>', date: '2099-02-30', place: '', capacity: '0', description: 'Texte gardé' }));
    expect(answer.status).toBe(422);
    expect(answer.text).not.toContain('<script>alert(1)</script>');
    expect(answer.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(answer.text).toContain('Texte gardé');
    expect(answer.text).toContain('Écrivez un nombre de places de 1 à 500');
    expect(await stored(tableOnly)).toMatchObject({ title: 'Séance de la table' });
  });
});

describe('a change tells everyone on the session once; a cancellation closes it and tells them once', () => {
  let session: string;
  const onIt: Who[] = ['member', 'ana', 'bob', 'cleo'];

  beforeAll(async () => {
    session = await seedSession({ title: 'Atelier à deux places', table: tableA, capacity: 2, organizer: people.oc.documentId });
    for (const who of onIt) expect((await post(who, spacePeerSessionActions.register(session))).status).toBe(303);
    expect((await seatsOf(session)).map((r) => r.seat)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
  });

  it('lowering the capacity under the seats taken is refused in French, and nobody is dropped', async () => {
    const answer = await post('oc', spacePeerSessionActions.edit(session), editFields({ capacity: '1' }));
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('on ne retire jamais une personne inscrite');
    expect(answer.text).toContain('value="Salle 5, 2000 rue Fictive"');
    expect((await seatsOf(session)).map((r) => r.seat)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect(await stored(session)).toMatchObject({ capacity: 2, place: 'Salle 2, 1000 rue Fictive', sequence: 0 });
    expect(await notices('space-peer-changed', session)).toEqual([]);
  });

  it('a new date and place with one more seat: everyone registered or waiting told once, the next waiting seated, the calendar SEQUENCE grows', async () => {
    const answer = await post('coOc', spacePeerSessionActions.edit(session), editFields({ capacity: '3' }));
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(spacePeerSessionPath(session));
    expect(await stored(session)).toMatchObject({ title: 'Atelier changé', capacity: 3, place: 'Salle 5, 2000 rue Fictive', sequence: 1 });
    expect(await notices('space-peer-changed', session)).toHaveLength(4);
    expect((await delivered(session, 'Séance changée', 4)).map((m) => m.to).sort()).toEqual(onIt.map((w) => people[w].email).sort());
    const seats = await seatsOf(session);
    expect(seats.map((r) => [people[onIt.find((w) => people[w].documentId === r.member.documentId)!].name, r.seat])).toEqual([
      ['Marc Membre', 'confirmed'],
      ['Ana Inscrite', 'confirmed'],
      ['Bob Inscrit', 'confirmed'],
      ['Cléo Attente', 'waitlisted'],
    ]);
    expect(await notices('space-peer-seat', session)).toHaveLength(1);
    expect((await delivered(session, 'Une place pour vous', 1)).map((m) => m.to)).toEqual([people.bob.email]);
    const ics = (await people.member.browser.download(spacePeerSessionActions.ics(session))).bytes.toString('utf8');
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).not.toContain('STATUS:CANCELLED');
  });

  it('a change of the description only tells nobody', async () => {
    expect((await post('oc', spacePeerSessionActions.edit(session), editFields({ capacity: '3', description: 'Apportez un crayon.' }))).status).toBe(303);
    expect(await notices('space-peer-changed', session)).toHaveLength(4);
  });

  it('the confirm step is a page with one form; cancelling marks the session, tells each one once, and closes registration', async () => {
    const confirm = await people.oc.browser.get(spacePeerSessionActions.cancelSession(session));
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`action="${spacePeerSessionActions.cancelSession(session)}"`);
    expect(await stored(session)).toMatchObject({ cancelledAt: null });
    const before = (await stored(session))!.sequence!;
    const answer = await post('oc', spacePeerSessionActions.cancelSession(session));
    expect(answer.status).toBe(303);
    expect((await stored(session))!.cancelledAt).not.toBeNull();
    expect((await stored(session))!.sequence).toBe(before + 1);
    const page = await people.member.browser.get(spacePeerSessionPath(session));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Séance annulée');
    const ics = (await people.member.browser.download(spacePeerSessionActions.ics(session))).bytes.toString('utf8');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain(`SEQUENCE:${before + 1}`);
    expect(await notices('space-peer-cancelled', session)).toHaveLength(4);
    expect((await delivered(session, 'Séance annulée', 4)).map((m) => m.to).sort()).toEqual(onIt.map((w) => people[w].email).sort());
  });

  it('a cancelled session refuses registrations, and cannot be changed', async () => {
    const rowsBefore = (await seatsOf(session)).length;
    expect((await post('coOc', spacePeerSessionActions.register(session))).status).toBe(303);
    expect(await seatsOf(session)).toHaveLength(rowsBefore);
    const edit = await post('oc', spacePeerSessionActions.edit(session), editFields({ title: 'Séance ressuscitée', capacity: '9' }));
    expect(edit.status).toBe(303);
    expect(await stored(session)).toMatchObject({ title: 'Atelier changé' });
  });

  it('cancelling twice, even at once, tells nobody twice', async () => {
    const csrf = await csrfOf(people.oc.browser);
    const answers = await Promise.all([1, 2, 3].map(() => people.oc.browser.post(spacePeerSessionActions.cancelSession(session), { csrf, locale: 'fr' })));
    expect(answers.map((a) => a.status)).toEqual([303, 303, 303]);
    expect(await notices('space-peer-cancelled', session)).toHaveLength(4);
    expect(await delivered(session, 'Séance annulée', 5)).toHaveLength(4);
  });

  it('no notice holds anyone else’s name or contact, nor the call-in number', async () => {
    const all = [...(await delivered(session, 'Séance changée', 4)), ...(await delivered(session, 'Séance annulée', 4)), ...(await delivered(session, 'Une place pour vous', 1))];
    expect(all).toHaveLength(9);
    for (const message of all) {
      const recipient = (Object.keys(people) as Who[]).find((w) => people[w].email === message.to || people[w].phone === message.to)!;
      expect(recipient).toBeDefined();
      const text = `${message.subject ?? ''}\n${message.text}`;
      expect(text).toContain(people[recipient].name);
      for (const other of (Object.keys(people) as Who[]).filter((w) => w !== recipient)) {
        expect(text).not.toContain(people[other].email);
        expect(text).not.toContain(people[other].phone);
        expect(text).not.toContain(people[other].name);
      }
      expect(text).not.toContain('9876');
    }
  });
});

describe('a session deleted in the admin tells those on it', () => {
  it('deleting an upcoming session tells each registrant once and takes the registrations; deleting a cancelled one tells nobody again', async () => {
    const deleted = await seedSession({ title: 'Séance supprimée', table: tableA, organizer: people.oc.documentId });
    for (const who of ['ana', 'cleo'] as Who[]) await post(who, spacePeerSessionActions.register(deleted));
    await strapi.documents(sessionUid).delete({ documentId: deleted });
    expect(await stored(deleted)).toBeNull();
    expect(await strapi.db.query(registrationUid).count({ where: { session: { documentId: deleted } } })).toBe(0);
    expect(await notices('space-peer-cancelled', deleted)).toHaveLength(2);
    expect((await delivered(deleted, 'Séance annulée', 2)).map((m) => m.to).sort()).toEqual([people.ana.email, people.cleo.email].sort());

    const cancelled = await seedSession({ title: 'Séance annulée puis supprimée', table: tableA, organizer: people.oc.documentId });
    await post('bob', spacePeerSessionActions.register(cancelled));
    expect((await post('oc', spacePeerSessionActions.cancelSession(cancelled))).status).toBe(303);
    await strapi.documents(sessionUid).delete({ documentId: cancelled });
    expect(await notices('space-peer-cancelled', cancelled)).toHaveLength(1);
  });
});
