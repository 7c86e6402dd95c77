import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showCounts } from '../../cms/src/participation/channel-counts.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import { inDays, postForm, publishedEventWithForm, publishedPetition, rsvpPath, useTestOutbox, validRsvp } from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { api, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { voiceSimulator, type VoiceSimulator } from '../support/voice-simulator.ts';

/**
 * OCs see how many people took part by web, text, phone and paper, per item and neighbourhood, in
 * the admin: registrations made through the web form, `OUI 1` by text and 2 on the phone line,
 * signatures by `SIGNER` and on paper. Counts only; 1 to 4 shown as "< 5" and a total that
 * includes one rounded, so nobody in a small group can be singled out. OCs and super admins only.
 */
const publicBase = 'https://www.exemple.ca';
useTestOutbox();
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
      SMS_INBOUND_REPLIES_PER_HOUR: '200',
      VOICE_CALLS_PER_HOUR: '100',
      VOICE_ACTIONS_PER_HOUR: '100',
      SMTP_HOST: undefined,
      PETITION_RATE_SHORT_MAX: '1000',
      PETITION_RATE_LONG_MAX: '1000',
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

describe('showing counts', () => {
  it('masks 1 to 4 and rounds a total that would reveal them', () => {
    expect(showCounts({ web: 12, sms: 0, phone: 0, paper: 30 })).toEqual({ counts: { web: 12, sms: 0, phone: 0, paper: 30 }, total: 42 });
    expect(showCounts({ web: 6, sms: 2, phone: 1, paper: 0 })).toEqual({ counts: { web: 6, sms: '< 5', phone: '< 5', paper: 0 }, total: '≈ 10' });
    expect(showCounts({ web: 3, sms: 0, phone: 0, paper: 0 })).toEqual({ counts: { web: '< 5', sms: 0, phone: 0, paper: 0 }, total: '< 5' });
  });
});

describe('participation by channel, in the admin', () => {
  it('counts web, text, phone and paper per item and neighbourhood', async () => {
    const documents = strapi.documents('api::neighbourhood.neighbourhood');
    const data = { name: 'Saint-Michel', slug: `saint-michel-${randomBytes(3).toString('hex')}`, territory: 'Saint-Léonard et Saint-Michel', lat: 45.56, lng: -73.6, fsas: ['H1Z'], phoneMenuNumber: 321 };
    const hood = await documents.create({ locale: 'fr', data });
    await documents.update({ documentId: hood.documentId, locale: 'en', data });
    await documents.publish({ documentId: hood.documentId, locale: '*' });
    const event = await publishedEventWithForm(strapi, 50, { startsAt: inDays(2), endsAt: inDays(2, 20), neighbourhoods: [hood.documentId] });
    const petition = await publishedPetition(strapi, 'open', { closesAt: inDays(20), paperSignatures: 12, neighbourhoods: [hood.documentId] });

    for (let i = 0; i < 6; i++) expect((await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp())).status).toBe(303);
    for (let i = 0; i < 2; i++) {
      const phone = sms.phone(newTestNumber());
      await phone.ask('H1Z');
      expect(await phone.ask('OUI 1')).toMatch(/inscrit|inscription/i);
    }
    const call = await line.call(newTestNumber());
    await call.press('321#');
    await call.press('2');
    const signer = sms.phone(newTestNumber());
    await signer.ask('H1Z');
    await signer.ask('SIGNER 2');
    await signer.ask('Ginette Lalonde');
    await signer.ask('H1Z 2B3');
    await signer.ask('OUI');

    const adminLogin = await api(app.baseUrl, '/admin/login', { body: { email: 'admin@passerelle.local', password: 'Passerelle-dev-2026!' } });
    const token = adminLogin.body.data.token as string;
    expect((await api(app.baseUrl, '/passerelle/participation', {})).status).toBe(401);
    const { status, body } = await api(app.baseUrl, '/passerelle/participation', { token });
    expect(status).toBe(200);
    const items = body.data.items as Array<Record<string, any>>;
    expect(items.find((i) => i.documentId === event.documentId)).toMatchObject({ kind: 'event', counts: { web: 6, sms: '< 5', phone: '< 5', paper: 0 }, total: '≈ 10' });
    expect(items.find((i) => i.documentId === petition.documentId)).toMatchObject({ kind: 'petition', counts: { web: 0, sms: '< 5', phone: 0, paper: 12 }, total: '≈ 15' });
    expect(body.data.neighbourhoods).toContainEqual({ name: 'Saint-Michel', counts: { web: 6, sms: '< 5', phone: '< 5', paper: 12 }, total: '≈ 20' });
    // Counts only: no name, no contact, no row id.
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/Ginette|@exemple|\+1438|Karim/);
  });
});
