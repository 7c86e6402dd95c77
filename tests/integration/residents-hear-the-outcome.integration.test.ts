import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tellOutcome } from '../../cms/src/participation/outcome-news.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import { answerPath, outboxSettled, postForm, publishedConsultation, publishedPetition, signPath, useTestOutbox, validAnswers, validSignature } from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { smtpEnv, startSmtpMailbox, type SmtpMailbox } from '../support/smtp-mailbox.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * "What changed", end to end: residents sign a petition by email or by text, with or without
 * "news about this petition", and confirm (or not); others answer a consultation with or without
 * agreeing to be contacted. The OC publishes an outcome: exactly the consenting, confirmed people
 * get one message each, on the channel they used (a real SMTP server on loopback, the fake
 * Twilio), naming only the item. A re-publish without change sends nothing, nor does a corrected
 * text; a new status sends one more each.
 */
const publicBase = 'https://www.exemple.ca';
useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let twilio: FakeTwilio;
let mailbox: SmtpMailbox;
let sms: SmsSimulator;

const petitionUid = 'api::petition.petition';
const consultationUid = 'api::consultation.consultation';
const outcomeRows = () => strapi.db.query('api::participation.outbound-message').findMany({ where: { messageKind: 'outcome' } }) as Promise<Array<Record<string, any>>>;
/** The outcome messages one address got (not its signature's confirmation). */
const mailsTo = (address: string) => mailbox.received.filter((m) => m.envelope.to.includes(address) && /^(Du nouveau|News)/.test(m.parsed.subject ?? ''));
const textsTo = (phone: string) => twilio.received.filter((m) => m.to === phone).map((m) => m.body);
const fresh = (name: string) => `${name}.${randomBytes(3).toString('hex')}@exemple.ca`;

/** As an OC does in the admin: edit the draft in each language, then publish every language. */
async function publishOutcome(uid: string, documentId: string, outcome: { status: string; date: string; fr?: string; en?: string }) {
  const documents = strapi.documents(uid);
  await documents.update({ documentId, locale: 'fr', data: { outcomeStatus: outcome.status, outcomeDate: outcome.date, outcomeText: outcome.fr ?? null } });
  await documents.update({ documentId, locale: 'en', data: { outcomeStatus: outcome.status, outcomeDate: outcome.date, outcomeText: outcome.en ?? null } });
  await documents.publish({ documentId, locale: '*' });
  await outboxSettled();
}

async function signByEmail(slug: string, fields: Record<string, string>): Promise<void> {
  const sent = await postForm(app.baseUrl, signPath(slug), validSignature(fields));
  expect(sent.status).toBe(303);
  const mail = await mailbox.waitFor(fields.email!);
  const jeton = /jeton=([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
  expect((await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton, locale: fields.locale ?? 'fr' })).status).toBe(303);
}

async function signByText(slug: string, phone: string, updates: boolean): Promise<void> {
  const sent = await postForm(app.baseUrl, signPath(slug), validSignature({ email: '', phone, ...(updates ? { updates: '1' } : {}) }));
  expect(sent.location).toMatch(/^\/participer\/petitions\/code\?ref=/);
  const ref = new URL(sent.location!, 'http://x').searchParams.get('ref')!;
  const code = /\b(\d{6})\b/.exec(textsTo(phone).at(-1) ?? '')![1]!;
  expect((await postForm(app.baseUrl, '/participer/petitions/code', { ref, code })).status).toBe(303);
}

beforeAll(async () => {
  twilio = await startFakeTwilio();
  mailbox = await startSmtpMailbox();
  app = await startStrapi({
    env: {
      ...smtpEnv(mailbox, 'Passerelle <nouvelles@exemple.ca>'),
      ...twilioEnv(twilio),
      SMS_CALLBACK_BASE_URL: publicBase,
      PUBLIC_SITE_URL: publicBase,
      CRON_ENABLED: 'false',
      PETITION_RATE_SHORT_MAX: undefined,
      PETITION_RATE_LONG_MAX: undefined,
    },
  });
  strapi = app.strapi;
  sms = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
});

afterAll(async () => {
  await app?.stop();
  await twilio?.close();
  await mailbox?.close();
});

describe('a petition’s outcome', () => {
  it('reaches each consenting, confirmed signer once, on their channel; a re-publish sends nothing; a new status one more each', async () => {
    const petition = await publishedPetition(strapi);
    const wantsNews = fresh('veut.nouvelles');
    const english = fresh('wants.news');
    const noNews = fresh('sans.nouvelles');
    const unconfirmed = fresh('pas.confirme');
    const textSigner = newTestNumber();
    const textNoNews = newTestNumber();
    const optedOut = newTestNumber();
    await signByEmail(petition.slug, { email: wantsNews, updates: '1', name: 'Ginette Lavoie' });
    await signByEmail(petition.slug, { email: english, updates: '1', locale: 'en', name: 'Sam Okafor' });
    await signByEmail(petition.slug, { email: noNews, name: 'Robert Côté' });
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: unconfirmed, updates: '1' }))).status).toBe(303);
    await signByText(petition.slug, textSigner, true);
    await signByText(petition.slug, textNoNews, false);
    await signByText(petition.slug, optedOut, true);
    expect(await sms.phone(optedOut).ask('ARRET')).toBeTruthy();
    const mailsBefore = mailbox.received.length;
    const textsBefore = twilio.received.length;

    await publishOutcome(petitionUid, petition.documentId, {
      status: 'won',
      date: '2026-11-20',
      fr: 'L’arrondissement verdira la ruelle au printemps. Merci à toutes les personnes qui ont signé !',
      en: 'The borough will green the lane in the spring. Thank you to everyone who signed!',
    });

    const rows = await outcomeRows();
    expect(rows.map((r) => `${r.channel}`).sort()).toEqual(['email', 'email', 'sms']);
    expect(mailsTo(wantsNews)).toHaveLength(1);
    expect(mailsTo(english)).toHaveLength(1);
    expect(textsTo(textSigner).slice(-1)[0]).toMatch(/^Passerelle, du nouveau sur « .+ » : Demande obtenue, le 20 novembre\. L’arrondissement verdira/);
    for (const nobody of [noNews, unconfirmed]) expect(mailsTo(nobody)).toHaveLength(0);
    expect(textsTo(textNoNews).some((t) => t.includes('Demande obtenue'))).toBe(false);
    expect(textsTo(optedOut).some((t) => t.includes('Demande obtenue'))).toBe(false);
    expect(mailbox.received.length - mailsBefore).toBe(2);
    expect(twilio.received.length - textsBefore).toBe(1);

    const [fr] = mailsTo(wantsNews);
    expect(fr!.parsed.subject).toBe(`Du nouveau : ${petition.title}`);
    expect(fr!.parsed.text).toContain('Demande obtenue, le vendredi 20 novembre 2026.');
    expect(fr!.parsed.text).toContain('L’arrondissement verdira la ruelle');
    expect(fr!.parsed.text).toMatch(new RegExp(`${publicBase.replace(/\./g, '\\.')}/p/[2-9A-HJKMNP-Z]{3,8}/`));
    const [en] = mailsTo(english);
    expect(en!.parsed.subject).toBe(`News: EN ${petition.title}`);
    expect(en!.parsed.text).toContain('Demand won on Friday, November 20, 2026.');
    expect(en!.parsed.text).toContain('/en/p/');
    // No other person's name, address or number in anyone's message.
    for (const text of [fr!.parsed.text ?? '', en!.parsed.text ?? '', textsTo(textSigner).at(-1)!]) {
      for (const other of ['Ginette', 'Sam Okafor', 'Robert', wantsNews, english, noNews, textSigner.slice(2)]) expect(text).not.toContain(other);
    }

    // Published again without change, or with a corrected text only: nothing new.
    await strapi.documents(petitionUid).publish({ documentId: petition.documentId, locale: '*' });
    await publishOutcome(petitionUid, petition.documentId, { status: 'won', date: '2026-11-20', fr: 'L’arrondissement verdira la ruelle au printemps.' });
    expect(await tellOutcome(strapi, petitionUid, petition.documentId)).toBe(0);
    await outboxSettled();
    expect(await outcomeRows()).toHaveLength(3);
    expect(mailsTo(wantsNews)).toHaveLength(1);

    // A new status is news: one more each, no more.
    await publishOutcome(petitionUid, petition.documentId, { status: 'delivered', date: '2026-11-20', fr: 'Remise à la mairesse.' });
    await publishOutcome(petitionUid, petition.documentId, { status: 'delivered', date: '2026-11-20', fr: 'Remise à la mairesse.' });
    expect(await outcomeRows()).toHaveLength(6);
    expect(mailsTo(wantsNews)).toHaveLength(2);
    expect(mailsTo(english)).toHaveLength(2);
    expect(textsTo(textSigner).filter((t) => t.includes('du nouveau'))).toHaveLength(2);
    // The English version has no text this time: its signer gets the status and the day, in English.
    expect(mailsTo(english)[1]!.parsed.text).toContain('Petition delivered on Friday, November 20, 2026.\n\nAll the details');
  });

  it('an outcome needs its day: the admin refuses one without, and nothing is sent', async () => {
    const petition = await publishedPetition(strapi);
    await expect(
      strapi.documents(petitionUid).update({ documentId: petition.documentId, locale: 'fr', data: { outcomeStatus: 'answered' } }),
    ).rejects.toThrow(/outcomeDate/);
    await expect(
      strapi.documents(petitionUid).update({ documentId: petition.documentId, locale: 'fr', data: { outcomeDate: '2026-11-20' } }),
    ).rejects.toThrow(/outcomeStatus/);
    expect(await tellOutcome(strapi, petitionUid, petition.documentId)).toBe(0);
  });
});

describe('a consultation’s decision', () => {
  it('reaches those who agreed to be contacted, by email or else by text; never the others', async () => {
    const consultation = await publishedConsultation(strapi);
    const byMail = fresh('repondante');
    const byText = newTestNumber();
    const silent = fresh('silencieux');
    const answer = (fields: Record<string, string>) => postForm(app.baseUrl, answerPath(consultation.slug), validAnswers(fields));
    expect((await answer({ followUp: '1', name: 'Awa Diallo', email: byMail, phone: '' })).status).toBe(303);
    expect((await answer({ followUp: '1', name: 'Luc Paquette', email: '', phone: byText })).status).toBe(303);
    expect((await answer({ name: '', email: '', phone: '' })).status).toBe(303);
    // A filled honeypot is kept as suspect: it is never written back to.
    expect((await answer({ followUp: '1', name: 'Robot', email: silent, phone: '', website: 'http://spam.example' })).status).toBe(303);
    const before = (await outcomeRows()).length;

    await publishOutcome(consultationUid, consultation.documentId, {
      status: 'decided',
      date: '2026-12-01',
      fr: 'Le parc aura trois bancs de plus et des toilettes ouvertes l’hiver.',
      en: 'The park will get three more benches and toilets open in winter.',
    });
    expect((await outcomeRows()).length - before).toBe(2);
    const [mail] = mailsTo(byMail);
    expect(mail!.parsed.subject).toBe(`Du nouveau : ${consultation.title}`);
    expect(mail!.parsed.text).toContain('Vous avez répondu à la consultation');
    expect(mail!.parsed.text).toContain('Décision prise, le mardi 1er décembre 2026.');
    expect(mail!.parsed.text).not.toContain('Luc');
    expect(textsTo(byText).at(-1)).toContain('Décision prise, le 1er décembre');
    expect(mailsTo(silent)).toHaveLength(0);
  });
});
