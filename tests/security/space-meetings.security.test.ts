import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliCompressSync } from 'node:zlib';
import ICAL from 'ical.js';
import { normalisePhone, spaceMeetingActions, spaceMeetingPath, spacePaths, spaceTablePath } from '@passerelle/shared/participation';
import { adminUserToken, contentManagerPath as cm } from '../support/admin-users.ts';
import { useTestOutbox } from '../support/participation.ts';
import {
  calendarTokenUid,
  createMeeting,
  createMember,
  createRoundTable,
  hiddenFields,
  meetingUid,
  newMemberEmail,
  newMemberPhone,
  signInByCode,
  SpaceBrowser,
} from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Round tables, meetings and calendars of the practitioners' space, attacked: every new address
 * tried as a stranger, an ex-member, a member of another table, a plain member where coordination
 * is needed, and a community group's CMS account; every form without or with a wrong CSRF token;
 * the meetings never readable through the public REST or GraphQL API; a calendar address that
 * stops at once.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

const people = {} as Record<'coordinator' | 'member' | 'oc' | 'other' | 'leaver', { documentId: string; phone: string; browser: SpaceBrowser }>;
let tableA: string;
let tableB: string;
let upcoming: string;
let past: string;
let otherMeeting: string;

const tablePages = (id: string) => [spaceTablePath(id), `/participer/espace/tables/${id}/reunions/nouvelle`];
const meetingPages = (id: string) => [spaceMeetingPath(id), `/participer/espace/reunions/${id}/modifier`, `/participer/espace/reunions/${id}/compte-rendu`, spaceMeetingActions.ics(id)];
const tablePosts = (id: string) => [spaceMeetingActions.leave(id), spaceMeetingActions.calendarLink(id), spaceMeetingActions.create(id)];
const meetingPosts = (id: string) => [spaceMeetingActions.edit(id), spaceMeetingActions.minutes(id), spaceMeetingActions.attendance(id)];
const meetingForm = { title: 'Rencontre piratée', date: '2030-05-05', start: '13:00', end: '15:00', place: 'Ailleurs', agenda: 'x' };

async function person(name: string, spaceRole = 'intervenant') {
  const phone = newMemberPhone();
  const { documentId } = await createMember(strapi, { name, phone, spaceRole, email: newMemberEmail() });
  return { documentId, phone };
}

/** The token of a signed-in page's forms. */
async function csrfOf(browser: SpaceBrowser): Promise<string> {
  return hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
}

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  const coordinator = await person('Claudine Coordo');
  const member = await person('Mathieu Membre');
  const oc = await person('Odile OC', 'oc');
  const other = await person('Xavier Ailleurs');
  const leaver = await person('Élise Partante');
  tableA = await createRoundTable(strapi, { name: 'Table Centre-Sud', members: [coordinator.documentId, member.documentId, oc.documentId, leaver.documentId], coordinators: [coordinator.documentId] });
  tableB = await createRoundTable(strapi, { name: 'Table Hochelaga', members: [other.documentId] });
  upcoming = await createMeeting(strapi, tableA, { title: 'Rencontre de janvier', startsInDays: 10, agenda: '1. Mot de bienvenue\n2. Bilan de la guignolée' });
  past = await createMeeting(strapi, tableA, { title: 'Rencontre de novembre', startsInDays: -20, minutes: 'On a parlé du dépannage.', decisions: 'Lettre au CIUSSS' });
  otherMeeting = await createMeeting(strapi, tableB, { title: 'Rencontre secrète de Hochelaga', startsInDays: 5 });
  for (const [key, p] of Object.entries({ coordinator, member, oc, other, leaver })) {
    people[key as keyof typeof people] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  }
  // The ex-member leaves through the page's own button.
  const leave = await people.leaver.browser.post(spaceMeetingActions.leave(tableA), { csrf: await csrfOf(people.leaver.browser), locale: 'fr' });
  expect(leave.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('who sees a table and its meetings', () => {
  it('a member sees the table page with its meetings and members; contacts only with consent', async () => {
    const consenting = newMemberEmail('visible');
    const { documentId } = await createMember(strapi, { name: 'Véro Visible', email: consenting, showContact: true } as never);
    const hiddenEmail = newMemberEmail('cachee');
    const hidden = await createMember(strapi, { name: 'Carole Cachée', email: hiddenEmail });
    await strapi.documents('api::practitioners.round-table').update({ documentId: tableA, data: { members: { connect: [documentId, hidden.documentId] } } });
    const page = await people.member.browser.get(spaceTablePath(tableA));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Table Centre-Sud');
    expect(page.text).toContain('Rencontre de janvier');
    expect(page.text).toContain('Rencontre de novembre');
    expect(page.text).toMatch(/Claudine Coordo — coordination/);
    expect(page.text).toContain(consenting);
    expect(page.text).toContain('Carole Cachée');
    expect(page.text).not.toContain(hiddenEmail);
    expect(page.text).not.toContain(normalisePhone(people.coordinator.phone)!);
    expect(page.text).not.toContain('Élise Partante');
    expect(page.text).not.toContain('secrète');
    // A plain member is offered no planning.
    expect(page.text).not.toContain('reunions/nouvelle');
  });

  it('a stranger is sent to sign in from every page, and every form is refused before anything', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const path of [...tablePages(tableA), ...meetingPages(upcoming)]) {
      const answer = await stranger.get(path);
      expect(answer.status, path).toBe(303);
      expect(answer.location, path).toBe(spacePaths.signIn);
    }
    for (const path of [...tablePosts(tableA), ...meetingPosts(upcoming)]) {
      const answer = await stranger.post(path, { csrf: 'a'.repeat(64), locale: 'fr', ...meetingForm });
      expect(answer.status, path).toBe(303);
    }
    const row = await strapi.db.query(meetingUid).findOne({ where: { documentId: upcoming } });
    expect(row.title).toBe('Rencontre de janvier');
  });

  it('an ex-member, a member of another table and an unknown id all get the same 404, on every page and form', async () => {
    const answers = new Set<string>();
    for (const who of [people.leaver, people.other]) {
      const csrf = await csrfOf(who.browser);
      for (const path of [...tablePages(tableA), ...meetingPages(upcoming), ...meetingPages(past)]) {
        const answer = await who.browser.get(path);
        expect(answer.status, path).toBe(404);
        expect(answer.text).not.toMatch(/Centre-Sud|janvier|novembre|dépannage/);
        answers.add(answer.text);
      }
      for (const path of [...tablePosts(tableA), ...meetingPosts(upcoming)]) {
        const answer = await who.browser.post(path, { csrf, locale: 'fr', ...meetingForm, minutes: 'piraté', [`present-${who.documentId}`]: '1' });
        expect(answer.status, path).toBe(404);
        answers.add(answer.text);
      }
    }
    const unknown = await people.member.browser.get(spaceMeetingPath('a'.repeat(24)));
    answers.add(unknown.text);
    const junk = await people.member.browser.get(spaceTablePath('..%2F..'));
    expect(junk.status).toBe(404);
    expect(answers.size).toBe(1);
    const row = await strapi.db.query(meetingUid).findOne({ where: { documentId: upcoming }, populate: { attendees: true } });
    expect({ title: row.title, minutes: row.minutes, attendees: row.attendees }).toEqual({ title: 'Rencontre de janvier', minutes: null, attendees: [] });
    expect(await strapi.db.query(meetingUid).count({ where: { title: 'Rencontre piratée' } })).toBe(0);
  });

  it('a plain member cannot plan, change a meeting or take attendance (404), but may write the minutes', async () => {
    const { browser, documentId } = people.member;
    const csrf = await csrfOf(browser);
    expect((await browser.get(`/participer/espace/tables/${tableA}/reunions/nouvelle`)).status).toBe(404);
    expect((await browser.get(`/participer/espace/reunions/${upcoming}/modifier`)).status).toBe(404);
    expect((await browser.post(spaceMeetingActions.create(tableA), { csrf, locale: 'fr', ...meetingForm })).status).toBe(404);
    expect((await browser.post(spaceMeetingActions.edit(upcoming), { csrf, locale: 'fr', ...meetingForm })).status).toBe(404);
    expect((await browser.post(spaceMeetingActions.attendance(upcoming), { csrf, locale: 'fr', [`present-${documentId}`]: '1' })).status).toBe(404);
    const saved = await browser.post(spaceMeetingActions.minutes(past), { csrf, locale: 'fr', minutes: 'Compte rendu par Mathieu.', decisions: 'Rien de neuf.' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(spaceMeetingPath(past));
    const row = await strapi.db.query(meetingUid).findOne({ where: { documentId: past } });
    expect(row.minutes).toBe('Compte rendu par Mathieu.');
  });

  it('the coordination and an OC sitting at the table plan meetings; attendance only ticks members of the table', async () => {
    for (const who of [people.coordinator, people.oc]) {
      const page = await who.browser.get(`/participer/espace/tables/${tableA}/reunions/nouvelle`);
      expect(page.status).toBe(200);
      const made = await who.browser.post(spaceMeetingActions.create(tableA), { ...hiddenFields(page.text, spaceMeetingActions.create(tableA)), ...meetingForm, title: `Planifiée par ${who.documentId}` });
      expect(made.status).toBe(303);
    }
    const csrf = await csrfOf(people.coordinator.browser);
    const ticked = await people.coordinator.browser.post(spaceMeetingActions.attendance(past), {
      csrf,
      locale: 'fr',
      [`present-${people.member.documentId}`]: '1',
      [`present-${people.other.documentId}`]: '1',
      [`present-${people.leaver.documentId}`]: '1',
    });
    expect(ticked.status).toBe(303);
    const row = await strapi.db.query(meetingUid).findOne({ where: { documentId: past }, populate: { attendees: { select: ['documentId'] } } });
    expect(row.attendees.map((a: { documentId: string }) => a.documentId)).toEqual([people.member.documentId]);
  });
});

describe('page budget', () => {
  it('the table, meeting and form pages stay under 14 KB brotli', async () => {
    const { browser } = people.coordinator;
    for (const path of [spaceTablePath(tableA), spaceMeetingPath(past), `/participer/espace/reunions/${past}/compte-rendu`, `/participer/espace/tables/${tableA}/reunions/nouvelle`]) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(200);
      expect(brotliCompressSync(Buffer.from(page.text)).length, path).toBeLessThanOrEqual(14 * 1024);
    }
  });
});

describe('CSRF', () => {
  it('every form without the token, or with another session’s, is refused (403) and changes nothing', async () => {
    const { browser } = people.coordinator;
    const othersToken = await csrfOf(people.member.browser);
    for (const csrf of [undefined, '', 'x', othersToken, 'f'.repeat(64)]) {
      for (const path of [...tablePosts(tableA).filter((p) => !p.endsWith('quitter')), ...meetingPosts(past), spaceMeetingActions.leave(tableA)]) {
        const answer = await browser.post(path, { ...(csrf === undefined ? {} : { csrf }), locale: 'fr', ...meetingForm, minutes: 'forgé' });
        expect(answer.status, `${path} ${csrf?.slice(0, 4)}`).toBe(403);
      }
    }
    const row = await strapi.db.query(meetingUid).findOne({ where: { documentId: past } });
    expect(row.minutes).not.toBe('forgé');
    expect(await strapi.db.query(calendarTokenUid).count({ where: { practitionerDocumentId: people.coordinator.documentId } })).toBe(0);
    expect((await browser.get(spaceTablePath(tableA))).status).toBe(200);
  });
});

describe('calendars', () => {
  it('a meeting’s .ics is RFC 5545 with America/Toronto, a stable UID, and a SEQUENCE that grows when the meeting changes', async () => {
    const { browser } = people.coordinator;
    const first = await fetch(app.baseUrl + spaceMeetingActions.ics(upcoming), { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
    const calendar = parse(await first.text());
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('America/Toronto');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(`${upcoming}@espace.passerelle`);
    expect(String(event.getFirstPropertyValue('summary'))).toContain('Rencontre de janvier');
    expect(String(event.getFirstPropertyValue('description'))).toContain('Bilan de la guignolée');
    expect(event.getFirstPropertyValue('sequence')).toBe(0);
    const edit = await browser.get(`/participer/espace/reunions/${upcoming}/modifier`);
    const changed = await browser.post(spaceMeetingActions.edit(upcoming), { ...hiddenFields(edit.text, spaceMeetingActions.edit(upcoming)), title: 'Rencontre de janvier', date: '2030-01-15', start: '9:30', end: '11:30', place: 'Salle 2', agenda: '1. Bienvenue' });
    expect(changed.status).toBe(303);
    const second = parse((await browser.get(spaceMeetingActions.ics(upcoming))).text).getFirstSubcomponent('vevent')!;
    expect(second.getFirstPropertyValue('uid')).toBe(`${upcoming}@espace.passerelle`);
    expect(second.getFirstPropertyValue('sequence')).toBe(1);
    const start = second.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.toString()).toBe('2030-01-15T09:30:00');
    expect(start.zone?.tzid ?? second.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('America/Toronto');
    expect(new Date(start.toUnixTime() * 1000).toISOString()).toBe('2030-01-15T14:30:00.000Z');
  });

  it('an OC who moves a meeting in the admin grows its SEQUENCE too; saving the minutes or changing nothing shown does not', async () => {
    const token = await adminUserToken(app, 'passerelle-community-organizer', 'oc.sequence@cisss.example.org');
    const sequenceOf = async () => Number((await strapi.db.query(meetingUid).findOne({ where: { documentId: upcoming } })).sequence);
    const icsSequence = async () =>
      new ICAL.Component(ICAL.parse((await people.coordinator.browser.get(spaceMeetingActions.ics(upcoming))).text)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence');
    const before = await sequenceOf();
    const stored = (await api(app.baseUrl, cm(meetingUid, `/${upcoming}`), { token })).body.data;
    expect(stored.sequence).toBe(before);
    // The admin form sends every field back, the stored sequence included.
    const save = (changes: Record<string, unknown>) => api(app.baseUrl, cm(meetingUid, `/${upcoming}`), { method: 'PUT', token, body: { ...stored, ...changes } });
    expect((await save({ place: 'Bibliothèque, salle 3' })).status).toBe(200);
    expect(await sequenceOf()).toBe(before + 1);
    expect(await icsSequence()).toBe(before + 1);
    // The same instant spelled the way the admin sends it is no change.
    expect((await save({ place: 'Bibliothèque, salle 3', sequence: before + 1, startsAt: new Date(stored.startsAt).toISOString() })).status).toBe(200);
    expect(await sequenceOf()).toBe(before + 1);
    expect((await save({ place: 'Bibliothèque, salle 3', sequence: before + 1, minutes: 'Compte rendu ajouté dans l’admin.' })).status).toBe(200);
    expect(await sequenceOf()).toBe(before + 1);
    const later = new Date(Date.parse(stored.endsAt) + 30 * 60_000).toISOString();
    expect((await save({ place: 'Bibliothèque, salle 3', sequence: before + 1, endsAt: later })).status).toBe(200);
    expect(await sequenceOf()).toBe(before + 2);
    expect(await icsSequence()).toBe(before + 2);
  });

  it('a table’s subscription address works without a cookie, is stored hashed, and stops at once when replaced, stopped, after leaving or signing out everywhere', async () => {
    const subscribe = async (who: typeof people.member) => {
      const answer = await who.browser.post(spaceMeetingActions.calendarLink(tableA), { csrf: await csrfOf(who.browser), locale: 'fr', action: 'new' });
      expect(answer.status).toBe(200);
      const url = /<code class="url">([^<]+)<\/code>/.exec(answer.text)?.[1];
      expect(url).toBeTruthy();
      return new URL(url!).pathname;
    };
    const fetchCalendar = (path: string) => fetch(app.baseUrl + path);
    const member = people.member;
    const first = await subscribe(member);
    const token = first.split('/')[4]!;
    expect((await strapi.db.query(calendarTokenUid).findMany({})).map((r: { tokenHash: string }) => r.tokenHash)).not.toContain(token);
    const calendar = await fetchCalendar(first);
    expect(calendar.status).toBe(200);
    const parsed = new ICAL.Component(ICAL.parse(await calendar.text()));
    const uids = parsed.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
    expect(uids).toEqual(expect.arrayContaining([`${upcoming}@espace.passerelle`, `${past}@espace.passerelle`]));
    expect(uids).not.toContain(`${otherMeeting}@espace.passerelle`);

    const second = await subscribe(member);
    expect((await fetchCalendar(first)).status).toBe(404);
    expect((await fetchCalendar(second)).status).toBe(200);
    const stop = await member.browser.post(spaceMeetingActions.calendarLink(tableA), { csrf: await csrfOf(member.browser), locale: 'fr', action: 'stop' });
    expect(stop.status).toBe(303);
    expect((await fetchCalendar(second)).status).toBe(404);

    const beforeSignOut = await subscribe(people.oc);
    expect((await fetchCalendar(beforeSignOut)).status).toBe(200);
    await people.oc.browser.post(spacePaths.signOutEverywhere, { csrf: await csrfOf(people.oc.browser), locale: 'fr' });
    expect((await fetchCalendar(beforeSignOut)).status).toBe(404);

    const beforeLeaving = await subscribe(member);
    await member.browser.post(spaceMeetingActions.leave(tableA), { csrf: await csrfOf(member.browser), locale: 'fr' });
    expect((await fetchCalendar(beforeLeaving)).status).toBe(404);
    expect((await member.browser.get(spaceTablePath(tableA))).status).toBe(404);
    expect((await member.browser.get(spaceMeetingPath(past))).status).toBe(404);

    for (const junk of ['x', 'A'.repeat(43), '..', 'A'.repeat(200)]) expect((await fetchCalendar(`/participer/espace/calendriers/${junk}/table.ics`)).status).toBeLessThan(500);
  });

  it('a member removed from the table in the admin loses the calendar too', async () => {
    const subscriber = people.coordinator;
    const answer = await subscriber.browser.post(spaceMeetingActions.calendarLink(tableA), { csrf: await csrfOf(subscriber.browser), locale: 'fr', action: 'new' });
    const path = new URL(/<code class="url">([^<]+)<\/code>/.exec(answer.text)![1]!).pathname;
    expect((await fetch(app.baseUrl + path)).status).toBe(200);
    await strapi.documents('api::practitioners.round-table').update({ documentId: tableA, data: { members: { disconnect: [subscriber.documentId] } } });
    expect((await fetch(app.baseUrl + path)).status).toBe(404);
    expect(await strapi.db.query(calendarTokenUid).count({ where: { practitionerDocumentId: subscriber.documentId } })).toBe(0);
  });
});

describe('meetings are not public', () => {
  it('have no REST route and no GraphQL type', async () => {
    for (const plural of ['meetings', 'calendar-tokens']) {
      for (const path of [`/api/${plural}`, `/api/${plural}/1`, `/api/${plural}?populate=*`]) expect((await api(app.baseUrl, path)).status, path).toBe(404);
    }
    for (const query of ['{ meetings { title minutes } }', '{ calendarTokens { tokenHash } }', 'mutation { createMeeting(data: { title: "x" }) { documentId } }']) {
      const { status, errors } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
    }
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /meeting|calendartoken/i.test(n))).toEqual([]);
  });

  it('mark every attribute private', async () => {
    for (const uid of [meetingUid, calendarTokenUid]) {
      const attributes = strapi.contentType(uid).attributes as Record<string, { private?: boolean }>;
      const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
      for (const [name, attribute] of own) expect({ uid, name, private: attribute.private }).toEqual({ uid, name, private: true });
    }
  });

  it('a community group’s CMS account reads no meeting, in the admin or in the space', async () => {
    const token = await adminUserToken(app, 'passerelle-community-group', 'groupe.espace@groupe.example.org');
    expect((await api(app.baseUrl, cm(meetingUid, '?page=1&pageSize=10'), { token })).status).toBe(403);
    expect((await api(app.baseUrl, cm(calendarTokenUid, '?page=1&pageSize=10'), { token })).status).toBe(403);
    for (const path of [spaceTablePath(tableA), spaceMeetingPath(past), spaceMeetingActions.ics(past)]) {
      const answer = await fetch(app.baseUrl + path, { redirect: 'manual', headers: { authorization: `Bearer ${token}` } });
      expect(answer.status, path).toBe(303);
    }
  });
});

describe('a table that has met for years', () => {
  it('shows its latest past meetings, and all of them when asked', async () => {
    for (let i = 1; i <= 11; i += 1) await createMeeting(strapi, tableB, { title: `Rencontre passée numéro ${i}`, startsInDays: -7 * i });
    const page = await people.other.browser.get(spaceTablePath(tableB));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Rencontre passée numéro 1<');
    expect(page.text).toContain('Rencontre passée numéro 10<');
    expect(page.text).not.toContain('Rencontre passée numéro 11<');
    expect(page.text).toContain(`href="${spaceTablePath(tableB)}?passees=toutes">Voir les 11 réunions passées</a>`);
    const all = await people.other.browser.get(`${spaceTablePath(tableB)}?passees=toutes`);
    expect(all.text).toContain('Rencontre passée numéro 11<');
    expect(all.text).toContain('Rencontre secrète de Hochelaga');
    expect(all.text).not.toContain('Voir les 11 réunions passées');
  });
});
