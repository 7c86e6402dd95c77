import { randomBytes } from 'node:crypto';
import { anAccessPoint, toStrapiDocument } from '@passerelle/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optOutHash } from '../../cms/src/participation/sms/opt-outs.ts';
import type { FakeTelnyx } from '../support/fake-telnyx.ts';
import type { FakeTwilio } from '../support/fake-twilio.ts';
import { inDays, outboxSettled, postForm, publishedEventWithForm, rsvpPath, useTestOutbox, validRsvp } from '../support/participation.ts';
import { newTestNumber } from '../support/sms-simulator.ts';
import type { StartedStrapi, Strapi } from '../support/strapi.ts';
import type { VoiceSimulator } from '../support/voice-simulator.ts';
import { startTwilioVoiceLine, startTelnyxVoiceLine, type TwilioVoiceLine, type TelnyxVoiceLine, voicePublicBase } from '../support/voice-line.ts';

/**
 * The phone line, attacked: anyone can post to its webhooks, so nothing is believed before the
 * provider's signature (and our own over the menu's state, which Telnyx does not sign) is checked
 * — 403, nothing done, a log line without a number. Caller ID can be forged: calls, texts and
 * registrations are limited per number and hour, and nothing said tells whether a number was
 * already registered. What the line keeps is a hash, never the number.
 */
const publicBase = voicePublicBase;
useTestOutbox();

let numbers = 500 + Math.floor(Math.random() * 400);

async function neighbourhoodWithEvents(strapi: Strapi, count: number, capacity: number | null = 10) {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const number = numbers++;
  const data = { name: 'Villeray', slug: `villeray-${randomBytes(3).toString('hex')}`, territory: 'Montréal', lat: 45.54, lng: -73.62, fsas: [], phoneMenuNumber: number };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  const events = [];
  for (let i = 0; i < count; i++) events.push(await publishedEventWithForm(strapi, capacity, { startsAt: inDays(2 + i), endsAt: inDays(2 + i, 20), neighbourhoods: [created.documentId] }));
  return { number, events };
}

const voiceRows = (strapi: Strapi) => strapi.db.query('api::participation.voice-action').count();

/** A neighbourhood with nothing this week and `count` published places to get online: the line offers them at once. */
async function neighbourhoodWithPlaces(strapi: Strapi, count: number) {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const number = numbers++;
  const data = { name: 'Parc-Extension', slug: `parc-ex-${randomBytes(3).toString('hex')}`, territory: 'Montréal', lat: 45.53, lng: -73.63, fsas: [], phoneMenuNumber: number };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  const points = strapi.documents('api::access-point.access-point');
  for (let i = 0; i < count; i++) {
    const fixture = anAccessPoint({ name: `Lieu ${i + 1}`, lat: 45.53 + i * 0.001, lng: -73.63 });
    const point = await points.create({ locale: 'fr', data: { ...toStrapiDocument(fixture, { locale: 'fr' }), neighbourhoods: [created.documentId] } });
    await points.publish({ documentId: point.documentId, locale: 'fr' });
  }
  return { number, documentId: created.documentId as string };
}

describe('with Twilio', () => {
  let voice: TwilioVoiceLine;
  let app: StartedStrapi;
  let strapi: Strapi;
  let twilio: FakeTwilio;
  let line: VoiceSimulator;
  const warnings: string[] = [];

  beforeAll(async () => {
    voice = await startTwilioVoiceLine({ VOICE_CALLS_PER_HOUR: '3', VOICE_ACTIONS_PER_HOUR: '2' });
    ({ app, strapi, twilio, line } = voice);
    const warn = strapi.log.warn.bind(strapi.log);
    strapi.log.warn = (message: string, ...rest: unknown[]) => {
      warnings.push(String(message));
      return warn(message, ...rest);
    };
  });
  afterAll(() => voice?.stop());

  const fields = (from: string, extra: Record<string, string> = {}) => ({
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    AccountSid: twilio.accountSid,
    From: from,
    To: '+15145550100',
    CallStatus: 'in-progress',
    ...extra,
  });

  describe('requests not signed by Twilio', () => {
    it('a forged, missing or misdirected signature gets 403, does nothing and logs no number', async () => {
      const caller = newTestNumber();
      const before = await voiceRows(strapi);
      const body = new URLSearchParams(fields(caller)).toString();
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const forged = await line.postRaw(line.path, body, { ...form, 'x-twilio-signature': 'Zm9yZ2Vk' });
      const missing = await line.postRaw(line.path, body, form);
      // Signed for another URL (the old SMS webhook): Twilio signs the URL it called.
      const elsewhere = await line.postRaw(line.path, body, { ...form, 'x-twilio-signature': twilio.signCallback(`${publicBase}/participer/webhooks/sms/twilio/recu`, fields(caller)) });
      expect([forged.status, missing.status, elsewhere.status]).toEqual([403, 403, 403]);
      expect(forged.body).not.toContain('<Response');
      expect(await voiceRows(strapi)).toBe(before);
      const refusals = warnings.filter((w) => w.includes('voice webhook refused'));
      expect(refusals.length).toBeGreaterThanOrEqual(3);
      for (const line of refusals) expect(line).not.toContain(caller.slice(2));
    });

    it('a state changed in the query breaks the signature: 403 and no registration', async () => {
      const { number, events } = await neighbourhoodWithEvents(strapi, 2);
      const call = await line.call();
      await call.press(`${number}#`);
      const gather = call.verbs.find((v) => v.verb === 'Gather');
      if (!gather || gather.verb !== 'Gather') throw new Error('no menu');
      const action = new URL(gather.action);
      // Point the menu at the second event, keep the signature Twilio would make for the original URL.
      const tampered = new URL(action);
      tampered.searchParams.set('doc', events[1]!.documentId);
      const f = { ...fields(call.number), CallSid: call.callId, Digits: '2' };
      const posted = await line.postRaw(`${tampered.pathname}${tampered.search}`, new URLSearchParams(f).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.signCallback(action.href, f),
      });
      expect(posted.status).toBe(403);
      // Even signed by Twilio for the tampered URL (a relay that could sign), our state signature refuses it.
      const resigned = await line.postRaw(`${tampered.pathname}${tampered.search}`, new URLSearchParams(f).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.signCallback(tampered.href, f),
      });
      expect(resigned.status).toBe(403);
      // The state of one call is refused in another.
      const other = { ...f, CallSid: `CA${randomBytes(16).toString('hex')}` };
      const borrowed = await line.postRaw(`${action.pathname}${action.search}`, new URLSearchParams(other).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.signCallback(action.href, other),
      });
      expect(borrowed.status).toBe(403);
      expect(await strapi.db.query('api::participation.registration').count({ where: { eventDocumentId: { $in: events.map((e) => e.documentId) } } })).toBe(0);
    });
  });

  describe('limits per caller number', () => {
    it('past VOICE_CALLS_PER_HOUR calls, a call is told so and hung up, nothing read', async () => {
      const { number } = await neighbourhoodWithEvents(strapi, 1);
      const caller = newTestNumber();
      for (let i = 0; i < 3; i++) expect((await line.call(caller)).ended).toBe(false);
      const refused = await line.call(caller);
      expect(refused.heard.join(' ')).toBe('La ligne reçoit trop d’appels de ce numéro. Rappelez dans une heure. Au revoir!');
      expect(refused.ended).toBe(true);
      // A call already let in goes on; another number is not limited by this one.
      const other = await line.call();
      await other.press(`${number}#`);
      expect(other.lastHeard()).toContain('Numéro 1.');
    });

    it('texts and registrations by phone stop at VOICE_ACTIONS_PER_HOUR per number', async () => {
      const { number, events } = await neighbourhoodWithEvents(strapi, 3);
      const caller = newTestNumber();
      const call = await line.call(caller);
      await call.press(`${number}#`);
      for (const _ of events) {
        await call.press('1');
        await call.press('2');
        await call.press('3');
      }
      await outboxSettled();
      expect(call.heard.filter((h) => h.startsWith('C’est envoyé par texto'))).toHaveLength(2);
      expect(call.heard.filter((h) => h.startsWith('C’est fait'))).toHaveLength(2);
      expect(call.heard.filter((h) => h.startsWith('Ce numéro a fait assez de demandes'))).toHaveLength(2);
      expect(await strapi.db.query('api::participation.registration').count({ where: { phone: caller } })).toBe(2);
      // Two items and two confirmations.
      expect(twilio.received.filter((m) => m.to === caller)).toHaveLength(4);
    });
  });

  describe('the places to get online (5)', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const listening = (verbs: Array<{ verb: string }>) => {
      const gather = verbs.find((v): v is { verb: 'Gather'; action: string } => v.verb === 'Gather');
      if (!gather) throw new Error('nothing is listening');
      return new URL(gather.action);
    };

    it('a places state altered in the query (seen, hood, step) is refused: 403, nothing read, nothing texted', async () => {
      const { number } = await neighbourhoodWithPlaces(strapi, 4);
      const other = await neighbourhoodWithPlaces(strapi, 1);
      const call = await line.call();
      await call.press(`${number}#5`);
      expect(call.lastHeard()).toContain('Numéro 1. Lieu 1.');
      const action = listening(call.verbs);
      expect(action.searchParams.get('step')).toBe('places');
      const sent = twilio.received.length;
      for (const [name, value] of [
        ['seen', '9'],
        ['seen', '-1'],
        ['hood', String(other.number)],
        ['step', 'item'],
      ] as const) {
        const tampered = new URL(action);
        tampered.searchParams.set(name, value);
        const f = { ...fields(call.number), CallSid: call.callId, Digits: '9' };
        // Signed by Twilio for the tampered URL, as a relay that could sign would: our state signature still refuses it.
        const posted = await line.postRaw(`${tampered.pathname}${tampered.search}`, new URLSearchParams(f).toString(), { ...form, 'x-twilio-signature': twilio.signCallback(tampered.href, f) });
        expect(posted.status, `${name}=${value}`).toBe(403);
        expect(posted.body).not.toContain('<Response');
      }
      // Unsigned, or signed for the original URL but posted to another: 403 too.
      const f = { ...fields(call.number), CallSid: call.callId, Digits: '1' };
      expect((await line.postRaw(`${action.pathname}${action.search}`, new URLSearchParams(f).toString(), form)).status).toBe(403);
      await outboxSettled();
      expect(twilio.received.length).toBe(sent);
    });

    it('hostile digits at the places menu: a wrong key, never an effect; three in a row say goodbye', async () => {
      const { number } = await neighbourhoodWithPlaces(strapi, 2);
      const call = await line.call();
      await call.press(`${number}#5`);
      const action = listening(call.verbs);
      const post = (digits: string) => {
        const request = line.signed(action.href, { ...fields(call.number), CallSid: call.callId, Digits: digits });
        return line.postRaw(`${action.pathname}${action.search}`, request.body, request.headers);
      };
      // Keys the provider never sends after numDigits="1", and the ones outside this menu.
      for (const digits of ['99', '9#', '5555', '*', '#', '2', '123456789012']) {
        const answer = await post(digits);
        expect(answer.status, digits).toBe(200);
        expect(answer.body, digits).toContain('Cette touche n’est pas dans le menu.');
      }
      // Not keys at all: refused before the menu.
      for (const digits of ['A', '1'.repeat(13), '9<Hangup/>', '%00']) expect((await post(digits)).status, digits).toBe(400);
      await outboxSettled();
      expect(twilio.received.filter((m) => m.to === call.number)).toHaveLength(0);
      // Walked as the provider would: the wrong count is carried, the third says goodbye.
      await call.press('7');
      await call.press('8');
      await call.press('6');
      expect(call.lastHeard()).toBe('Cette touche n’est pas dans le menu. Merci d’avoir appelé Passerelle. Au revoir!');
      expect(call.ended).toBe(true);
    });

    it('an unknown or unpublished neighbourhood reads no place: the number is asked again', async () => {
      const call = await line.call();
      await call.press('0#');
      expect(call.lastHeard()).toContain('Aucun quartier ne porte le numéro 0.');
      await call.press('5#');
      expect(call.lastHeard()).not.toContain('Lieu');

      const { number, documentId } = await neighbourhoodWithPlaces(strapi, 2);
      const later = await line.call();
      await later.press(`${number}#5`);
      expect(later.lastHeard()).toContain('Numéro 1. Lieu 1.');
      await strapi.documents('api::neighbourhood.neighbourhood').unpublish({ documentId, locale: '*' });
      await later.press('1');
      expect(later.lastHeard()).toContain('Entrez le numéro de votre quartier');
      expect(later.lastHeard()).not.toContain('Lieu');
    });

    it('9 texts only the number calling, once per page, within VOICE_ACTIONS_PER_HOUR; a hidden number gets nothing', async () => {
      const { number } = await neighbourhoodWithPlaces(strapi, 9);
      const caller = newTestNumber();
      const call = await line.call(caller);
      await call.press(`${number}#5`);
      for (const keys of ['9', '9', '1', '9', '1', '9']) await call.press(keys);
      await outboxSettled();
      expect(call.heard.filter((h) => h.startsWith('C’est envoyé par texto'))).toHaveLength(2);
      expect(call.heard.filter((h) => h.startsWith('C’est déjà envoyé'))).toHaveLength(1);
      expect(call.heard.filter((h) => h.startsWith('Ce numéro a fait assez de demandes'))).toHaveLength(1);
      expect(twilio.received.filter((m) => m.to === caller)).toHaveLength(2);
      const rows = (await strapi.db.query('api::participation.voice-action').findMany({ where: { callerHash: optOutHash(caller), actionKind: 'text' } })) as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(2);
      expect(JSON.stringify(rows)).not.toContain(caller.slice(2));

      const hidden = await line.call('anonymous');
      await hidden.press(`${number}#5`);
      await hidden.press('9');
      expect(hidden.lastHeard()).toContain('Nous ne pouvons pas envoyer de texto au numéro qui appelle.');
    });
  });

  describe('nothing tells who registered', () => {
    it('a forged caller ID hears what any new caller hears, and registers no one twice', async () => {
      const { number, events } = await neighbourhoodWithEvents(strapi, 1, 5);
      const victim = newTestNumber();
      await postForm(app.baseUrl, rsvpPath(events[0]!.slug), validRsvp({ email: '', phone: victim.slice(2), name: 'Victime Secrète' }));
      const stranger = await line.call();
      await stranger.press(`${number}#2`);
      const spoofed = await line.call(victim);
      await spoofed.press(`${number}#2`);
      const said = (heard: string) => heard.slice(heard.indexOf('C’est fait'));
      expect(said(spoofed.lastHeard())).toBe(said(stranger.lastHeard()));
      expect(spoofed.xml).not.toContain('Victime');
      expect(await strapi.db.query('api::participation.registration').count({ where: { phone: victim, registrationStatus: 'confirmed' } })).toBe(1);
    });
  });

  it('keeps the caller as a keyed hash, never the number; an erasure by number removes it', async () => {
    const { number } = await neighbourhoodWithEvents(strapi, 1);
    const caller = newTestNumber();
    const call = await line.call(caller);
    await call.press(`${number}#1`);
    const rows = (await strapi.db.query('api::participation.voice-action').findMany({ where: { callerHash: optOutHash(caller) } })) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.actionKind).sort()).toEqual(['call', 'text']);
    expect(JSON.stringify(rows)).not.toContain(caller.slice(2));
    const { eraseSmsTracesOf } = await import('../../cms/src/participation/sms/erase.ts');
    await eraseSmsTracesOf(strapi, [caller]);
    expect(await strapi.db.query('api::participation.voice-action').count({ where: { callerHash: optOutHash(caller) } })).toBe(0);
  });

  it('the retention job deletes the line’s records after a day', async () => {
    const caller = newTestNumber();
    await line.call(caller);
    const mine = { callerHash: optOutHash(caller) };
    const { applyRetention } = await import('../../cms/src/participation/retention.ts');
    await applyRetention(strapi, new Date());
    expect(await strapi.db.query('api::participation.voice-action').count({ where: mine })).toBe(1);
    await applyRetention(strapi, new Date(Date.now() + 25 * 60 * 60 * 1000));
    expect(await strapi.db.query('api::participation.voice-action').count({ where: mine })).toBe(0);
  });

  it('the Telnyx route answers 404 when Twilio is the provider', async () => {
    const response = await fetch(`${app.baseUrl}/participer/webhooks/voix/telnyx`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallSid=x' });
    expect(response.status).toBe(404);
  });
});

describe('with Telnyx', () => {
  let voice: TelnyxVoiceLine;
  let app: StartedStrapi;
  let telnyx: FakeTelnyx;
  let line: VoiceSimulator;

  beforeAll(async () => {
    voice = await startTelnyxVoiceLine();
    ({ app, telnyx, line } = voice);
  });
  afterAll(() => voice?.stop());

  it('refuses a missing, forged or stale Ed25519 signature: 403, nothing done', async () => {
    const body = new URLSearchParams({ CallSid: 'v3:abc', AccountSid: 'acct', From: newTestNumber(), To: '+15145550100' }).toString();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const before = await voiceRows(app.strapi);
    const missing = await line.postRaw(line.path, body, form);
    const stale = await line.postRaw(line.path, body, { ...form, ...telnyx.signWebhook(body, Math.floor(Date.now() / 1000) - 600) });
    const other = telnyx.signWebhook(`${body}&Digits=2`);
    const forged = await line.postRaw(line.path, body, { ...form, ...other });
    expect([missing.status, stale.status, forged.status]).toEqual([403, 403, 403]);
    expect(await voiceRows(app.strapi)).toBe(before);
  });

  it('Telnyx signs the body, not the URL: a signed body replayed with another state in the query is refused', async () => {
    const { number, events } = await neighbourhoodWithEvents(app.strapi, 2);
    const call = await line.call();
    await call.press(`${number}#`);
    const gather = call.verbs.find((v) => v.verb === 'Gather');
    if (!gather || gather.verb !== 'Gather') throw new Error('no menu');
    const tampered = new URL(gather.action);
    tampered.searchParams.set('doc', events[1]!.documentId);
    const request = line.signed(tampered.href, { CallSid: call.callId, AccountSid: 'acct', From: call.number, To: '+15145550100', Digits: '2' });
    const posted = await line.postRaw(`${tampered.pathname}${tampered.search}`, request.body, request.headers);
    expect(posted.status).toBe(403);
    expect(await app.strapi.db.query('api::participation.registration').count({ where: { eventDocumentId: events[1]!.documentId } })).toBe(0);
  });
});
