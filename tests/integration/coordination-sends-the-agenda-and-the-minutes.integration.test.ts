import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone, spaceInvitePath, spaceMeetingActions, spaceMeetingPath, spacePaths, spaceTablePath } from '@passerelle/shared/participation';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../support/fake-twilio.ts';
import { smtpEnv, startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';
import { createMember, createRoundTable, hiddenFields, meetingUid, newMemberEmail, newMemberPhone, signInByTextCode, SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Ginette coordinates a round table. She plans the next meeting in the space, presses "send the
 * agenda to members": Rosalie, who has an email, reads the whole agenda in her mailbox with the link
 * back to the meeting; Marcel, who has only a mobile, gets a short text with the day, the place and
 * the link. After the meeting Rosalie writes the minutes and Ginette sends them, in English this
 * time. Then she invites Léa by email, who signs in through the invitation's link and receives the
 * next agenda. Real transports (SMTP on loopback, a fake of Twilio's API), on the database the run is given
 * (SQLite, or PostgreSQL with DATABASE_CLIENT=postgres: scripts/test.sh runs this project on both).
 */
const publicBase = 'https://www.exemple.ca';
const saved = { ...process.env };
let app: StartedStrapi;
let strapi: Strapi;
let mailbox: SmtpMailbox;
let twilio: FakeTwilio;
const ginette = { phone: newMemberPhone(), id: '' };
const rosalie = { phone: newMemberPhone(), email: newMemberEmail('rosalie'), id: '' };
const marcel = { phone: newMemberPhone(), id: '' };
let tableId: string;

const lastTextTo = (e164: string) => twilio.received.filter((m) => m.to === e164).pop()?.body;
const textsTo = (phone: string) => twilio.received.filter((m) => m.to === normalisePhone(phone)).map((m) => m.body);
const mailsTo = (email: string) => mailbox.received.filter((m) => m.envelope.to.includes(email));

beforeAll(async () => {
  twilio = await startFakeTwilio();
  mailbox = await startSmtpMailbox();
  app = await startStrapi({ env: { ...twilioEnv(twilio), ...smtpEnv(mailbox, 'Passerelle <espace@exemple.ca>'), PUBLIC_SITE_URL: publicBase, CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  ginette.id = (await createMember(strapi, { name: 'Ginette Coordo', phone: ginette.phone })).documentId;
  rosalie.id = (await createMember(strapi, { name: 'Rosalie Partenaire', phone: rosalie.phone, email: rosalie.email })).documentId;
  marcel.id = (await createMember(strapi, { name: 'Marcel Bénévole', phone: marcel.phone })).documentId;
  tableId = await createRoundTable(strapi, { name: 'Table de quartier Saint-Roch', members: [ginette.id, rosalie.id, marcel.id], coordinators: [ginette.id] });
});

afterAll(async () => {
  await app?.stop();
  await mailbox?.close();
  await twilio?.close();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('the coordination sends the agenda, then the minutes', () => {
  let meetingId: string;

  it('plans a meeting: saving it sends nothing; the button sends the agenda to each member by their channel', async () => {
    const coordo = await signInByTextCode(app.baseUrl, ginette.phone, lastTextTo);
    const form = await coordo.get(`/participer/espace/tables/${tableId}/reunions/nouvelle`);
    const made = await coordo.post(spaceMeetingActions.create(tableId), {
      ...hiddenFields(form.text, spaceMeetingActions.create(tableId)),
      title: 'Rencontre de mars',
      date: '2030-03-12',
      start: '13:30',
      end: '15:30',
      place: 'Centre Durocher, 680 rue Saint-Joseph Est',
      callIn: '',
      agenda: '1. Tour de table\n2. Comptoir alimentaire : les besoins du printemps',
    });
    expect(made.status).toBe(303);
    meetingId = /reunions\/([a-z0-9]{24})\//.exec(made.location ?? '')![1]!;
    expect(mailsTo(rosalie.email)).toHaveLength(0);
    expect(textsTo(marcel.phone)).toHaveLength(0);

    const page = await coordo.get(spaceMeetingPath(meetingId));
    expect(page.text).not.toMatch(/Ordre du jour envoyé/);
    const sent = await coordo.post(spaceMeetingActions.sendAgenda(meetingId), hiddenFields(page.text, spaceMeetingActions.sendAgenda(meetingId)));
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(spaceMeetingPath(meetingId));

    const mail = mailsTo(rosalie.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.parsed.subject).toBe('Ordre du jour : Table de quartier Saint-Roch, mardi 12 mars 2030');
    expect(mail[0]!.parsed.text).toContain('Bonjour Rosalie Partenaire');
    expect(mail[0]!.parsed.text).toContain('mardi 12 mars 2030, de 13 h 30 à 15 h 30');
    expect(mail[0]!.parsed.text).toContain('Lieu\u00a0: Centre Durocher, 680 rue Saint-Joseph Est');
    expect(mail[0]!.parsed.text).toContain('2. Comptoir alimentaire : les besoins du printemps');
    expect(mail[0]!.parsed.text).toContain(`${publicBase}/participer/espace/reunions/${meetingId}/`);
    expect(textsTo(rosalie.phone).filter((t) => t.includes(meetingId))).toHaveLength(0);

    const text = textsTo(marcel.phone);
    expect(text).toEqual([`Passerelle : rencontre de Table de quartier Saint-Roch, mardi 12 mars 2030, de 13 h 30 à 15 h 30, Centre Durocher, 680 rue Saint-Joseph Est. Ordre du jour : ${publicBase}/participer/espace/reunions/${meetingId}/`]);

    const after = await (await signInByTextCode(app.baseUrl, marcel.phone, lastTextTo)).get(spaceMeetingPath(meetingId));
    expect(after.text).toMatch(/Ordre du jour envoyé le \S+ \d+ \S+ \d{4} à \d{1,2} h \d{2} à 3 membres\./);
  });

  it('the partner writes the minutes; the coordination sends them in English; the outbox keeps no recipient or text once sent', async () => {
    // The meeting is over (an OC corrects its dates in the admin): the agenda button goes, the minutes one comes.
    await strapi.db.query(meetingUid).update({ where: { documentId: meetingId }, data: { startsAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), endsAt: new Date(Date.now() - 3 * 86_400_000 + 7_200_000).toISOString() } });
    const partner = await signInByTextCode(app.baseUrl, rosalie.phone, lastTextTo);
    const minutesForm = await partner.get(`/participer/espace/reunions/${meetingId}/compte-rendu`);
    const saved = await partner.post(spaceMeetingActions.minutes(meetingId), { ...hiddenFields(minutesForm.text, spaceMeetingActions.minutes(meetingId)), minutes: 'Tour de table : 9 groupes présents.', decisions: 'Écrire au CIUSSS pour le local.' });
    expect(saved.status).toBe(303);
    expect(mailsTo(rosalie.email)).toHaveLength(1);

    const coordo = await signInByTextCode(app.baseUrl, ginette.phone, lastTextTo);
    const page = await coordo.get(`${spaceMeetingPath(meetingId)}?locale=en`);
    expect(page.text).not.toContain(spaceMeetingActions.sendAgenda(meetingId));
    expect(page.text).toContain('Send the minutes');
    const sent = await coordo.post(spaceMeetingActions.sendMinutes(meetingId), hiddenFields(page.text, spaceMeetingActions.sendMinutes(meetingId)));
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${spaceMeetingPath(meetingId)}?locale=en`);
    const mail = mailsTo(rosalie.email).at(-1)!;
    expect(mail.parsed.subject).toMatch(/^Minutes: Table de quartier Saint-Roch, /);
    expect(mail.parsed.text).toContain('Hello Rosalie Partenaire');
    expect(mail.parsed.text).toContain('Tour de table : 9 groupes présents.');
    expect(mail.parsed.text).toContain('Écrire au CIUSSS pour le local.');
    expect(textsTo(marcel.phone).at(-1)).toMatch(new RegExp(`^Passerelle: the minutes of the Table de quartier Saint-Roch meeting of .+ are online: ${publicBase}/participer/espace/reunions/${meetingId}/\\?locale=en$`));
    expect((await coordo.get(`${spaceMeetingPath(meetingId)}?locale=en`)).text).toMatch(/Minutes sent on .+ to 3 members\./);

    const rows = await strapi.db.query('api::participation.outbound-message').findMany({ where: { messageKind: { $in: ['space-agenda', 'space-minutes'] } } });
    expect(rows).toHaveLength(6);
    for (const row of rows) expect({ status: row.deliveryStatus, recipient: row.recipient, body: row.body }).toEqual({ status: 'sent', recipient: null, body: null });
  });

  it('invites Léa by email: she follows the link, presses the button, finds the table, and gets the next agenda', async () => {
    const coordo = await signInByTextCode(app.baseUrl, ginette.phone, lastTextTo);
    const form = await coordo.get(spaceInvitePath(tableId));
    const lea = newMemberEmail('lea');
    const made = await coordo.post(spaceInvitePath(tableId), { ...hiddenFields(form.text, spaceInvitePath(tableId)), name: 'Léa Nouvelle', contact: lea, role: 'intervenant' });
    expect(made.status).toBe(200);
    const mail = mailsTo(lea);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.parsed.text).toContain('Ginette Coordo vous invite à la table Table de quartier Saint-Roch');
    const link = new URL(/(https:\/\/www\.exemple\.ca\/participer\/espace\/lien\?jeton=[A-Za-z0-9_-]{43}&locale=fr)/.exec(mail[0]!.parsed.text ?? '')![1]!);
    const browser = new SpaceBrowser(app.baseUrl);
    const button = await browser.get(link.pathname + link.search);
    expect((await browser.post(spacePaths.link, hiddenFields(button.text, spacePaths.link))).status).toBe(303);
    expect((await browser.get(spaceTablePath(tableId))).text).toContain('Léa Nouvelle');

    const next = await coordo.post(spaceMeetingActions.create(tableId), {
      ...hiddenFields((await coordo.get(`/participer/espace/tables/${tableId}/reunions/nouvelle`)).text, spaceMeetingActions.create(tableId)),
      title: 'Rencontre d’avril', date: '2030-04-09', start: '13:30', end: '15:00', place: 'Centre Durocher', callIn: '', agenda: '1. Accueil de Léa',
    });
    const nextId = /reunions\/([a-z0-9]{24})\//.exec(next.location ?? '')![1]!;
    const page = await coordo.get(spaceMeetingPath(nextId));
    expect((await coordo.post(spaceMeetingActions.sendAgenda(nextId), hiddenFields(page.text, spaceMeetingActions.sendAgenda(nextId)))).status).toBe(303);
    expect(mailsTo(lea).at(-1)!.parsed.text).toContain('1. Accueil de Léa');
    expect((await coordo.get(spaceMeetingPath(nextId))).text).toMatch(/à 4 membres\./);
  });
});
