import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { spaceMeetingActions, spaceMeetingPath, spaceTablePath } from '@passerelle/shared/participation';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { seedDemoRoundTables } from '../../cms/src/participation/space/demo-tables.ts';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { useTestOutbox } from '../support/participation.ts';
import { calendarTokenUid, createMeeting, createMember, createRoundTable, hiddenFields, meetingUid, newMemberPhone, practitionerUid, resourceUid, signInByCode } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * A partner at a round table signs in by text code, reads the agenda of the next meeting and adds
 * the minutes of the last one; the coordination plans a meeting (a form with mistakes first, shown
 * again in French with what was typed) and takes attendance. On the database the run is given
 * (SQLite, or PostgreSQL with DATABASE_CLIENT=postgres: scripts/test.sh runs this project on both).
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let tableId: string;
let nextMeeting: string;
let lastMeeting: string;
const partnerPhone = newMemberPhone();
const coordoPhone = newMemberPhone();
let partnerId: string;

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  partnerId = (await createMember(strapi, { name: 'Rosalie Partenaire', phone: partnerPhone })).documentId;
  const coordo = await createMember(strapi, { name: 'Ginette Coordo', phone: coordoPhone });
  tableId = await createRoundTable(strapi, { name: 'Table de quartier Saint-Roch', members: [partnerId, coordo.documentId], coordinators: [coordo.documentId] });
  nextMeeting = await createMeeting(strapi, tableId, { title: 'Rencontre de février', startsInDays: 7, agenda: '1. Tour de table\n2. Comptoir alimentaire : les besoins de l’hiver' });
  lastMeeting = await createMeeting(strapi, tableId, { title: 'Rencontre de janvier', startsInDays: -14 });
});

afterAll(async () => {
  await app?.stop();
});

describe('partner reads the agenda and adds the minutes', () => {
  it('signs in by code, finds the table, reads the agenda, writes the minutes (errors first, values kept)', async () => {
    const partner = await signInByCode(app.baseUrl, outbox, partnerPhone);
    const table = await partner.get(spaceTablePath(tableId));
    expect(table.status).toBe(200);
    expect(table.text).toContain('Rencontre de février');
    const meeting = await partner.get(spaceMeetingPath(nextMeeting));
    expect(meeting.text).toContain('Comptoir alimentaire : les besoins de l’hiver');
    const form = await partner.get(`/participer/espace/reunions/${lastMeeting}/compte-rendu`);
    expect(form.status).toBe(200);
    const fields = hiddenFields(form.text, spaceMeetingActions.minutes(lastMeeting));
    const tooLong = await partner.post(spaceMeetingActions.minutes(lastMeeting), { ...fields, minutes: 'Bonne rencontre.', decisions: 'x'.repeat(6000) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Ce texte est trop long');
    expect(tooLong.text).toContain('Bonne rencontre.');
    const saved = await partner.post(spaceMeetingActions.minutes(lastMeeting), { ...fields, minutes: 'Tour de table : 9 groupes présents.\n\nLe comptoir manque de bénévoles le mardi.', decisions: 'Écrire au CIUSSS pour le local.' });
    expect(saved.status).toBe(303);
    const after = await partner.get(spaceMeetingPath(lastMeeting));
    expect(after.text).toContain('Le comptoir manque de bénévoles le mardi.');
    expect(after.text).toContain('Écrire au CIUSSS pour le local.');
  });

  it('the coordination plans a meeting: French errors with the values kept, then the meeting and its .ics', async () => {
    const coordo = await signInByCode(app.baseUrl, outbox, coordoPhone);
    const page = await coordo.get(`/participer/espace/tables/${tableId}/reunions/nouvelle`);
    const fields = hiddenFields(page.text, spaceMeetingActions.create(tableId));
    const wrong = await coordo.post(spaceMeetingActions.create(tableId), { ...fields, title: 'Rencontre de mars', date: '2030-02-30', start: '14:00', end: '13:00', place: '', callIn: '', agenda: 'Bilan' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('<title>Erreur : ');
    expect(wrong.text).toContain('Écrivez une date réelle');
    expect(wrong.text).toContain('Écrivez le lieu ou le numéro');
    expect(wrong.text).toContain('value="Rencontre de mars"');
    expect(wrong.text).toContain('>Bilan</textarea>');
    const made = await coordo.post(spaceMeetingActions.create(tableId), { ...fields, title: 'Rencontre de mars', date: '2030-03-12', start: '13:30', end: '15:30', place: '', callIn: '1 855 555-0100, code 1234#', agenda: 'Bilan' });
    expect(made.status).toBe(303);
    const id = /reunions\/([a-z0-9]{24})\//.exec(made.location ?? '')?.[1];
    expect(id).toBeTruthy();
    const ics = await coordo.get(spaceMeetingActions.ics(id!));
    const event = new ICAL.Component(ICAL.parse(ics.text)).getFirstSubcomponent('vevent')!;
    // 13:30 in Québec on 12 March 2030 is after the switch to daylight time (10 March): UTC−4.
    expect(new Date((event.getFirstPropertyValue('dtstart') as ICAL.Time).toUnixTime() * 1000).toISOString()).toBe('2030-03-12T17:30:00.000Z');
    expect(event.getFirstPropertyValue('location')).toBe('1 855 555-0100, code 1234#');

    const meeting = await coordo.get(spaceMeetingPath(lastMeeting));
    const attendance = hiddenFields(meeting.text, spaceMeetingActions.attendance(lastMeeting));
    expect((await coordo.post(spaceMeetingActions.attendance(lastMeeting), { ...attendance, [`present-${partnerId}`]: '1' })).status).toBe(303);
    expect((await coordo.get(spaceMeetingPath(lastMeeting))).text).toMatch(new RegExp(`id="present-${partnerId}" name="present-${partnerId}" value="1" checked`));
  });

  it('Law 25: the export lists the partner’s tables and meetings attended; erasure takes them off both and stops their calendar', async () => {
    const partner = await signInByCode(app.baseUrl, outbox, partnerPhone);
    const table = await partner.get(spaceTablePath(tableId));
    const subscribed = await partner.post(spaceMeetingActions.calendarLink(tableId), { ...hiddenFields(table.text, spaceMeetingActions.calendarLink(tableId)), action: 'new' });
    const calendarPath = new URL(/<code class="url">([^<]+)<\/code>/.exec(subscribed.text)![1]!).pathname;
    expect((await fetch(app.baseUrl + calendarPath)).status).toBe(200);
    const exported = await exportPersonData(strapi, partnerPhone);
    const record = exported.records.find((r) => r.kind === 'practitioner')!;
    expect(record.roundTables).toBe('Table de quartier Saint-Roch');
    expect(record.meetingsAttended).toMatch(/Rencontre de janvier/);
    expect(exported.json).not.toMatch(/tokenHash/);
    await deletePersonData(strapi, partnerPhone);
    expect(await strapi.db.query(practitionerUid).count({ where: { documentId: partnerId } })).toBe(0);
    expect(await strapi.db.query(calendarTokenUid).count({ where: { practitionerDocumentId: partnerId } })).toBe(0);
    const meeting = await strapi.db.query(meetingUid).findOne({ where: { documentId: lastMeeting }, populate: { attendees: true } });
    expect(meeting.attendees).toEqual([]);
    expect((await fetch(app.baseUrl + calendarPath)).status).toBe(404);
  });

  it('retention erases the calendar addresses of members made inactive', async () => {
    const phone = newMemberPhone();
    const member = await createMember(strapi, { name: 'Denis Désactivé', phone });
    await strapi.documents('api::practitioners.round-table').update({ documentId: tableId, data: { members: { connect: [member.documentId] } } });
    const browser = await signInByCode(app.baseUrl, outbox, phone);
    const table = await browser.get(spaceTablePath(tableId));
    await browser.post(spaceMeetingActions.calendarLink(tableId), { ...hiddenFields(table.text, spaceMeetingActions.calendarLink(tableId)), action: 'new' });
    expect(await strapi.db.query(calendarTokenUid).count({ where: { practitionerDocumentId: member.documentId } })).toBe(1);
    await strapi.db.query(practitionerUid).update({ where: { documentId: member.documentId }, data: { active: false } });
    const report = await applyRetention(strapi);
    expect(report.spaceCalendarTokensErased).toBeGreaterThanOrEqual(1);
    expect(await strapi.db.query(calendarTokenUid).count({ where: { practitionerDocumentId: member.documentId } })).toBe(0);
  });

  it('the demo seeds two round tables once, each with a past meeting (minutes, decisions) and an upcoming one (agenda), and shared resources on the survey’s themes', async () => {
    expect(await seedDemoRoundTables(strapi)).toBe(2);
    expect(await seedDemoRoundTables(strapi)).toBe(0);
    // Resources for every member (no table), signed by nobody, on the survey's three themes; made once.
    const resources = (await strapi.db.query(resourceUid).findMany({ where: { author: { id: { $null: true } }, roundTable: { id: { $null: true } } } })) as Array<{ title: string; url: string; themes: string[] }>;
    expect(resources.length).toBeGreaterThanOrEqual(3);
    expect(new Set(resources.map((r) => r.title)).size).toBe(resources.length);
    for (const theme of ['social_media', 'online_politics', 'digital_living']) expect(resources.some((r) => r.themes.includes(theme)), theme).toBe(true);
    for (const { url } of resources) expect(url).toMatch(/^https:\/\//);
    for (const name of ['Table de concertation de Villeray', 'Table de quartier de Saint-Michel']) {
      const meetings = await strapi.db.query(meetingUid).findMany({ where: { roundTable: { name } }, orderBy: { startsAt: 'asc' } });
      expect(meetings).toHaveLength(2);
      expect(Date.parse(meetings[0].endsAt)).toBeLessThan(Date.now());
      expect(meetings[0].minutes).toBeTruthy();
      expect(meetings[0].decisions).toBeTruthy();
      expect(Date.parse(meetings[1].startsAt)).toBeGreaterThan(Date.now());
      expect(meetings[1].agenda).toMatch(/^1\. /);
    }
  });
});
