import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optOutHash } from '../../cms/src/participation/sms/opt-outs.ts';
import { privateContentTypes } from '../../cms/src/participation/private-content-types.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import {
  outboxMessages,
  outboxSettled,
  postForm,
  publishedEventWithForm,
  publishedPetition,
  rsvpPath,
  signPath,
  useTestOutbox,
  validRsvp,
  validSignature,
} from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { api, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Text messages in, attacked: a flood from one number costs nothing past the hourly limit; a
 * number that texted ARRÊT gets nothing from any part of the app; replies never tell one number
 * anything about another (registrations, signatures, codes); what the conversations keep is
 * private and holds no number or text; the dev phone works only in development and test.
 */
const publicBase = 'https://www.exemple.ca';
const outbox = useTestOutbox();

describe('with Twilio', () => {
  let app: StartedStrapi;
  let strapi: Strapi;
  let twilio: FakeTwilio;
  let sms: SmsSimulator;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    app = await startStrapi({
      env: {
        ...twilioEnv(twilio),
        SMS_CALLBACK_BASE_URL: publicBase,
        SMS_INBOUND_REPLIES_PER_HOUR: '5',
        OUTBOX_POLL_MS: '50',
        SMTP_HOST: undefined,
        PETITION_COUNT_CACHE_SECONDS: '0',
      },
    });
    strapi = app.strapi;
    sms = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
  });
  afterAll(async () => {
    await app?.stop();
    await twilio?.close();
  });

  describe('a flood from one number', () => {
    it('gets no reply and has no effect past the hourly limit, and costs no message', async () => {
      const phone = sms.phone();
      const sentBefore = twilio.received.length;
      for (let i = 0; i < 5; i++) expect(await phone.text('AIDE')).toHaveLength(1);
      for (let i = 0; i < 20; i++) expect(await phone.text(i % 2 ? 'AIDE' : 'H2R')).toEqual([]);
      expect(twilio.received.length - sentBefore).toBe(5);
      // Recorded (so the limit holds) but marked unanswered.
      expect(await strapi.db.query('api::participation.sms-inbound').count({ where: { senderHash: optOutHash(phone.number), answered: false } })).toBe(20);
      // Another number is not limited by this one.
      expect(await sms.phone().text('AIDE')).toHaveLength(1);
    });

    it('a flooding number can still opt out', async () => {
      const phone = sms.phone();
      for (let i = 0; i < 6; i++) await phone.text('bla');
      expect(await phone.text('STOP')).toEqual([expect.stringContaining('plus aucun texto')]);
      expect(await strapi.db.query('api::participation.sms-opt-out').count({ where: { phoneHash: optOutHash(phone.number) } })).toBe(1);
    });

    it('refuses forged requests cheaply: 403 then 429, nothing recorded', async () => {
      const before = await strapi.db.query('api::participation.sms-inbound').count();
      const body = new URLSearchParams({ MessageSid: `SM${'c'.repeat(32)}`, AccountSid: twilio.accountSid, From: newTestNumber(), Body: 'STOP' }).toString();
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const response = await fetch(app.baseUrl + sms.path, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged', 'x-forwarded-for': '10.250.0.1' },
          body,
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect(await strapi.db.query('api::participation.sms-inbound').count()).toBe(before);
      expect(await strapi.db.query('api::participation.sms-opt-out').count({ where: { phoneHash: optOutHash(new URLSearchParams(body).get('From')!) } })).toBe(0);
    });
  });

  describe('an opted-out number', () => {
    it('gets nothing from any form, from the waiting list, nor from replies', async () => {
      const phone = sms.phone();
      await phone.ask('ARRÊT');
      const received = () => twilio.received.filter((m) => m.to === phone.number).length;
      const petition = await publishedPetition(strapi, 'open');
      expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: phone.number.slice(2) }))).status).toBe(303);
      // Full event: the opted-out number waits, then gets the freed seat — and no text about it.
      const event = await publishedEventWithForm(strapi, 1);
      const first = `first.${randomBytes(3).toString('hex')}@exemple.ca`;
      await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: first }));
      expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: '', phone: phone.number.slice(2) }))).location).toContain('/liste-attente?');
      await outboxSettled();
      const cancelLink = /jeton=([A-Za-z0-9_-]+)/.exec(outboxMessages(outbox).filter((m) => m.to === first).pop()?.text ?? '')?.[1];
      expect(cancelLink).toBeDefined();
      expect((await postForm(app.baseUrl, '/participer/evenements/annuler', { jeton: cancelLink!, locale: 'fr' })).status).toBe(303);
      expect(await strapi.db.query('api::participation.registration').count({ where: { phone: phone.number, registrationStatus: 'confirmed' } })).toBe(1);
      await phone.text('AIDE');
      await outboxSettled();
      expect(received()).toBe(1);
      expect(await strapi.db.query('api::participation.outbound-message').count({ where: { recipient: phone.number } })).toBe(0);
    });
  });

  describe('replies tell a number nothing about another', () => {
    it('cannot cancel, confirm or learn about someone else’s registration or signature', async () => {
      const victim = newTestNumber();
      const attacker = sms.phone();
      const event = await publishedEventWithForm(strapi, 10);
      await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: '', phone: victim.slice(2), name: 'Victime Secrète' }));
      const petition = await publishedPetition(strapi, 'open');
      await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: victim.slice(2), name: 'Victime Secrète' }));
      await outboxSettled();
      const code = /\b(\d{6})\b/.exec(twilio.received.filter((m) => m.to === victim).pop()?.body ?? '')?.[1];
      expect(code).toBeDefined();

      const replies = [await attacker.ask('ANNULER'), await attacker.ask('OUI'), await attacker.ask(code!), await attacker.ask(`OUI ${code!}`)];
      expect(replies[0]).toBe('Passerelle : aucune inscription à venir à annuler pour ce numéro.');
      for (const reply of replies.slice(1)) expect(reply).toContain('aucune signature en attente pour ce numéro');
      for (const reply of replies) {
        expect(reply).not.toContain('Victime');
        expect(reply).not.toContain(victim.slice(2, 5) + ' ');
        expect(reply).not.toContain(event.title);
        expect(reply).not.toContain(petition.title);
      }
      expect(await strapi.db.query('api::participation.registration').count({ where: { phone: victim, registrationStatus: 'confirmed' } })).toBe(1);
      expect(await strapi.db.query('api::participation.signature').count({ where: { phone: victim, signatureStatus: 'pending' } })).toBe(1);
    });

    it('the same message from a known and an unknown number gets replies of the same shape', async () => {
      const known = sms.phone();
      await postForm(app.baseUrl, rsvpPath((await publishedEventWithForm(strapi, 10)).slug), validRsvp({ email: '', phone: known.number.slice(2) }));
      const stranger = sms.phone();
      // Five: the hourly limit of this suite.
      for (const text of ['AIDE', 'PLUS', '3', 'OUI 2', 'SIGNER 2']) {
        expect(await known.ask(text)).toBe(await stranger.ask(text));
      }
    });
  });

  describe('what conversations keep', () => {
    it('is private: every attribute private, no REST route, among the private types', async () => {
      const phone = sms.phone();
      await phone.ask('H2R');
      await phone.ask('STOP');
      for (const uid of ['api::participation.sms-conversation', 'api::participation.sms-inbound', 'api::participation.sms-opt-out'] as const) {
        expect(privateContentTypes).toContain(uid);
        expect(await strapi.db.query(uid).count()).toBeGreaterThan(0);
        const attributes = strapi.contentType(uid).attributes as Record<string, { private?: boolean }>;
        const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
        for (const [name, attribute] of own) expect({ uid, name, private: attribute.private }).toEqual({ uid, name, private: true });
        const plural = strapi.contentType(uid).info.pluralName as string;
        for (const path of [`/api/${plural}`, `/api/${plural}?populate=*`]) expect((await api(app.baseUrl, path)).status).toBe(404);
        // Hashes only: never the number, never what was texted.
        const rows = JSON.stringify(await strapi.db.query(uid).findMany({}));
        expect(rows).not.toContain(phone.number);
        expect(rows).not.toContain(phone.number.slice(2));
        expect(rows).not.toMatch(/H2R|STOP/);
      }
    });

    it('the retention job deletes timed-out conversations and day-old records', async () => {
      const { applyRetention } = await import('../../cms/src/participation/retention.ts');
      const phone = sms.phone();
      await phone.ask('H2R');
      const later = new Date(Date.now() + 2 * 86_400_000);
      const report = await applyRetention(strapi, later);
      expect(report.smsConversationsErased).toBeGreaterThan(0);
      expect(await strapi.db.query('api::participation.sms-conversation').count({ where: { senderHash: optOutHash(phone.number) } })).toBe(0);
      expect(await strapi.db.query('api::participation.sms-inbound').count()).toBe(0);
      // Opt-outs are not a retention matter: they last until DÉBUT.
      expect(await strapi.db.query('api::participation.sms-opt-out').count()).toBeGreaterThan(0);
    });
  });
});

describe('the dev phone, in a test run (dev outbox, no provider)', () => {
  let app: StartedStrapi;
  beforeAll(async () => {
    app = await startStrapi({ env: { DEV_OUTBOX_FILE: outbox, SMS_PROVIDER: undefined, SMTP_HOST: undefined, SMS_CALLBACK_BASE_URL: undefined, OUTBOX_POLL_MS: '50' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('texts as a resident would, without JavaScript, and shows the reply', async () => {
    const page = await fetch(`${app.baseUrl}/participer/dev/telephone`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/participer/dev/telephone">');
    expect(html).not.toContain('<script');
    const posted = await postForm(app.baseUrl, '/participer/dev/telephone', { numero: '438 555-0142', texte: 'aide' });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe('/participer/dev/telephone?numero=%2B14385550142');
    const shown = await (await fetch(app.baseUrl + posted.location!)).text();
    expect(shown).toContain('Passerelle : textez votre code postal');
    // The webhooks of a provider that is not configured do not exist.
    for (const path of ['/participer/webhooks/sms/twilio/recu', '/participer/webhooks/sms/telnyx/recu']) {
      expect((await fetch(app.baseUrl + path, { method: 'POST', body: 'Body=STOP' })).status).toBe(404);
    }
  });
});
