import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone, spaceMeetingActions, spaceMeetingPath, spacePaths } from '@passerelle/shared/participation';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../support/fake-twilio.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { smtpEnv, startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';
import { createMeeting, createMember, createRoundTable, hiddenFields, meetingUid, newMemberEmail, practitionerUid, roundTableUid, signInByTextCode, SpaceBrowser } from '../support/space.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The agenda and the minutes sent to a table's members, attacked: only the table's coordination and
 * its OCs can send (a plain member 403, an ex-member or another table's member the usual 404, a
 * stranger the sign-in page), never without the session's CSRF token; a double click, two presses
 * racing, a retry or a second send of the same text give each member one message, counted in the
 * real SMTP server on loopback and the fake of Twilio's API; a number that texted ARRÊT, an inactive
 * member and a member who left get nothing; nobody's message carries another member's contact.
 */
const publicBase = 'https://www.exemple.ca';
const saved = { ...process.env };
let app: StartedStrapi;
let strapi: Strapi;
let mailbox: SmtpMailbox;
let twilio: FakeTwilio;
let sms: SmsSimulator;

type Person = { name: string; documentId: string; phone: string; email: string | null; browser: SpaceBrowser | null };
const people = {} as Record<'coordinator' | 'oc' | 'member' | 'textOnly' | 'optedOut' | 'inactive' | 'leaver' | 'other', Person>;
let tableA: string;
let upcoming: string;
let past: string;

const lastTextTo = (e164: string) => twilio.received.filter((m) => m.to === e164).pop()?.body;
const textsTo = (phone: string) => twilio.received.filter((m) => m.to === normalisePhone(phone));
const mailsTo = (email: string) => mailbox.received.filter((m) => m.envelope.to.includes(email));
/** Every message the run sent about a meeting (not the sign-in codes). */
const meetingMessages = (meetingId: string) => [...twilio.received.filter((m) => m.body.includes(meetingId)).map((m) => ({ to: m.to, text: m.body })), ...mailbox.received.filter((m) => (m.parsed.text ?? '').includes(meetingId)).map((m) => ({ to: m.envelope.to.join(','), text: m.parsed.text ?? '' }))];

async function person(name: string, options: { spaceRole?: string; email?: boolean; signIn?: boolean } = {}): Promise<Person> {
  const phone = newTestNumber();
  const email = options.email === false ? null : newMemberEmail(name.split(' ')[0]!.toLowerCase());
  const { documentId } = await createMember(strapi, { name, phone, email, spaceRole: options.spaceRole ?? 'intervenant' });
  return { name, documentId, phone, email, browser: null };
}

async function csrfOf(browser: SpaceBrowser): Promise<string> {
  return hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
}

const claimWindowAgo = (meetingId: string, field: 'agendaSentAtMs' | 'minutesSentAtMs') => strapi.db.query(meetingUid).update({ where: { documentId: meetingId }, data: { [field]: Date.now() - 11 * 60_000 } });

beforeAll(async () => {
  twilio = await startFakeTwilio();
  mailbox = await startSmtpMailbox();
  app = await startStrapi({ env: { ...twilioEnv(twilio), ...smtpEnv(mailbox, 'Passerelle <espace@exemple.ca>'), SMS_CALLBACK_BASE_URL: publicBase, PUBLIC_SITE_URL: publicBase, CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  sms = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
  people.coordinator = await person('Claudine Coordo', { email: false });
  people.oc = await person('Odile OC', { spaceRole: 'oc' });
  people.member = await person('Mathieu Membre');
  people.textOnly = await person('Théo Texto', { email: false });
  people.optedOut = await person('Arielle Arrêt', { email: false });
  people.inactive = await person('Ines Inactive');
  people.leaver = await person('Élise Partante', { email: false });
  people.other = await person('Xavier Ailleurs', { email: false });
  const atA = ['coordinator', 'oc', 'member', 'textOnly', 'optedOut', 'inactive', 'leaver'] as const;
  tableA = await createRoundTable(strapi, { name: 'Table Centre-Sud', members: atA.map((k) => people[k].documentId), coordinators: [people.coordinator.documentId] });
  await createRoundTable(strapi, { name: 'Table Hochelaga', members: [people.other.documentId] });
  upcoming = await createMeeting(strapi, tableA, { title: 'Rencontre de janvier', startsInDays: 10, agenda: '1. Mot de bienvenue\n2. Bilan de la guignolée' });
  past = await createMeeting(strapi, tableA, { title: 'Rencontre de novembre', startsInDays: -20, minutes: 'On a parlé du dépannage.', decisions: 'Lettre au CIUSSS' });
  for (const key of ['coordinator', 'oc', 'member', 'leaver', 'other'] as const) people[key].browser = await signInByTextCode(app.baseUrl, people[key].phone, lastTextTo);
  // The ex-member leaves through the page's own button; one member is made inactive in the admin; one number texts ARRÊT.
  expect((await people.leaver.browser!.post(spaceMeetingActions.leave(tableA), { csrf: await csrfOf(people.leaver.browser!), locale: 'fr' })).status).toBe(200);
  await strapi.db.query(practitionerUid).update({ where: { documentId: people.inactive.documentId }, data: { active: false } });
  expect(await sms.phone(people.optedOut.phone).ask('ARRÊT')).toBeTruthy();
});

afterAll(async () => {
  await app?.stop();
  await mailbox?.close();
  await twilio?.close();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const sends = (id: string) => [spaceMeetingActions.sendAgenda(id), spaceMeetingActions.sendMinutes(id)];

describe('who can send the agenda and the minutes', () => {
  it('a stranger is sent to sign in; an ex-member and another table’s member get the 404 of an unknown address; nothing is sent', async () => {
    const stranger = new SpaceBrowser(app.baseUrl);
    for (const path of [...sends(upcoming), ...sends(past)]) {
      const answer = await stranger.post(path, { csrf: 'a'.repeat(64), locale: 'fr' });
      expect(answer.status, path).toBe(303);
      expect(answer.location).toBe(spacePaths.signIn);
    }
    const unknown = await people.member.browser!.post(spaceMeetingActions.sendAgenda('a'.repeat(24)), { csrf: await csrfOf(people.member.browser!), locale: 'fr' });
    expect(unknown.status).toBe(404);
    for (const who of [people.leaver, people.other]) {
      const csrf = await csrfOf(who.browser!);
      for (const path of [...sends(upcoming), ...sends(past)]) {
        const answer = await who.browser!.post(path, { csrf, locale: 'fr' });
        expect(answer.status, path).toBe(404);
        expect(answer.text).toBe(unknown.text);
      }
    }
    expect(meetingMessages(upcoming)).toEqual([]);
    expect(meetingMessages(past)).toEqual([]);
  });

  it('a plain member sees when it was sent but no button, and is refused (403) when posting anyway', async () => {
    const { browser } = people.member;
    const page = await browser!.get(spaceMeetingPath(upcoming));
    expect(page.text).not.toContain(spaceMeetingActions.sendAgenda(upcoming));
    expect(page.text).not.toContain('Envoyer l’ordre du jour');
    const csrf = await csrfOf(browser!);
    for (const path of [...sends(upcoming), ...sends(past)]) {
      const answer = await browser!.post(path, { csrf, locale: 'fr' });
      expect(answer.status, path).toBe(403);
      expect(answer.text).toContain('Réservé à la coordination');
    }
    expect(meetingMessages(upcoming)).toEqual([]);
  });

  it('without the session’s CSRF token, or with another session’s, the coordination is refused (403) and nothing is sent', async () => {
    const othersToken = await csrfOf(people.member.browser!);
    for (const csrf of [undefined, '', 'x', othersToken, 'f'.repeat(64)]) {
      for (const path of sends(upcoming)) {
        const answer = await people.coordinator.browser!.post(path, { ...(csrf === undefined ? {} : { csrf }), locale: 'fr' });
        expect(answer.status, `${path} ${csrf?.slice(0, 4)}`).toBe(403);
      }
    }
    expect(meetingMessages(upcoming)).toEqual([]);
    const row = await strapi.db.query(meetingUid).findOne({ where: { documentId: upcoming } });
    expect(row.agendaSentAtMs).toBeNull();
  });
});

describe('each member once, by their channel', () => {
  it('two presses racing send one message per reachable member; the second says it was just sent, in French', async () => {
    const { browser } = people.coordinator;
    const page = await browser!.get(spaceMeetingPath(upcoming));
    expect(page.text).toContain('Envoyer l’ordre du jour aux membres');
    const fields = hiddenFields(page.text, spaceMeetingActions.sendAgenda(upcoming));
    const answers = await Promise.all([browser!.post(spaceMeetingActions.sendAgenda(upcoming), fields), browser!.post(spaceMeetingActions.sendAgenda(upcoming), fields)]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 429]);
    const tooSoon = answers.find((a) => a.status === 429)!;
    expect(tooSoon.text).toContain('Déjà envoyé il y a un instant');
    expect(tooSoon.text).toMatch(/à partir de \d{1,2} h \d{2}/);

    // Email when the member has one (the whole agenda), else a text; the coordination gets its copy.
    expect(mailsTo(people.oc.email!)).toHaveLength(1);
    expect(mailsTo(people.member.email!)).toHaveLength(1);
    expect(textsTo(people.coordinator.phone).filter((m) => m.body.includes(upcoming))).toHaveLength(1);
    expect(textsTo(people.textOnly.phone)).toHaveLength(1);
    expect(textsTo(people.member.phone).filter((m) => m.body.includes(upcoming))).toHaveLength(0);
    // ARRÊT, inactive, left the table: nothing.
    expect(textsTo(people.optedOut.phone).filter((m) => m.body.includes(upcoming))).toHaveLength(0);
    expect(mailsTo(people.inactive.email!)).toHaveLength(0);
    expect(textsTo(people.leaver.phone).filter((m) => m.body.includes(upcoming))).toHaveLength(0);
    expect(meetingMessages(upcoming)).toHaveLength(4);

    const mail = mailsTo(people.member.email!)[0]!;
    expect(mail.parsed.subject).toMatch(/^Ordre du jour : Table Centre-Sud, /);
    expect(mail.parsed.text).toContain('Bonjour Mathieu Membre');
    expect(mail.parsed.text).toContain('2. Bilan de la guignolée');
    expect(mail.parsed.text).toContain(`${publicBase}${spaceMeetingPath(upcoming)}`);
    const text = textsTo(people.textOnly.phone)[0]!.body;
    expect(text).toMatch(/^Passerelle : rencontre de Table Centre-Sud, \S+ \d{1,2}\S* \S+ \d{4}, de \d{1,2} h \d{2} à/);
    expect(text).toContain('Centre communautaire');
    expect(text.endsWith(`${publicBase}${spaceMeetingPath(upcoming)}`)).toBe(true);

    // Nobody's message names another member or carries their contact.
    for (const message of meetingMessages(upcoming)) {
      const others = Object.values(people).filter((p) => message.to !== normalisePhone(p.phone) && message.to !== p.email);
      expect(others.length).toBe(Object.keys(people).length - 1);
      for (const p of others) {
        expect(message.text).not.toContain(normalisePhone(p.phone)!);
        if (p.email) expect(message.text).not.toContain(p.email);
        expect(message.text).not.toContain(p.name.split(' ')[0]!);
      }
    }

    // The page shows when and to how many (four reached: the OC, the member, the coordination, the text-only member).
    const after = await people.member.browser!.get(spaceMeetingPath(upcoming));
    expect(after.text).toMatch(/Ordre du jour envoyé le .+ à 4 membres\./);
    expect(after.text).not.toContain(normalisePhone(people.textOnly.phone)!);
  });

  it('after the ten minutes, the same agenda again sends nothing; a changed agenda goes to everyone once more', async () => {
    const { browser } = people.coordinator;
    await claimWindowAgo(upcoming, 'agendaSentAtMs');
    const before = meetingMessages(upcoming).length;
    const page = await browser!.get(spaceMeetingPath(upcoming));
    const same = await browser!.post(spaceMeetingActions.sendAgenda(upcoming), hiddenFields(page.text, spaceMeetingActions.sendAgenda(upcoming)));
    expect(same.status).toBe(200);
    expect(same.text).toContain('Rien de nouveau à envoyer');
    expect(meetingMessages(upcoming)).toHaveLength(before);

    // Changed through the space's form: a new version (and calendar sequence); sending is still an explicit action.
    const edit = await browser!.get(`/participer/espace/reunions/${upcoming}/modifier`);
    const form = hiddenFields(edit.text, spaceMeetingActions.edit(upcoming));
    const saved = await browser!.post(spaceMeetingActions.edit(upcoming), { ...form, title: 'Rencontre de janvier', date: '2031-01-14', start: '13:30', end: '15:00', place: 'Salle paroissiale', callIn: '', agenda: '1. Mot de bienvenue\n2. Bilan de la guignolée\n3. Varia' });
    expect(saved.status).toBe(303);
    expect(meetingMessages(upcoming)).toHaveLength(before);
    const again = await browser!.get(spaceMeetingPath(upcoming));
    // "Nothing new" did not count as a send: the last one is still more than ten minutes old.
    const resent = await browser!.post(spaceMeetingActions.sendAgenda(upcoming), hiddenFields(again.text, spaceMeetingActions.sendAgenda(upcoming)));
    expect(resent.status).toBe(303);
    expect(meetingMessages(upcoming)).toHaveLength(before + 4);
    expect((await browser!.post(spaceMeetingActions.sendAgenda(upcoming), hiddenFields(again.text, spaceMeetingActions.sendAgenda(upcoming)))).status).toBe(429);
    expect(meetingMessages(upcoming)).toHaveLength(before + 4);
    expect(mailsTo(people.member.email!).at(-1)!.parsed.text).toContain('3. Varia');
  });

  it('the minutes: an OC at the table sends them once per version, by the same channels', async () => {
    const { browser } = people.oc;
    const page = await browser!.get(spaceMeetingPath(past));
    expect(page.text).not.toContain(spaceMeetingActions.sendAgenda(past));
    const fields = hiddenFields(page.text, spaceMeetingActions.sendMinutes(past));
    expect((await browser!.post(spaceMeetingActions.sendMinutes(past), fields)).status).toBe(303);
    expect((await browser!.post(spaceMeetingActions.sendMinutes(past), fields)).status).toBe(429);
    expect(meetingMessages(past)).toHaveLength(4);
    const mail = mailsTo(people.member.email!).find((m) => (m.parsed.text ?? '').includes(past))!;
    expect(mail.parsed.subject).toMatch(/^Compte rendu : Table Centre-Sud/);
    expect(mail.parsed.text).toContain('On a parlé du dépannage.');
    expect(mail.parsed.text).toContain('Lettre au CIUSSS');
    const text = textsTo(people.textOnly.phone).find((m) => m.body.includes(past))!.body;
    expect(text).toMatch(/^Passerelle : le compte rendu de la rencontre de Table Centre-Sud du .+ est en ligne : https:/);
    expect(text).not.toContain('dépannage');
    expect((await people.member.browser!.get(spaceMeetingPath(past))).text).toMatch(/Compte rendu envoyé le .+ à 4 membres\./);
  });

  it('nothing to send: an empty agenda, a past meeting’s agenda or minutes not yet written answer 422 and send nothing', async () => {
    const empty = await createMeeting(strapi, tableA, { title: 'Rencontre sans ordre du jour', startsInDays: 3 });
    const csrf = await csrfOf(people.coordinator.browser!);
    for (const path of [spaceMeetingActions.sendAgenda(empty), spaceMeetingActions.sendMinutes(empty), spaceMeetingActions.sendAgenda(past)]) {
      const answer = await people.coordinator.browser!.post(path, { csrf, locale: 'fr' });
      expect(answer.status, path).toBe(422);
      expect(answer.text).toContain('Rien à envoyer');
    }
    expect(meetingMessages(empty)).toEqual([]);
  });
});

describe('never readable from outside', () => {
  it('the send times and counts are not in the public REST or GraphQL API', async () => {
    expect((await api(app.baseUrl, '/api/meetings')).status).toBe(404);
    const { errors } = await graphql(app.baseUrl, '{ meetings { agendaSentAtMs agendaSentTo } }');
    expect(errors?.length ?? 0).toBeGreaterThan(0);
    expect(await strapi.db.query(roundTableUid).count({ where: { documentId: tableA } })).toBe(1);
  });
});
