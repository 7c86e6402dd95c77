import { randomBytes } from 'node:crypto';
import { alertConfirmationsPerDay, alertPaths } from '@passerelle/shared/participation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxUid, recipientHash } from '../../cms/src/participation/messages/send.ts';
import { maxResendsPerDay } from '../../cms/src/participation/petitions/resends.ts';
import { optOutHash } from '../../cms/src/participation/sms/opt-outs.ts';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../support/fake-twilio.ts';
import {
  answerPath,
  burst,
  inDays,
  interestPath,
  outboxSettled,
  postForm,
  proposePath,
  publishedCall,
  publishedConsultation,
  publishedEventWithForm,
  publishedPetition,
  rsvpPath,
  signPath,
  useTestOutbox,
  validAnswers,
  validInterest,
  validProposal,
  validRsvp,
  validSignature,
  type FormResponse,
} from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { voiceSimulator, type SimulatedCall, type VoiceSimulator } from '../support/voice-simulator.ts';

/**
 * Every count-then-write limit of the public side, hit by a burst: three times the limit sent at
 * once, as real HTTP posts (forms, the SMS webhook, the phone line's webhook). Exactly the limit
 * passes, on SQLite and on PostgreSQL (this file runs in both integration runs): simultaneous
 * requests must count one after the other, not all read the same count and pass together. The
 * messages sent to a contact matter most: a burst must not let anyone flood a stranger through us.
 */
const publicBase = 'https://www.exemple.ca';
useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let twilio: FakeTwilio;
let sms: SmsSimulator;
let line: VoiceSimulator;

/** Per address and item: 2 in the short window, 5 in the long one (the long one never bites here). */
const perAddress = 2;
const smsRepliesPerHour = 5;
/** The phone line's defaults. */
const callsPerHour = 10;
const actionsPerHour = 3;

/** No burst may end in a server error: each request gets the page it would get alone. */
function expectNoServerError(answers: Array<{ status: number }>): void {
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
}

const outboxTo = (channel: 'email' | 'sms', contact: string, messageKind?: string) =>
  strapi.db.query(outboxUid).count({ where: { recipientHash: recipientHash(channel, contact), ...(messageKind ? { messageKind } : {}) } });

let phoneMenuNumber = 800 + Math.floor(Math.random() * 100);
async function neighbourhood(withEvent: boolean): Promise<{ documentId: string; slug: string; number: number }> {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const number = phoneMenuNumber++;
  const data = { name: 'Villeray', slug: `villeray-${randomBytes(3).toString('hex')}`, territory: 'Montréal', lat: 45.54, lng: -73.62, fsas: ['H2R'], phoneMenuNumber: number };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  if (withEvent) await publishedEventWithForm(strapi, 50, { startsAt: inDays(2), endsAt: inDays(2, 20), neighbourhoods: [created.documentId] });
  return { documentId: created.documentId as string, slug: data.slug, number };
}

beforeAll(async () => {
  twilio = await startFakeTwilio();
  app = await startStrapi({
    env: {
      ...twilioEnv(twilio),
      SMS_CALLBACK_BASE_URL: publicBase,
      PUBLIC_SITE_URL: publicBase,
      CRON_ENABLED: 'false',
      SMTP_HOST: undefined,
      PETITION_RATE_SHORT_MAX: String(perAddress),
      PETITION_RATE_LONG_MAX: '5',
      SMS_INBOUND_REPLIES_PER_HOUR: String(smsRepliesPerHour),
      VOICE_CALLS_PER_HOUR: String(callsPerHour),
      VOICE_ACTIONS_PER_HOUR: String(actionsPerHour),
    },
  });
  strapi = app.strapi;
  sms = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
  line = voiceSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
});

afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

describe('nobody can flood a contact through us with a burst', () => {
  it(`an email gets at most ${alertConfirmationsPerDay} alert confirmations a day, and one subscription row`, async () => {
    const place = await neighbourhood(false);
    const email = `cible.${randomBytes(3).toString('hex')}@exemple.ca`;
    // Each post from its own address: only the contact's own limit is at play.
    const answers = await burst(3 * alertConfirmationsPerDay, () => postForm(app.baseUrl, alertPaths.subscribe, { locale: 'fr', area: 'neighbourhood', neighbourhood: place.slug, email, phone: '', website: '' }));
    expectNoServerError(answers);
    expect(new Set(answers.map((a) => `${a.status} ${a.location}`))).toEqual(new Set([`303 ${alertPaths.requested}?locale=fr`]));
    expect(await outboxTo('email', email, 'alert-confirmation')).toBe(alertConfirmationsPerDay);
    expect(await strapi.db.query('api::participation.alert-subscription').count({ where: { email } })).toBe(1);
  });

  it(`a mobile gets at most ${alertConfirmationsPerDay} alert confirmations a day by text`, async () => {
    const place = await neighbourhood(false);
    const phone = newTestNumber();
    const answers = await burst(3 * alertConfirmationsPerDay, () => postForm(app.baseUrl, alertPaths.subscribe, { locale: 'fr', area: 'neighbourhood', neighbourhood: place.slug, email: '', phone, website: '' }));
    expectNoServerError(answers);
    expect(await outboxTo('sms', phone, 'alert-confirmation')).toBe(alertConfirmationsPerDay);
  });

  it(`a petition signature gets at most ${maxResendsPerDay} re-sent confirmations a day`, async () => {
    const petition = await publishedPetition(strapi);
    const email = `signe.${randomBytes(3).toString('hex')}@exemple.ca`;
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email }))).status).toBe(303);
    const answers = await burst(3 * maxResendsPerDay, () => postForm(app.baseUrl, signPath(petition.slug), validSignature({ email })));
    expectNoServerError(answers);
    expect(await outboxTo('email', email)).toBe(1 + maxResendsPerDay);
    expect(await strapi.db.query('api::participation.signature').count({ where: { petitionDocumentId: petition.documentId } })).toBe(1);
  });

  it(`a mobile typed on a petition at once: one signature, one code and at most ${maxResendsPerDay} more`, async () => {
    const petition = await publishedPetition(strapi);
    const phone = newTestNumber();
    const answers = await burst(3 * (1 + maxResendsPerDay), () => postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone })));
    expectNoServerError(answers);
    expect(await strapi.db.query('api::participation.signature').count({ where: { petitionDocumentId: petition.documentId } })).toBe(1);
    expect(await outboxTo('sms', phone)).toBe(1 + maxResendsPerDay);
  });
});

describe('the per-address limits hold when one address posts all at once', () => {
  /** `3 × perAddress` posts of a form from one address, all at once. */
  const fromOneAddress = (send: (ip: string, i: number) => Promise<FormResponse>) => {
    const ip = `10.252.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    return burst(3 * perAddress, (i) => send(ip, i));
  };

  it(`signatures: ${perAddress} counted, the rest held as suspect`, async () => {
    const petition = await publishedPetition(strapi);
    const answers = await fromOneAddress((ip) => postForm(app.baseUrl, signPath(petition.slug), validSignature(), { ip }));
    expectNoServerError(answers);
    const rows = (await strapi.db.query('api::participation.signature').findMany({ where: { petitionDocumentId: petition.documentId }, select: ['signatureStatus'] })) as Array<{ signatureStatus: string }>;
    expect(rows).toHaveLength(3 * perAddress);
    expect(rows.filter((r) => r.signatureStatus !== 'suspect')).toHaveLength(perAddress);
  });

  it(`event registrations: ${perAddress} counted`, async () => {
    const event = await publishedEventWithForm(strapi, null);
    const answers = await fromOneAddress((ip) => postForm(app.baseUrl, rsvpPath(event.slug), validRsvp(), { ip }));
    expectNoServerError(answers);
    const where = { eventDocumentId: event.documentId };
    expect(await strapi.db.query('api::participation.registration').count({ where })).toBe(3 * perAddress);
    expect(await strapi.db.query('api::participation.registration').count({ where: { ...where, registrationStatus: { $ne: 'suspect' } } })).toBe(perAddress);
  });

  it(`consultation answers: ${perAddress} counted`, async () => {
    const consultation = await publishedConsultation(strapi);
    const answers = await fromOneAddress((ip) => postForm(app.baseUrl, answerPath(consultation.slug), validAnswers(), { ip }));
    expectNoServerError(answers);
    const where = { consultationDocumentId: consultation.documentId };
    expect(await strapi.db.query('api::participation.consultation-response').count({ where })).toBe(3 * perAddress);
    expect(await strapi.db.query('api::participation.consultation-response').count({ where: { ...where, suspectReason: { $null: true } } })).toBe(perAddress);
  });

  it(`"I’m interested": ${perAddress} counted and forwarded`, async () => {
    const call = await publishedCall(strapi);
    const answers = await fromOneAddress((ip) => postForm(app.baseUrl, interestPath(call.slug), validInterest(), { ip }));
    expectNoServerError(answers);
    const where = { callDocumentId: call.documentId };
    expect(await strapi.db.query('api::participation.interest').count({ where })).toBe(3 * perAddress);
    expect(await strapi.db.query('api::participation.interest').count({ where: { ...where, suspectReason: { $null: true } } })).toBe(perAddress);
    expect(await outboxTo('email', call.contactEmail, 'interest-forward')).toBe(perAddress);
  });

  it(`activity proposals: ${perAddress} become draft events`, async () => {
    const organizationName = `Rafale ${randomBytes(3).toString('hex')}`;
    const answers = await fromOneAddress((ip) => postForm(app.baseUrl, proposePath, validProposal({ organizationName }), { ip }));
    expectNoServerError(answers);
    const where = { organizationName };
    expect(await strapi.db.query('api::participation.event-proposal').count({ where })).toBe(3 * perAddress);
    expect(await strapi.db.query('api::participation.event-proposal').count({ where: { ...where, suspectReason: { $null: true } } })).toBe(perAddress);
  });

  it(`alert requests: ${perAddress} taken, whatever the contacts`, async () => {
    const place = await neighbourhood(false);
    const emails = Array.from({ length: 3 * perAddress }, (_, i) => `voisin.${i}.${randomBytes(3).toString('hex')}@exemple.ca`);
    const answers = await fromOneAddress((ip, i) => postForm(app.baseUrl, alertPaths.subscribe, { locale: 'fr', area: 'neighbourhood', neighbourhood: place.slug, email: emails[i]!, phone: '', website: '' }, { ip }));
    expectNoServerError(answers);
    expect(await strapi.db.query('api::participation.alert-subscription').count({ where: { email: { $in: emails } } })).toBe(perAddress);
  });
});

describe('seats hold when registrations arrive all at once', () => {
  it('an event with 4 seats confirms 4 people, whatever the burst', async () => {
    const seats = 4;
    const event = await publishedEventWithForm(strapi, seats);
    const answers = await burst(3 * seats, () => postForm(app.baseUrl, rsvpPath(event.slug), validRsvp()));
    expectNoServerError(answers);
    expect(await strapi.db.query('api::participation.registration').count({ where: { eventDocumentId: event.documentId, registrationStatus: 'confirmed' } })).toBe(seats);
    expect(await strapi.db.query('api::participation.registration').count({ where: { eventDocumentId: event.documentId, registrationStatus: 'waitlisted' } })).toBe(2 * seats);
  });
});

describe('texts and calls hold under bursts: each answer costs money', () => {
  it(`a number gets at most ${smsRepliesPerHour} answers an hour to its texts`, async () => {
    const phone = sms.phone();
    const answers = await burst(3 * smsRepliesPerHour, () => phone.send('AIDE'));
    expectNoServerError(answers);
    await outboxSettled();
    expect(await strapi.db.query('api::participation.sms-inbound').count({ where: { senderHash: optOutHash(phone.number) } })).toBe(3 * smsRepliesPerHour);
    expect(await strapi.db.query('api::participation.sms-inbound').count({ where: { senderHash: optOutHash(phone.number), answered: true } })).toBe(smsRepliesPerHour);
    expect(await outboxTo('sms', phone.number, 'sms-reply')).toBe(smsRepliesPerHour);
  });

  it(`the phone line lets in ${callsPerHour} calls an hour from one number`, async () => {
    const caller = newTestNumber();
    const calls = await burst(3 * callsPerHour, () => line.call(caller));
    expect(calls.filter((call) => !call.ended)).toHaveLength(callsPerHour);
    expect(await strapi.db.query('api::participation.voice-action').count({ where: { callerHash: optOutHash(caller), actionKind: 'call' } })).toBe(callsPerHour);
  });

  it(`the phone line texts one number at most ${actionsPerHour} items an hour`, async () => {
    const place = await neighbourhood(true);
    const caller = newTestNumber();
    const calls: SimulatedCall[] = [];
    // Calls a few at a time: the calls' own limit is not what this case is about.
    for (let i = 0; i < 3 * actionsPerHour; i++) calls.push(await line.call(caller));
    await burst(calls.length, (i) => calls[i]!.press(`${place.number}#`));
    await burst(calls.length, (i) => calls[i]!.press('1'));
    await outboxSettled();
    expect(await strapi.db.query('api::participation.voice-action').count({ where: { callerHash: optOutHash(caller), actionKind: 'text' } })).toBe(actionsPerHour);
    expect(await outboxTo('sms', caller, 'voice-item')).toBe(actionsPerHour);
    expect(calls.filter((call) => call.lastHeard().includes('Ce numéro a fait assez de demandes'))).toHaveLength(2 * actionsPerHour);
  });

  it(`the phone line registers one number at most ${actionsPerHour} times an hour`, async () => {
    const place = await neighbourhood(true);
    const caller = newTestNumber();
    const calls: SimulatedCall[] = [];
    for (let i = 0; i < 3 * actionsPerHour; i++) calls.push(await line.call(caller));
    await burst(calls.length, (i) => calls[i]!.press(`${place.number}#`));
    await burst(calls.length, (i) => calls[i]!.press('2'));
    await outboxSettled();
    expect(await strapi.db.query('api::participation.voice-action').count({ where: { callerHash: optOutHash(caller), actionKind: 'register' } })).toBe(actionsPerHour);
    // Refused past the limit: nothing stored for those calls, not even a suspect or repeated row.
    expect(await strapi.db.query('api::participation.registration').count({ where: { ipHash: optOutHash(caller).slice(0, 32) } })).toBe(actionsPerHour);
    expect(calls.filter((call) => call.lastHeard().includes('Ce numéro a fait assez de demandes'))).toHaveLength(2 * actionsPerHour);
  });
});
