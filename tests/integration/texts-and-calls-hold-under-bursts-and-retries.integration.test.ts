import { randomBytes } from 'node:crypto';
import { anAccessPoint, toStrapiDocument } from '@passerelle/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxUid, recipientHash } from '../../cms/src/participation/messages/send.ts';
import { optOutHash } from '../../cms/src/participation/sms/opt-outs.ts';
import { startFakeTelnyx, type FakeTelnyx } from '../support/fake-telnyx.ts';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../support/fake-twilio.ts';
import { burst, inDays, outboxSettled, publishedEventWithForm, publishedPetition, useTestOutbox } from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SimulatedPhone, type SmsSimulator } from '../support/sms-simulator.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { voiceSimulator, type VoiceSimulator } from '../support/voice-simulator.ts';

/**
 * Texts and calls are paid for, and they reach a person: what one message or one key press does
 * must happen once, whatever arrives at the same moment. Two kinds of bursts, as real signed
 * webhook posts, on SQLite and on PostgreSQL (this file runs in both integration runs):
 *
 * - residents' own bursts: one number, or many, signing a petition or registering for an event
 *   by text at once (one signature or registration per person and item, seats never over capacity);
 * - the provider's retries: Twilio and Telnyx post a webhook again when we answer slowly, so the
 *   SAME message id, or the same call and key, can arrive twice at once. It must act once and be
 *   answered once: a second reply costs money and confuses the resident. Delivery reports played
 *   again, or out of order, must never move a message back.
 */
const publicBase = 'https://www.exemple.ca';
useTestOutbox();
/**
 * High enough that the per-number answer limit and the per-address limits (decision 0051's cases)
 * never bite here: a retry must act once by itself, not because a limit happened to hold it back.
 */
const repliesPerHour = 40;
const perAddress = { PETITION_RATE_SHORT_MAX: '10', PETITION_RATE_LONG_MAX: '20' };

function expectNoServerError(answers: Array<{ status: number }>): void {
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  expect(answers.filter((a) => a.status !== 200)).toEqual([]);
}

/** A fresh forward sortation area for each neighbourhood: the text search finds exactly it. */
let fsaCounter = 0;
const nextFsa = () => `H${(fsaCounter % 9) + 1}${'ABCEGHJKLMNPRSTVWXYZ'[Math.floor(fsaCounter++ / 9)]}`;

let phoneMenuNumber = 700 + Math.floor(Math.random() * 90);

/** A published neighbourhood with exactly one item of the week: an event with `capacity` seats, or a petition. */
async function neighbourhoodWith(strapi: Strapi, item: { eventSeats: number | null } | 'petition') {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const fsa = nextFsa();
  const number = phoneMenuNumber++;
  const data = { name: `Quartier ${randomBytes(3).toString('hex')}`, slug: `quartier-${randomBytes(3).toString('hex')}`, territory: 'Montréal', lat: 45.54, lng: -73.62, fsas: [fsa], phoneMenuNumber: number };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  const neighbourhoods = [created.documentId as string];
  if (item === 'petition') {
    const petition = await publishedPetition(strapi, 'open', { closesAt: inDays(5), neighbourhoods });
    return { fsa, number, documentId: created.documentId as string, petition: petition.documentId, event: '' };
  }
  const event = await publishedEventWithForm(strapi, item.eventSeats, { startsAt: inDays(2), endsAt: inDays(2, 20), neighbourhoods });
  return { fsa, number, documentId: created.documentId as string, event: event.documentId, petition: '' };
}

/** A published place to get online in the neighbourhood, so the line offers 5 and, after it, 9. */
async function placeToGetOnline(strapi: Strapi, neighbourhood: string): Promise<void> {
  const documents = strapi.documents('api::access-point.access-point');
  const fixture = anAccessPoint({ name: 'Bibliothèque du coin', lat: 45.5401, lng: -73.6201, offers: ['wifi'], cost: 'free' });
  const created = await documents.create({ locale: 'fr', data: { ...toStrapiDocument(fixture, { locale: 'fr' }), neighbourhoods: [neighbourhood] } });
  await documents.update({ documentId: created.documentId, locale: 'en', data: { ...toStrapiDocument(fixture, { locale: 'en' }), neighbourhoods: [neighbourhood] } });
  await documents.publish({ documentId: created.documentId, locale: '*' });
}

const signaturesOf = (strapi: Strapi, petition: string, phone: string) =>
  strapi.db.query('api::participation.signature').findMany({ where: { phoneKey: `${petition}:${phone}` }, select: ['signatureStatus'] }) as Promise<Array<{ signatureStatus: string }>>;
const registrationsOf = (strapi: Strapi, event: string, phone: string) =>
  strapi.db.query('api::participation.registration').findMany({ where: { phoneKey: `${event}:${phone}` }, select: ['registrationStatus'] }) as Promise<Array<{ registrationStatus: string }>>;
/** Every row the item got, repeats and suspects included: a retry must leave none of its own. */
const rowsFor = (strapi: Strapi, item: { event: string } | { petition: string }) =>
  'event' in item
    ? strapi.db.query('api::participation.registration').count({ where: { eventDocumentId: item.event } })
    : strapi.db.query('api::participation.signature').count({ where: { petitionDocumentId: item.petition } });
const seated = (strapi: Strapi, event: string, registrationStatus: string) => strapi.db.query('api::participation.registration').count({ where: { eventDocumentId: event, registrationStatus } });
const outboxTo = (strapi: Strapi, phone: string, messageKind?: string) =>
  strapi.db.query(outboxUid).count({ where: { recipientHash: recipientHash('sms', phone), ...(messageKind ? { messageKind } : {}) } });
const inboundOf = (strapi: Strapi, phone: string, where: Record<string, unknown> = {}) =>
  strapi.db.query('api::participation.sms-inbound').count({ where: { senderHash: optOutHash(phone), ...where } });

/** The signing conversation up to its last question: the next `OUI` signs. */
async function readyToSign(phone: SimulatedPhone, fsa: string): Promise<void> {
  await phone.ask(fsa);
  expect(await phone.ask('SIGNER 1')).toContain('textez votre nom');
  expect(await phone.ask('Hélène Côté')).toContain('code postal');
  expect(await phone.ask(`${fsa} 2L5`)).toContain('Hélène Côté');
}

describe('with Twilio', () => {
  let app: StartedStrapi;
  let strapi: Strapi;
  let twilio: FakeTwilio;
  let sms: SmsSimulator;
  let line: VoiceSimulator;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    app = await startStrapi({
      env: {
        ...twilioEnv(twilio),
        SMS_CALLBACK_BASE_URL: publicBase,
        PUBLIC_SITE_URL: publicBase,
        CRON_ENABLED: 'false',
        SMTP_HOST: undefined,
        OUTBOX_POLL_MS: '50',
        PETITION_COUNT_CACHE_SECONDS: '0',
        SMS_INBOUND_REPLIES_PER_HOUR: String(repliesPerHour),
        ...perAddress,
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

  describe('residents sign and register by text all at once', () => {
    it('one number answering OUI six times at once signs once, and each message is answered once', async () => {
      const place = await neighbourhoodWith(strapi, 'petition');
      const phone = sms.phone();
      await readyToSign(phone, place.fsa);
      const answers = await burst(6, () => phone.send('OUI'));
      expectNoServerError(answers);
      await outboxSettled();
      expect((await signaturesOf(strapi, place.petition, phone.number)).map((s) => s.signatureStatus)).toEqual(['confirmed']);
      expect(await inboundOf(strapi, phone.number)).toBe(4 + 6);
      expect(await outboxTo(strapi, phone.number, 'sms-reply')).toBe(4 + 6);
    });

    it('eight numbers signing one petition at once: one confirmed signature each', async () => {
      const place = await neighbourhoodWith(strapi, 'petition');
      const phones = Array.from({ length: 8 }, () => sms.phone());
      for (const phone of phones) await readyToSign(phone, place.fsa);
      const answers = await burst(phones.length, (i) => phones[i]!.send('OUI'));
      expectNoServerError(answers);
      await outboxSettled();
      for (const phone of phones) expect((await signaturesOf(strapi, place.petition, phone.number)).map((s) => s.signatureStatus)).toEqual(['confirmed']);
      expect(await strapi.db.query('api::participation.signature').count({ where: { petitionDocumentId: place.petition } })).toBe(phones.length);
    });

    it('one number texting OUI 1 six times at once is registered once', async () => {
      const place = await neighbourhoodWith(strapi, { eventSeats: 10 });
      const phone = sms.phone();
      await phone.ask(place.fsa);
      const answers = await burst(6, () => phone.send('OUI 1'));
      expectNoServerError(answers);
      await outboxSettled();
      expect((await registrationsOf(strapi, place.event, phone.number)).map((r) => r.registrationStatus)).toEqual(['confirmed']);
      expect(await seated(strapi, place.event, 'confirmed')).toBe(1);
      expect(await outboxTo(strapi, phone.number, 'sms-reply')).toBe(1 + 6);
    });

    it('twelve numbers texting OUI 1 at once for 4 seats: 4 confirmed, 8 waiting, each told which', async () => {
      const seats = 4;
      const place = await neighbourhoodWith(strapi, { eventSeats: seats });
      const phones = Array.from({ length: 3 * seats }, () => sms.phone());
      for (const phone of phones) await phone.ask(place.fsa);
      const answers = await burst(phones.length, (i) => phones[i]!.send('OUI 1'));
      expectNoServerError(answers);
      await outboxSettled();
      expect(await seated(strapi, place.event, 'confirmed')).toBe(seats);
      expect(await seated(strapi, place.event, 'waitlisted')).toBe(2 * seats);
      const last = phones.map((phone) => phone.inbox().at(-1) ?? '');
      expect(last.filter((text) => text.includes('inscription confirmée'))).toHaveLength(seats);
      expect(last.filter((text) => text.includes('liste d’attente'))).toHaveLength(2 * seats);
    });
  });

  describe('Twilio delivers one message twice at once (its retry when we answer slowly)', () => {
    it('OUI 1 under one MessageSid three times at once: one registration, one reply', async () => {
      const place = await neighbourhoodWith(strapi, { eventSeats: 10 });
      const phone = sms.phone();
      await phone.ask(place.fsa);
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const answers = await burst(3, () => phone.send('OUI 1', sid));
      expectNoServerError(answers);
      await outboxSettled();
      expect((await registrationsOf(strapi, place.event, phone.number)).map((r) => r.registrationStatus)).toEqual(['confirmed']);
      expect(await rowsFor(strapi, { event: place.event })).toBe(1);
      expect(await inboundOf(strapi, phone.number)).toBe(2);
      expect(await outboxTo(strapi, phone.number, 'sms-reply')).toBe(2);
      expect(phone.inbox().filter((text) => text.includes('inscription confirmée'))).toHaveLength(1);
    });

    it('the consent OUI under one MessageSid three times at once: one signature, one reply', async () => {
      const place = await neighbourhoodWith(strapi, 'petition');
      const phone = sms.phone();
      await readyToSign(phone, place.fsa);
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const answers = await burst(3, () => phone.send('OUI', sid));
      expectNoServerError(answers);
      await outboxSettled();
      expect((await signaturesOf(strapi, place.petition, phone.number)).map((s) => s.signatureStatus)).toEqual(['confirmed']);
      expect(await rowsFor(strapi, { petition: place.petition })).toBe(1);
      expect(await outboxTo(strapi, phone.number, 'sms-reply')).toBe(4 + 1);
      expect(phone.inbox().filter((text) => text.includes('votre signature de la pétition'))).toHaveLength(1);
    });

    it('AIDE under one MessageSid four times at once: one answer', async () => {
      const phone = sms.phone();
      const sid = `SM${randomBytes(16).toString('hex')}`;
      expectNoServerError(await burst(4, () => phone.send('AIDE', sid)));
      await outboxSettled();
      expect(await inboundOf(strapi, phone.number)).toBe(1);
      expect(phone.inbox()).toHaveLength(1);
    });
  });

  describe('Twilio delivers one step of a call twice at once', () => {
    const callerFields = (callId: string, from: string) => ({
      CallSid: callId,
      AccountSid: twilio.accountSid,
      From: from,
      To: '+15145550100',
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
      CallerCountry: 'CA',
    });

    it('the first request of a call three times at once: one call counted, each copy welcomed', async () => {
      const caller = newTestNumber();
      const callId = `CA${randomBytes(16).toString('hex')}`;
      const request = line.signed(line.url, callerFields(callId, caller));
      const answers = await burst(3, () => line.postRaw(line.path, request.body, request.headers));
      expectNoServerError(answers);
      for (const answer of answers) expect(answer.body).toContain('<Gather');
      expect(await strapi.db.query('api::participation.voice-action').count({ where: { callerHash: optOutHash(caller), actionKind: 'call' } })).toBe(1);
    });

    it('1 (text me this item) three times at once: one text', async () => {
      const place = await neighbourhoodWith(strapi, { eventSeats: 10 });
      const call = await line.call();
      await call.press(`${place.number}#`);
      const answers = await call.pressDeliveredAtOnce('1', 3);
      expectNoServerError(answers);
      await outboxSettled();
      expect(await outboxTo(strapi, call.number, 'voice-item')).toBe(1);
      expect(await strapi.db.query('api::participation.voice-action').count({ where: { callerHash: optOutHash(call.number), actionKind: 'text' } })).toBe(1);
      expect(twilio.received.filter((m) => m.to === call.number)).toHaveLength(1);
    });

    it('2 (register me) three times at once: one registration, one confirmation by text', async () => {
      const place = await neighbourhoodWith(strapi, { eventSeats: 10 });
      const call = await line.call();
      await call.press(`${place.number}#`);
      const answers = await call.pressDeliveredAtOnce('2', 3);
      expectNoServerError(answers);
      await outboxSettled();
      expect((await registrationsOf(strapi, place.event, call.number)).map((r) => r.registrationStatus)).toEqual(['confirmed']);
      expect(await rowsFor(strapi, { event: place.event })).toBe(1);
      expect(await outboxTo(strapi, call.number)).toBe(1);
      expect(twilio.received.filter((m) => m.to === call.number)).toHaveLength(1);
      // Every copy is told the same thing: the caller hears one answer, whichever copy it is.
      for (const answer of answers) expect(answer.body).toContain('une place est réservée pour vous');
    });

    it('4 (this neighbourhood\'s news by text) three times at once: one request, one "reply OUI" text', async () => {
      const place = await neighbourhoodWith(strapi, { eventSeats: 10 });
      const call = await line.call();
      await call.press(`${place.number}#`);
      const answers = await call.pressDeliveredAtOnce('4', 3);
      expectNoServerError(answers);
      await outboxSettled();
      expect(await outboxTo(strapi, call.number, 'alert-confirmation')).toBe(1);
      expect(await outboxTo(strapi, call.number)).toBe(1);
      expect(await strapi.db.query('api::participation.voice-action').count({ where: { callerHash: optOutHash(call.number), actionKind: 'text' } })).toBe(1);
      expect(twilio.received.filter((m) => m.to === call.number)).toHaveLength(1);
      for (const answer of answers) expect(answer.body).toContain('Répondez OUI');
    });

    it('9 (the places just heard, by text) three times at once: one text', async () => {
      const place = await neighbourhoodWith(strapi, { eventSeats: 10 });
      await placeToGetOnline(strapi, place.documentId);
      const call = await line.call();
      await call.press(`${place.number}#`);
      await call.press('5');
      expect(call.heard.join(' ')).toContain('Bibliothèque du coin');
      const answers = await call.pressDeliveredAtOnce('9', 3);
      expectNoServerError(answers);
      await outboxSettled();
      expect(await outboxTo(strapi, call.number, 'voice-item')).toBe(1);
      expect(await outboxTo(strapi, call.number)).toBe(1);
      expect(await strapi.db.query('api::participation.voice-action').count({ where: { callerHash: optOutHash(call.number), actionKind: 'text' } })).toBe(1);
      const texts = twilio.received.filter((m) => m.to === call.number);
      expect(texts).toHaveLength(1);
      expect(texts[0]!.body).toContain('Bibliothèque du coin');
    });
  });

  describe('delivery reports played again and out of order', () => {
    const statusUrl = `${publicBase}/participer/webhooks/sms/twilio`;
    const report = (sid: string, status: string) => {
      const params: Record<string, string> = { SmsSid: sid, SmsStatus: status, MessageStatus: status, To: '+15145550123', MessageSid: sid, AccountSid: twilio.accountSid, From: '+15145550100', ApiVersion: '2010-04-01' };
      return fetch(`${app.baseUrl}/participer/webhooks/sms/twilio`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.signCallback(statusUrl, params) },
        body: new URLSearchParams(params).toString(),
      }).then((response) => ({ status: response.status }));
    };

    it('a late "sent" or "failed", and "delivered" played again at once, never move a delivered message back', async () => {
      const phone = sms.phone();
      await phone.ask('AIDE');
      const row = (await strapi.db.query(outboxUid).findOne({ where: { recipientHash: recipientHash('sms', phone.number) }, select: ['id', 'providerMessageId', 'deliveryStatus'] })) as {
        id: number;
        providerMessageId: string;
        deliveryStatus: string;
      };
      expect(row.deliveryStatus).toBe('sent');
      expect((await report(row.providerMessageId, 'delivered')).status).toBe(204);
      const statuses = ['delivered', 'sent', 'failed', 'undelivered', 'delivered', 'sent'];
      const answers = await burst(statuses.length, (i) => report(row.providerMessageId, statuses[i]!));
      expect(answers.map((a) => a.status)).toEqual(statuses.map(() => 204));
      expect(await strapi.db.query(outboxUid).findOne({ where: { id: row.id }, select: ['deliveryStatus', 'lastError'] })).toMatchObject({ deliveryStatus: 'delivered' });
    });

    it('"sent" and "failed" arriving at once, then "sent" late: the message stays failed, not sent', async () => {
      const phone = sms.phone();
      await phone.ask('AIDE');
      const row = (await strapi.db.query(outboxUid).findOne({ where: { recipientHash: recipientHash('sms', phone.number) }, select: ['id', 'providerMessageId'] })) as { id: number; providerMessageId: string };
      expect((await burst(2, (i) => report(row.providerMessageId, i === 0 ? 'sent' : 'undelivered'))).map((a) => a.status)).toEqual([204, 204]);
      expect((await report(row.providerMessageId, 'sent')).status).toBe(204);
      expect(await strapi.db.query(outboxUid).findOne({ where: { id: row.id }, select: ['deliveryStatus'] })).toMatchObject({ deliveryStatus: 'failed' });
    });
  });
});

describe('with Telnyx', () => {
  let app: StartedStrapi;
  let strapi: Strapi;
  let telnyx: FakeTelnyx;
  let sms: SmsSimulator;

  beforeAll(async () => {
    // One CMS at a time in a process: the message settings are read once per boot.
    telnyx = await startFakeTelnyx();
    app = await startStrapi({
      env: {
        SMS_PROVIDER: 'telnyx',
        TELNYX_API_KEY: telnyx.apiKey,
        TELNYX_FROM: '+15145550100',
        TELNYX_API_URL: telnyx.url,
        TELNYX_PUBLIC_KEY: telnyx.publicKey,
        SMS_CALLBACK_BASE_URL: publicBase,
        PUBLIC_SITE_URL: publicBase,
        CRON_ENABLED: 'false',
        SMTP_HOST: undefined,
        OUTBOX_POLL_MS: '50',
        SMS_INBOUND_REPLIES_PER_HOUR: String(repliesPerHour),
        ...perAddress,
      },
    });
    strapi = app.strapi;
    sms = smsSimulator(app.baseUrl, { kind: 'telnyx', telnyx });
  });

  afterAll(async () => {
    await app?.stop();
    await telnyx?.close();
  });

  it('OUI 1 under one message id three times at once: one registration, one reply', async () => {
    const place = await neighbourhoodWith(strapi, { eventSeats: 10 });
    const phone = sms.phone();
    await phone.ask(place.fsa);
    const id = `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`;
    const answers = await burst(3, () => phone.send('OUI 1', id));
    expectNoServerError(answers);
    await outboxSettled();
    expect((await registrationsOf(strapi, place.event, phone.number)).map((r) => r.registrationStatus)).toEqual(['confirmed']);
    expect(await rowsFor(strapi, { event: place.event })).toBe(1);
    expect(await outboxTo(strapi, phone.number, 'sms-reply')).toBe(2);
    expect(phone.inbox().filter((text) => text.includes('inscription confirmée'))).toHaveLength(1);
  });
});
