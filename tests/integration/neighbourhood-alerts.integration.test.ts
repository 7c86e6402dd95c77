import { randomBytes } from 'node:crypto';
import { alertPaths } from '@passerelle/shared/participation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWeeklyDigests, type DigestSchedule } from '../../cms/src/participation/alerts/digest.ts';
import { alertNewItem } from '../../cms/src/participation/alerts/new-items.ts';
import { montrealDay } from '../../cms/src/participation/events/reminders.ts';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import { getPage, inDays, outboxSettled, postForm, publishedEventWithForm, publishedPetition, useTestOutbox } from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { smtpEnv, startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { voiceSimulator } from '../support/voice-simulator.ts';

/**
 * Alerts by neighbourhood, without an account, end to end: the web form (double opt-in by an
 * emailed link or OUI by text), ABONNER by text, the weekly digest run at a controlled clock
 * (once per subscriber and date, resumed without doubles after a run cut short), "right away" for a
 * new petition, the one-click stop of RFC 8058 and ARRET, Law 25 export, erasure and retention.
 * Emails reach a real SMTP server on loopback, texts the fake Twilio. SQLite and PostgreSQL.
 */
const publicBase = 'https://www.exemple.ca';
useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let twilio: FakeTwilio;
let mailbox: SmtpMailbox;
let sms: SmsSimulator;

const day = 86_400_000;
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** Today in Montréal is the digest day, at any hour: the run happens now. */
const todaySchedule = (): DigestSchedule => ({ day: weekdays[new Date(`${montrealDay(Date.now()).date}T12:00:00Z`).getUTCDay()]!, hours: { from: 0, until: 24 } });

let phoneMenuNumber = 700;
async function publishedNeighbourhood(name: string, fsas: string[], territory = 'Cœur-de-l’Île'): Promise<{ documentId: string; slug: string; number: number }> {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const slug = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  const number = phoneMenuNumber++;
  const data = { name, slug, territory, lat: 45.54, lng: -73.62, fsas, phoneMenuNumber: number };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return { documentId: created.documentId as string, slug, number };
}

const subscriptions = (where: Record<string, unknown> = {}) => strapi.db.query('api::participation.alert-subscription').findMany({ where }) as Promise<Array<Record<string, any>>>;
const mailsTo = (address: string) => mailbox.received.filter((m) => m.envelope.to.includes(address));
const textsTo = (phone: string) => twilio.received.filter((m) => m.to === phone).map((m) => m.body);
const subscribe = (fields: Record<string, string>, ip?: string) =>
  postForm(app.baseUrl, alertPaths.subscribe, { locale: 'fr', area: 'neighbourhood', email: '', phone: '', website: '', ...fields }, ip ? { ip } : {});
/** A header as the message carried it (unfolded): mailparser groups the List-* headers its own way. */
const headerOf = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' '))?.[1]?.trim();
const pathOf = (link: string) => link.replace(publicBase, '');
const linkIn = (text: string, path: string) => {
  const match = new RegExp(`${publicBase.replace(/\./g, '\\.')}${path.replace(/\//g, '\\/')}\\?jeton=[^\\s]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[0];
};

async function digestRun(limit?: number) {
  const report = await sendWeeklyDigests(strapi, new Date(), todaySchedule(), limit);
  await outboxSettled();
  return report;
}

let villeray: { documentId: string; slug: string; number: number };
let rosemont: { documentId: string; slug: string; number: number };
let quiet: { documentId: string; slug: string; number: number };

beforeAll(async () => {
  twilio = await startFakeTwilio();
  mailbox = await startSmtpMailbox();
  app = await startStrapi({
    env: {
      ...smtpEnv(mailbox, 'Passerelle <alertes@exemple.ca>'),
      ...twilioEnv(twilio),
      SMS_CALLBACK_BASE_URL: publicBase,
      SMS_INBOUND_REPLIES_PER_HOUR: '200',
      PUBLIC_SITE_URL: publicBase,
      CRON_ENABLED: 'false',
      VOICE_CALLS_PER_HOUR: '100',
      VOICE_ACTIONS_PER_HOUR: '100',
      ALERT_DIGEST_DAY: 'thursday',
      ALERT_DIGEST_HOURS: undefined,
      ALERT_DIGEST_CRON: undefined,
      PETITION_RATE_SHORT_MAX: undefined,
      PETITION_RATE_LONG_MAX: undefined,
    },
  });
  strapi = app.strapi;
  sms = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
  villeray = await publishedNeighbourhood('Villeray', ['H2R']);
  rosemont = await publishedNeighbourhood('Rosemont', ['H1X'], 'Cœur-de-l’Île');
  quiet = await publishedNeighbourhood('Tranquille', ['H9Z'], 'Ouest-de-l’Île');
  await publishedEventWithForm(strapi, 20, { title: 'Corvée de ruelle', startsAt: inDays(2), endsAt: inDays(2, 20), neighbourhoods: [villeray.documentId] });
  await publishedEventWithForm(strapi, 20, { title: 'Souper communautaire', startsAt: inDays(4), endsAt: inDays(4, 20), neighbourhoods: [rosemont.documentId] });
  // Beyond the week: not in this digest.
  await publishedEventWithForm(strapi, 20, { title: 'Fête de quartier lointaine', startsAt: inDays(20), endsAt: inDays(20, 20), neighbourhoods: [villeray.documentId] });
});

afterAll(async () => {
  await app?.stop();
  await twilio?.close();
  await mailbox?.close();
});

describe('subscribing on the web: double opt-in', () => {
  it('an email gets a link; GET shows a button and changes nothing; POST confirms', async () => {
    const email = `louise.${randomBytes(3).toString('hex')}@exemple.ca`;
    const response = await subscribe({ neighbourhood: villeray.slug, email, rightAway: 'yes' });
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${alertPaths.requested}?locale=fr`);
    const landing = await getPage(app.baseUrl, response.location!);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain('Vérifiez vos messages');
    expect(landing.text).not.toContain(email);
    expect(await subscriptions({ email })).toEqual([expect.objectContaining({ subscriptionStatus: 'pending', channel: 'email', rightAway: false })]);

    const mail = await mailbox.waitFor(email);
    expect(mail.parsed.subject).toBe('Confirmez vos alertes Passerelle');
    expect(mail.parsed.text).toContain('Villeray');
    expect(mail.parsed.text).toContain('jeudi');
    const link = linkIn(mail.parsed.text ?? '', alertPaths.confirm);

    const page = await getPage(app.baseUrl, pathOf(link));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Oui, je confirme');
    expect(page.text).not.toContain(email);
    expect((await subscriptions({ email }))[0]).toMatchObject({ subscriptionStatus: 'pending' });

    const jeton = new URL(link).searchParams.get('jeton')!;
    const confirmed = await postForm(app.baseUrl, alertPaths.confirm, { jeton, locale: 'fr' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`${alertPaths.confirmed}?locale=fr`);
    expect((await subscriptions({ email }))[0]).toMatchObject({ subscriptionStatus: 'active', rightAway: true, confirmTokenHash: null });
    expect(Number((await subscriptions({ email }))[0]!.consentAtMs)).toBeGreaterThan(Date.now() - 60_000);
    // The link is spent.
    expect((await postForm(app.baseUrl, alertPaths.confirm, { jeton, locale: 'fr' })).status).toBe(404);
  });

  it('a number gets a text; OUI confirms it', async () => {
    const phone = newTestNumber();
    expect((await subscribe({ neighbourhood: rosemont.slug, area: 'territory', phone })).status).toBe(303);
    expect(textsTo(phone).at(-1)).toMatch(/repondez OUI/);
    expect(textsTo(phone).at(-1)).toContain('Cœur-de-l’Île');
    const reply = await sms.phone(phone).ask('oui');
    expect(reply).toContain('c\'est note');
    expect(await subscriptions({ phone })).toEqual([expect.objectContaining({ subscriptionStatus: 'active', area: 'territory', channel: 'sms' })]);
  });

  it('bad input: the form again with the values kept and a French error, never a 500', async () => {
    const response = await subscribe({ neighbourhood: 'quartier-qui-nexiste-pas', email: 'pas-un-courriel' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Choisissez un quartier.');
    expect(response.text).toContain('value="pas-un-courriel"');
    const empty = await subscribe({ neighbourhood: villeray.slug });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('name="neighbourhood" value="' + villeray.slug + '"');
  });
});

describe('nobody can use the form against someone else', () => {
  it('a known and an unknown contact get the same answer; one contact gets at most three confirmations a day', async () => {
    const email = `cible.${randomBytes(3).toString('hex')}@exemple.ca`;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await subscribe({ neighbourhood: villeray.slug, email }));
    for (const answer of answers) expect({ status: answer.status, location: answer.location }).toEqual({ status: 303, location: `${alertPaths.requested}?locale=fr` });
    const fresh = await subscribe({ neighbourhood: villeray.slug, email: `autre.${randomBytes(3).toString('hex')}@exemple.ca` });
    expect({ status: fresh.status, location: fresh.location, text: fresh.text }).toEqual({ status: answers[0]!.status, location: answers[0]!.location, text: answers[0]!.text });
    await outboxSettled();
    expect(mailsTo(email)).toHaveLength(3);
    // Still one row for that contact and place, whatever the number of requests.
    expect(await subscriptions({ email })).toHaveLength(1);
  });

  it('forged, garbled or spent links get the "link not valid" page; a GET never stops anything', async () => {
    for (const jeton of ['', 'x', 'A'.repeat(43), '<script>', 'a'.repeat(5000)]) {
      const page = await getPage(app.baseUrl, `${alertPaths.confirm}?jeton=${encodeURIComponent(jeton)}&locale=fr`);
      expect(page.status).toBe(404);
      const stop = await getPage(app.baseUrl, `${alertPaths.stop}?jeton=${encodeURIComponent(jeton)}&locale=fr`);
      expect(stop.status).toBe(404);
      expect((await postForm(app.baseUrl, alertPaths.stop, { jeton, locale: 'fr' })).status).toBe(404);
    }
    const [row] = await subscriptions({ subscriptionStatus: 'active', channel: 'email' });
    // Another subscription's id with a made-up signature.
    expect((await postForm(app.baseUrl, alertPaths.stop, { jeton: `${row!.documentId}.${'0'.repeat(32)}`, locale: 'fr' })).status).toBe(404);
    expect(await subscriptions({ id: row!.id })).toHaveLength(1);
  });
});

describe('the weekly digest', () => {
  it('one per active subscriber with something on; a run cut short resumes without doubles or gaps', async () => {
    const quietEmail = `calme.${randomBytes(3).toString('hex')}@exemple.ca`;
    expect((await subscribe({ neighbourhood: quiet.slug, email: quietEmail })).status).toBe(303);
    const link = linkIn((await mailbox.waitFor(quietEmail)).parsed.text ?? '', alertPaths.confirm);
    await postForm(app.baseUrl, alertPaths.confirm, { jeton: new URL(link).searchParams.get('jeton')!, locale: 'fr' });

    const active = await subscriptions({ subscriptionStatus: 'active' });
    const withNews = active.filter((row) => row.neighbourhoodDocumentId !== quiet.documentId);
    expect(withNews.length).toBeGreaterThanOrEqual(2);

    // Not the day: nothing.
    const otherDay = { ...todaySchedule(), day: todaySchedule().day === 'monday' ? 'tuesday' : 'monday' } as DigestSchedule;
    expect(await sendWeeklyDigests(strapi, new Date(), otherDay)).toMatchObject({ inWindow: false, queued: 0 });

    const first = await digestRun(1);
    expect(first).toMatchObject({ inWindow: true, queued: 1 });
    const second = await digestRun();
    expect(second.queued).toBe(withNews.length - 1);
    expect(second.alreadyQueued).toBe(1);
    expect(second.nothingOn).toBe(1);
    const third = await digestRun();
    expect(third).toMatchObject({ queued: 0, alreadyQueued: withNews.length });

    const keys = (await strapi.db.query('api::participation.outbound-message').findMany({ where: { messageKind: 'alert-digest' }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>;
    expect(keys).toHaveLength(withNews.length);
    expect(new Set(keys.map((k) => k.idempotencyKey)).size).toBe(withNews.length);
    expect(mailsTo(quietEmail).filter((m) => /Cette semaine/.test(m.parsed.subject ?? ''))).toHaveLength(0);
  });

  it('the email names this week’s items, not later ones, and carries the one-click unsubscribe headers', async () => {
    const [row] = await subscriptions({ subscriptionStatus: 'active', channel: 'email', neighbourhoodDocumentId: villeray.documentId });
    const mail = mailbox.received.find((m) => m.envelope.to.includes(row!.email) && /Cette semaine/.test(m.parsed.subject ?? ''));
    expect(mail).toBeDefined();
    expect(mail!.parsed.text).toContain('Corvée de ruelle');
    expect(mail!.parsed.text).not.toContain('Fête de quartier lointaine');
    expect(mail!.parsed.text).not.toContain('Souper communautaire');
    const header = headerOf(mail!.raw, 'List-Unsubscribe') ?? '';
    expect(header).toMatch(new RegExp(`^<${publicBase.replace(/\./g, '\\.')}/participer/alertes/arreter\\?jeton=`));
    expect(headerOf(mail!.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // RFC 8058: the mail app posts `List-Unsubscribe=One-Click` to the header's link.
    const link = header.slice(1, -1);
    const page = await getPage(app.baseUrl, pathOf(link));
    expect(page.status).toBe(200);
    expect(await subscriptions({ id: row!.id })).toHaveLength(1);
    const oneClick = await postForm(app.baseUrl, pathOf(link), 'List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(303);
    expect(await subscriptions({ id: row!.id })).toHaveLength(0);
    // Again: already stopped, said so, never an error.
    expect((await getPage(app.baseUrl, pathOf(link))).status).toBe(200);
  });

  it('the text is numbered, within three segments, with the STOP words', async () => {
    const [row] = await subscriptions({ subscriptionStatus: 'active', channel: 'sms' });
    const digest = textsTo(row!.phone).find((body) => body.startsWith('Passerelle, cette semaine'));
    expect(digest).toBeDefined();
    // The whole territory: both neighbourhoods' events, soonest first.
    expect(digest).toContain('\n1. Corvée de ruelle');
    expect(digest).toContain('\n2. Souper communautaire');
    expect(digest!.endsWith('ARRET pour arreter')).toBe(true);
  });
});

describe('by text message', () => {
  it('ABONNER H2R subscribes at once; ARRET ends every alert of the number', async () => {
    const phone = newTestNumber();
    const reply = await sms.phone(phone).ask('abonner h2r 1a1');
    expect(reply).toContain('Villeray');
    expect(reply).toContain('jeudi');
    expect(await subscriptions({ phone })).toEqual([expect.objectContaining({ subscriptionStatus: 'active', neighbourhoodDocumentId: villeray.documentId })]);
    // Twice: still one.
    await sms.phone(phone).ask('ABONNER H2R');
    expect(await subscriptions({ phone })).toHaveLength(1);
    expect(await sms.phone(newTestNumber()).ask('abonner')).toContain('ABONNER H2R');
    // This week's digest reaches it (its own key: the run for the others already happened).
    expect((await digestRun()).queued).toBe(1);
    expect(textsTo(phone).filter((body) => body.startsWith('Passerelle, cette semaine, Villeray'))).toHaveLength(1);

    await sms.phone(phone).text('ARRÊT');
    expect(await subscriptions({ phone })).toHaveLength(0);
    await sms.phone(phone).text('DEBUT');
    expect(await subscriptions({ phone })).toHaveLength(0);
  });
});

describe('by phone', () => {
  it('4 after an item texts a confirmation; OUI starts the weekly news; pressed again in the call, nothing more', async () => {
    const line = voiceSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
    const phone = newTestNumber();
    const call = await line.call(phone);
    await call.press(`${villeray.number}#`);
    expect(call.lastHeard()).toContain('faites le 4');
    await call.press('4');
    expect(call.lastHeard()).toContain('Répondez OUI');
    await call.press('4');
    await outboxSettled();
    expect(textsTo(phone).filter((t) => /repondez OUI/.test(t))).toHaveLength(1);
    expect(await subscriptions({ phone })).toEqual([expect.objectContaining({ subscriptionStatus: 'pending', neighbourhoodDocumentId: villeray.documentId })]);
    expect(await sms.phone(phone).ask('OUI')).toContain('Villeray');
    expect(await subscriptions({ phone })).toEqual([expect.objectContaining({ subscriptionStatus: 'active' })]);
  });
});

describe('right away', () => {
  it('a new petition in the neighbourhood: once to those who asked, never again on a second publish', async () => {
    const email = `vite.${randomBytes(3).toString('hex')}@exemple.ca`;
    await subscribe({ neighbourhood: villeray.slug, email, rightAway: 'yes' });
    const link = linkIn((await mailbox.waitFor(email)).parsed.text ?? '', alertPaths.confirm);
    await postForm(app.baseUrl, alertPaths.confirm, { jeton: new URL(link).searchParams.get('jeton')!, locale: 'fr' });
    const weekly = `hebdo.${randomBytes(3).toString('hex')}@exemple.ca`;
    await subscribe({ neighbourhood: villeray.slug, email: weekly });
    const weeklyLink = linkIn((await mailbox.waitFor(weekly)).parsed.text ?? '', alertPaths.confirm);
    await postForm(app.baseUrl, alertPaths.confirm, { jeton: new URL(weeklyLink).searchParams.get('jeton')!, locale: 'fr' });

    const petition = await publishedPetition(strapi, 'open', { neighbourhoods: [villeray.documentId] });
    await outboxSettled();
    const news = () => mailsTo(email).filter((m) => (m.parsed.subject ?? '').startsWith('Nouveau'));
    expect(news()).toHaveLength(1);
    expect(news()[0]!.parsed.text).toContain(petition.title);
    expect(headerOf(news()[0]!.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mailsTo(weekly).filter((m) => (m.parsed.subject ?? '').startsWith('Nouveau'))).toHaveLength(0);

    await strapi.documents('api::petition.petition').publish({ documentId: petition.documentId, locale: '*' });
    expect(await alertNewItem(strapi, 'petition', petition.documentId)).toBe(0);
    await outboxSettled();
    expect(news()).toHaveLength(1);
  });
});

describe('Law 25', () => {
  it('export and erasure include subscriptions; unconfirmed requests go once their link expired', async () => {
    const email = `loi25.${randomBytes(3).toString('hex')}@exemple.ca`;
    await subscribe({ neighbourhood: villeray.slug, email });
    const exported = await exportPersonData(strapi, email);
    expect(exported.records).toEqual([expect.objectContaining({ kind: 'alertSubscription', email, subscriptionStatus: 'pending' })]);
    expect(exported.json).not.toContain('contactHash');
    await deletePersonData(strapi, email);
    expect(await subscriptions({ email })).toHaveLength(0);

    const stale = `vieux.${randomBytes(3).toString('hex')}@exemple.ca`;
    await subscribe({ neighbourhood: villeray.slug, email: stale });
    const report = await applyRetention(strapi, new Date(Date.now() + 8 * day));
    expect(report.alertRequestsErased).toBeGreaterThanOrEqual(1);
    expect(await subscriptions({ email: stale })).toHaveLength(0);
    // Active subscriptions stay until the person stops them.
    expect((await subscriptions({ subscriptionStatus: 'active' })).length).toBeGreaterThan(0);
  });
});
