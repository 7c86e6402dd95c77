import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePersonData } from '../../cms/src/participation/person-data.ts';
import { startFakeTelnyx, type FakeTelnyx } from '../support/fake-telnyx.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import { inDays, outboxSettled, postForm, publishedEventWithForm, publishedPetition, rsvpPath, signPath, useTestOutbox, validRsvp, validSignature } from '../support/participation.ts';
import { newTestNumber, smsSimulator, type SmsSimulator } from '../support/sms-simulator.ts';
import { anAccessPoint, anAccessPointClosedForRenovations, toStrapiDocument } from '@passerelle/shared/testing';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * A resident with a basic phone takes part by text message: finds what is on near home by postal
 * code or neighbourhood, registers (`OUI 2`) on the same seat counter as the web, cancels, signs a
 * petition entirely by text, confirms a web signature by replying its code, opts out of every
 * text (`ARRÊT`) and back in (`DÉBUT`). Bad requests get a 4xx and write nothing. Twilio's signed
 * webhook throughout, Telnyx's for one journey. Runs on SQLite and on PostgreSQL (scripts/test.sh).
 */
const publicBase = 'https://www.exemple.ca';
// Emails of the web forms used here go to a dev outbox of this run's own.
useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let twilio: FakeTwilio;
let sms: SmsSimulator;

async function publishedNeighbourhood(name: string, fsas: string[]): Promise<string> {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const slug = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  const data = { name, slug, territory: 'Montréal', lat: 45.54, lng: -73.62, fsas };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return created.documentId as string;
}

const eventAt = (neighbourhood: string, capacity: number | null, days: number) =>
  publishedEventWithForm(strapi, capacity, { startsAt: inDays(days), endsAt: inDays(days, 20), neighbourhoods: [neighbourhood] });

const rows = (uid: string, where: Record<string, unknown> = {}) => strapi.db.query(`api::participation.${uid}`).findMany({ where });

beforeAll(async () => {
  twilio = await startFakeTwilio();
  app = await startStrapi({
    env: {
      ...twilioEnv(twilio),
      SMS_CALLBACK_BASE_URL: publicBase,
      SMS_HELP_PHONE: '514 555-0100',
      SMS_INBOUND_REPLIES_PER_HOUR: '200',
      OUTBOX_POLL_MS: '50',
      PETITION_COUNT_CACHE_SECONDS: '0',
      SMTP_HOST: undefined,
      PUBLIC_SITE_URL: publicBase,
    },
  });
  strapi = app.strapi;
  sms = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase });
});

afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

describe('finding what is on near home', () => {
  let villeray: string;
  const titles: string[] = [];

  beforeAll(async () => {
    villeray = await publishedNeighbourhood('Villeray', ['H2R', 'H2E']);
    titles.push((await eventAt(villeray, 10, 3)).title);
    titles.push((await publishedPetition(strapi, 'open', { closesAt: inDays(4), neighbourhoods: [villeray] })).title);
    for (const days of [5, 6, 7]) titles.push((await eventAt(villeray, null, days)).title);
    // Elsewhere, and already over: never listed.
    await eventAt(await publishedNeighbourhood('Rosemont', ['H1X']), null, 2);
  });

  it('a postal code gets the three soonest items there, numbered; PLUS the next ones', async () => {
    const phone = sms.phone();
    const first = await phone.ask('h2r 1a1');
    expect(first).toMatch(/^Passerelle, Villeray :\n1\. /);
    expect(first).toContain(`1. ${titles[0]!.slice(0, 20)}`);
    expect(first).toContain('2. Pétition : ');
    expect(first).toContain('3. ');
    expect(first).not.toContain('4. ');
    expect(first).toContain('PLUS pour la suite');
    const more = await phone.ask('plus');
    expect(more).toContain(`4. ${titles[3]!.slice(0, 20)}`);
    expect(more).toContain('5. ');
    expect(await phone.ask('PLUS')).toBe('Passerelle : plus rien à Villeray. Textez un autre code postal ou quartier.');
  });

  it('WIFI and a postal code get the nearest places to get online there, with today’s hours and phone', async () => {
    const documents = strapi.documents('api::access-point.access-point');
    const create = async (fixture: ReturnType<typeof anAccessPoint>) => {
      const fr = toStrapiDocument(fixture, { locale: 'fr' });
      const created = await documents.create({ locale: 'fr', data: { ...fr, neighbourhoods: [villeray] } });
      await documents.update({ documentId: created.documentId, locale: 'en', data: { ...toStrapiDocument(fixture, { locale: 'en' }), neighbourhoods: [villeray] } });
      if (!fixture.draft) await documents.publish({ documentId: created.documentId, locale: '*' });
    };
    // Nearest to the neighbourhood's centre (45.54, -73.62) first; a fourth farther away; a draft never.
    await create(anAccessPoint({ name: 'Bibliothèque proche', lat: 45.541, lng: -73.621, phone: '514-555-0136' }));
    await create(anAccessPoint({ name: 'Centre moyen', lat: 45.55, lng: -73.63, phone: '514-555-0137' }));
    await create(anAccessPoint({ name: 'Coin lointain', lat: 45.56, lng: -73.64, openingHours: [] }));
    await create(anAccessPoint({ name: 'Le plus loin', lat: 45.58, lng: -73.66 }));
    await create(anAccessPoint({ name: 'Brouillon secret', lat: 45.54, lng: -73.62, draft: true }));
    const phone = sms.phone();
    const reply = await phone.ask('WIFI H2R');
    expect(reply).toMatch(/^Passerelle, se brancher à Villeray :\n1\. Bibliothèque proche, 7355, avenue Christophe-Colomb, Montréal\. Ouvert aujourd'hui de 10 h à 17 h\. 514-555-0136\n2\. Centre moyen/);
    expect(reply).toContain('3. Coin lointain');
    expect(reply).not.toContain('Le plus loin');
    expect(reply).not.toContain('Brouillon');
    expect(reply.endsWith('Appelez avant de vous déplacer.')).toBe(true);
    expect(await sms.phone().ask('Wi-Fi Villeray')).toMatch(/^Passerelle, se brancher à Villeray :\n1\. Bibliothèque proche/);
    expect(await sms.phone().ask('WIFI G1R')).toContain('textez WIFI et votre code postal');
    expect(await sms.phone().ask('internet H1X')).toBe('Passerelle : aucun lieu pour se brancher connu à Rosemont. Textez WIFI et un autre code postal.');
  });

  it('WIFI tells a place closed today for renovations is closed, why, and when it reopens, in French and English', async () => {
    const cartierville = await publishedNeighbourhood('Cartierville', ['H4J']);
    const documents = strapi.documents('api::access-point.access-point');
    const fixture = anAccessPointClosedForRenovations();
    const created = await documents.create({ locale: 'fr', data: { ...toStrapiDocument(fixture, { locale: 'fr' }), neighbourhoods: [cartierville] } });
    await documents.update({ documentId: created.documentId, locale: 'en', data: { ...toStrapiDocument(fixture, { locale: 'en' }), neighbourhoods: [cartierville] } });
    await documents.publish({ documentId: created.documentId, locale: '*' });
    const reopening = new Date(Date.now() + 2 * 86_400_000);
    const day = (locale: 'fr' | 'en') =>
      new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { timeZone: 'America/Toronto', weekday: 'long', day: 'numeric', month: 'long' }).format(reopening).replace(/(^|\s)1 (?=\p{L})/u, '$11er ');
    const reply = await sms.phone().ask('WIFI H4J');
    expect(reply).toContain(`1. Centre fermé pour rénovations, 7355, avenue Christophe-Colomb, Montréal. Fermé aujourd'hui (Rénovations). Rouvre le ${day('fr')}`);
    expect(reply).not.toContain('Ouvert aujourd');
    // HELP makes the conversation English; WIFI keeps the language it finds.
    const englishPhone = sms.phone();
    await englishPhone.ask('HELP');
    const english = await englishPhone.ask('WIFI H4J');
    expect(english).toContain(`Closed today (Renovations). Reopens on ${day('en')}`);
  });

  it('a neighbourhood name works too, in English with the English words', async () => {
    const phone = sms.phone();
    expect(await phone.ask('villeray')).toMatch(/^Passerelle, Villeray :\n1\. /);
    const more = await phone.ask('MORE');
    expect(more).toMatch(/^Passerelle, Villeray:\n4\. /);
    expect(more).toContain('MORE for the next ones');
  });

  it('a number gets the item’s details with its link; an event taking registrations says OUI n', async () => {
    const phone = sms.phone();
    await phone.ask('H2R');
    const details = await phone.ask('1');
    expect(details).toContain(titles[0]!.slice(0, 15));
    expect(details).toContain('OUI 1 pour vous inscrire');
    expect(details).toMatch(/ https:\/\/www\.exemple\.ca\/evenements\/[a-z0-9-]+\/$/);
    const petition = await phone.ask('2');
    expect(petition).toContain('SIGNER 2 pour signer');
    expect(petition).toMatch(/ https:\/\/www\.exemple\.ca\/petitions\/[a-z0-9-]+\/$/);
    expect(await phone.ask('9')).toBe('Passerelle : pas de numéro 9 dans la liste. Textez PLUS ou votre code postal.');
  });

  it('a postal code without a neighbourhood, and a number without a list, say what to do', async () => {
    const phone = sms.phone();
    expect(await phone.ask('2')).toContain('textez d’abord votre code postal');
    expect(await phone.ask('G1R')).toContain('aucun quartier connu pour « G1R »');
  });

  it('the conversation ends 30 minutes after the last message', async () => {
    const phone = sms.phone();
    await phone.ask('H2R');
    await strapi.db.query('api::participation.sms-conversation').updateMany({ where: {}, data: { expiresAtMs: Date.now() - 1 } });
    expect(await phone.ask('PLUS')).toContain('textez d’abord votre code postal');
  });
});

describe('registering and cancelling by text message', () => {
  let neighbourhood: string;
  beforeAll(async () => {
    neighbourhood = await publishedNeighbourhood('Saint-Michel', ['H2A']);
  });

  it('OUI 1 registers this phone on the event’s seats; ANNULER frees the seat for the waiting list', async () => {
    const event = await eventAt(neighbourhood, 1, 3);
    const phone = sms.phone();
    await phone.ask('H2A');
    expect(await phone.ask('oui 1')).toMatch(/^Passerelle : inscription confirmée à « .+ », .+\. Pour annuler, textez ANNULER\.$/);
    const [mine] = await rows('registration', { eventDocumentId: event.documentId, phone: phone.number });
    expect(mine).toMatchObject({ registrationStatus: 'confirmed', people: 1, language: 'fr' });

    // The event is full: someone on the web goes on the waiting list, with a phone.
    const webPhone = newTestNumber();
    const web = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp({ email: '', phone: webPhone }));
    expect(web.location).toContain('/liste-attente?');
    await outboxSettled();

    expect(await phone.ask('ANNULER')).toMatch(/^Passerelle : votre inscription à « .+ » est annulée\./);
    expect((await rows('registration', { id: mine.id }))[0]).toMatchObject({ registrationStatus: 'cancelled' });
    // The freed seat went to the waiting list, who is told by text.
    expect(await rows('registration', { eventDocumentId: event.documentId, phone: webPhone })).toMatchObject([{ registrationStatus: 'confirmed' }]);
    expect(sms.phone(webPhone).inbox().at(-1)).toContain('Une place s’est libérée');
    expect(await phone.ask('annuler')).toBe('Passerelle : aucune inscription à venir à annuler pour ce numéro.');
  });

  it('OUI twice from the same phone is still one registration', async () => {
    const event = await eventAt(await publishedNeighbourhood('Rosemont-Est', ['H1T']), 5, 4);
    const phone = sms.phone();
    await phone.ask('H1T');
    await phone.ask('OUI 1');
    expect(await phone.ask('oui 1')).toContain('inscription confirmée');
    expect(await rows('registration', { eventDocumentId: event.documentId, registrationStatus: 'confirmed' })).toHaveLength(1);
  });

  it('web and text registrations racing for 5 seats never give more than 5', async () => {
    const event = await eventAt(await publishedNeighbourhood('Ahuntsic', ['H3L']), 5, 3);
    const phones = Array.from({ length: 10 }, () => sms.phone());
    for (const phone of phones) await phone.ask('H3L');
    const answers = await Promise.all([
      ...phones.map((phone) => phone.send('OUI 1')),
      ...Array.from({ length: 10 }, () => postForm(app.baseUrl, rsvpPath(event.slug), validRsvp())),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(303)]);
    await outboxSettled();
    expect(await rows('registration', { eventDocumentId: event.documentId, registrationStatus: 'confirmed' })).toHaveLength(5);
    expect(await rows('registration', { eventDocumentId: event.documentId, registrationStatus: 'waitlisted' })).toHaveLength(15);
    const pool = await strapi.db.query('api::participation.event-seat-pool').findOne({ where: { eventDocumentId: event.documentId } });
    expect(Number(pool.taken)).toBe(5);
    // Each phone was answered once, with what it got.
    const replies = phones.map((phone) => phone.inbox().at(-1)!);
    const bySms = await rows('registration', { eventDocumentId: event.documentId, phone: { $in: phones.map((p) => p.number) } });
    expect(bySms).toHaveLength(10);
    expect(replies.filter((r) => r.includes('inscription confirmée'))).toHaveLength(bySms.filter((r: { registrationStatus: string }) => r.registrationStatus === 'confirmed').length);
  });

  it('an event that does not take registrations by form says so, with its link', async () => {
    const event = await eventAt(await publishedNeighbourhood('Outremont', ['H2V']), null, 3);
    await strapi.documents('api::event.event').update({ documentId: event.documentId, locale: 'fr', data: { registrationMode: 'none' } });
    await strapi.documents('api::event.event').publish({ documentId: event.documentId, locale: 'fr' });
    const phone = sms.phone();
    await phone.ask('H2V');
    expect(await phone.ask('OUI 1')).toMatch(/^Passerelle : pas d’inscription par texto pour « .+ »\. https:\/\/www\.exemple\.ca\/evenements\//);
  });
});

describe('petitions by text message', () => {
  let petition: { documentId: string; slug: string; title: string };
  beforeAll(async () => {
    const neighbourhood = await publishedNeighbourhood('Parc-Extension', ['H3N']);
    petition = await publishedPetition(strapi, 'open', { neighbourhoods: [neighbourhood] });
  });

  it('SIGNER 1: name, postal code, consent — confirmed by the reply itself', async () => {
    const phone = sms.phone();
    await phone.ask('H3N');
    expect(await phone.ask('SIGNER 1')).toContain('textez votre nom');
    expect(await phone.ask('1234')).toContain('textez votre nom, en lettres');
    expect(await phone.ask('Hélène Côté')).toContain('code postal');
    expect(await phone.ask('pas un code')).toContain('code postal non reconnu');
    expect(await phone.ask('h3n 2l5')).toContain('Hélène Côté, H3N 2L5');
    expect(await phone.ask('oui')).toContain('votre signature de la pétition');
    const [signature] = await rows('signature', { petitionDocumentId: petition.documentId, phone: phone.number });
    expect(signature).toMatchObject({ name: 'Hélène Côté', postalCode: 'H3N 2L5', signatureStatus: 'confirmed', confirmedBy: 'sms' });
    // No code was sent: the conversation was the proof. Signing again says it is already done.
    expect(phone.inbox().some((m) => /\b\d{6}\b/.test(m))).toBe(false);
    await phone.ask('H3N');
    await phone.ask('signer 1');
    await phone.ask('Hélène Côté');
    await phone.ask('H3N 2L5');
    expect(await phone.ask('OUI')).toContain('vous avez déjà signé');
    expect(await rows('signature', { petitionDocumentId: petition.documentId, phone: phone.number })).toHaveLength(1);
  });

  it('NON stops the signing conversation, and nothing is recorded', async () => {
    const phone = sms.phone();
    await phone.ask('H3N');
    await phone.ask('SIGN 1');
    await phone.ask('Jean Roy');
    await phone.ask('H3N 2L5');
    expect(await phone.ask('non')).toBe('Passerelle : d’accord, rien n’a été signé.');
    expect(await rows('signature', { phone: phone.number })).toHaveLength(0);
  });

  it('a web signature is confirmed by replying its code, or OUI', async () => {
    for (const reply of ['code', 'OUI'] as const) {
      const phone = sms.phone();
      expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: phone.number.slice(2) }))).status).toBe(303);
      await outboxSettled();
      const code = /\b(\d{6})\b/.exec(phone.inbox().at(-1) ?? '')?.[1];
      expect(code).toBeDefined();
      if (reply === 'code') expect(await phone.ask('000000' === code ? '111111' : '000000')).toContain('ce code ne correspond pas');
      expect(await phone.ask(reply === 'code' ? `${code!.slice(0, 3)} ${code!.slice(3)}` : 'oui')).toContain('est confirmée');
      expect((await rows('signature', { phone: phone.number }))[0]).toMatchObject({ signatureStatus: 'confirmed', confirmedBy: 'sms' });
    }
  });

  it('OUI without a signature waiting says so', async () => {
    expect(await sms.phone().ask('OUI')).toContain('aucune signature en attente');
  });
});

describe('opting out and back in', () => {
  it('ARRÊT stops every text to the number, confirmed once; DÉBUT brings them back', async () => {
    const petition = await publishedPetition(strapi, 'open');
    const phone = sms.phone();
    expect(await phone.ask('Arrêt')).toBe('Passerelle : vous ne recevrez plus aucun texto de notre part. Pour revenir, textez DEBUT.');
    expect(await phone.text('ARRET')).toEqual([]);
    expect(await phone.text('AIDE')).toEqual([]);
    // A web form naming the number: recorded, but no text leaves.
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: phone.number.slice(2) }))).status).toBe(303);
    await outboxSettled();
    expect(phone.inbox()).toHaveLength(1);
    expect(await rows('outbound-message', { recipient: phone.number })).toHaveLength(0);
    expect(await phone.ask('début')).toContain('vous recevez de nouveau nos textos');
    expect(await phone.ask('help')).toContain('Help: 514 555-0100');
  });

  it('a message queued before ARRÊT does not leave after it', async () => {
    const phone = sms.phone();
    const { queueSms } = await import('../../cms/src/participation/messages/send.ts');
    // Queued and held (not due yet), then the number opts out, then it becomes due.
    await strapi.db.transaction(() => queueSms(strapi, { kind: 'rsvp-confirmation', key: randomBytes(8).toString('hex') }, phone.number, 'Passerelle : un rappel.'));
    const [queued] = await rows('outbound-message', { recipient: phone.number });
    await strapi.db.query('api::participation.outbound-message').update({ where: { id: queued.id }, data: { nextAttemptAtMs: Date.now() + 60_000 } });
    await phone.ask('STOP');
    await strapi.db.query('api::participation.outbound-message').update({ where: { id: queued.id }, data: { nextAttemptAtMs: Date.now() } });
    await outboxSettled();
    expect(phone.inbox()).toEqual([expect.stringContaining('plus aucun texto')]);
    expect((await rows('outbound-message', { id: queued.id }))[0]).toMatchObject({ deliveryStatus: 'dead', lastError: 'recipient opted out (ARRET/STOP)', body: null, recipient: null });
  });

  it('Law 25 erasure takes the conversation and the records of what the number texted, not its opt-out', async () => {
    const phone = sms.phone();
    await phone.ask('H2R');
    await phone.ask('STOP');
    const { optOutHash } = await import('../../cms/src/participation/sms/opt-outs.ts');
    const hash = optOutHash(phone.number);
    expect(await rows('sms-conversation', { senderHash: hash })).toHaveLength(1);
    expect(await rows('sms-inbound', { senderHash: hash })).toHaveLength(2);
    await deletePersonData(strapi, phone.number);
    expect(await rows('sms-conversation', { senderHash: hash })).toHaveLength(0);
    expect(await rows('sms-inbound', { senderHash: hash })).toHaveLength(0);
    expect(await rows('sms-opt-out', { phoneHash: hash })).toHaveLength(1);
    expect(await phone.text('AIDE')).toEqual([]);
  });
});

describe('help, unknown text, and what nobody should be able to do', () => {
  it('AIDE/HELP/INFO and unknown text get the help, never silence', async () => {
    const phone = sms.phone();
    expect(await phone.ask('aide')).toBe(
      'Passerelle : textez votre code postal (H2R) ou quartier pour voir les activités, un numéro pour les détails, OUI 2 pour vous inscrire, ANNULER, SIGNER 2, WIFI H2R pour Internet gratuit, ARRET pour ne plus rien recevoir. Aide : 514 555-0100',
    );
    expect(await phone.ask('INFO')).toContain('Aide : 514 555-0100');
    expect(await phone.ask('bonjour, c’est quoi ?')).toMatch(/^Message non compris\. Passerelle : textez/);
    expect(await phone.ask('')).toMatch(/^Message non compris\./);
  });

  it('a replayed message (same id) has no second effect and no second reply', async () => {
    const phone = sms.phone();
    const first = await phone.send('AIDE', `SM${randomBytes(16).toString('hex')}`);
    await outboxSettled();
    const again = await phone.send('AIDE', first.messageId);
    await Promise.all([phone.send('AIDE', first.messageId), phone.send('AIDE', first.messageId)]);
    await outboxSettled();
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(phone.inbox()).toHaveLength(1);
    expect(await rows('sms-inbound', { providerMessageId: first.messageId })).toHaveLength(1);
  });

  it('unsigned, forged or malformed requests get 403/400 and write nothing', async () => {
    const before = await strapi.db.query('api::participation.sms-inbound').count();
    const outboxBefore = await strapi.db.query('api::participation.outbound-message').count();
    const from = newTestNumber();
    const good: Record<string, string> = { MessageSid: `SM${'a'.repeat(32)}`, AccountSid: twilio.accountSid, From: from, To: '+15145550100', Body: 'AIDE' };
    const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
    const signed = (params: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.signCallback(sms.url, params) });
    const type = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await sms.postRaw(form(good), type)).status).toBe(403);
    expect((await sms.postRaw(form(good), { ...type, 'x-twilio-signature': 'AAAA' })).status).toBe(403);
    expect((await sms.postRaw(form({ ...good, Body: 'OUI 1' }), signed(good))).status).toBe(403);
    const malformed: Array<Record<string, string>> = [
      (({ MessageSid: _, ...rest }) => rest)(good),
      (({ From: _, ...rest }) => rest)(good),
      (({ Body: _, ...rest }) => rest)(good),
      (({ AccountSid: _, ...rest }) => rest)(good),
      { ...good, MessageSid: 'SM123' },
      { ...good, MessageSid: `XX${'a'.repeat(32)}` },
      { ...good, From: '5145550123' },
      { ...good, From: 'Passerelle' },
      { ...good, From: '' },
      { ...good, AccountSid: `AC${'b'.repeat(32)}` },
      { ...good, Body: 'x'.repeat(1601) },
    ];
    for (const params of malformed) {
      const answer = await sms.postRaw(form(params), signed(params));
      expect({ params, status: answer.status }).toEqual({ params, status: 400 });
    }
    // A name twice, signed as Twilio would: which body would be the message?
    const twice = `${form(good)}&Body=OUI%201`;
    const pairs = [...new URLSearchParams(twice)];
    const { twilioSignature } = await import('../../cms/src/participation/messages/twilio-signature.ts');
    expect((await sms.postRaw(twice, { ...type, 'x-twilio-signature': twilioSignature(twilio.authToken, sms.url, pairs) })).status).toBe(400);
    expect((await sms.postRaw('{"Body":"AIDE"}', { 'content-type': 'application/json' })).status).toBe(415);
    expect((await sms.postRaw(form({ ...good, Body: 'x'.repeat(20_000) }), type)).status).toBe(413);
    // A number outside North America cannot be answered: acknowledged, nothing kept.
    const abroad = { ...good, From: '+33612345678' };
    expect((await sms.postRaw(form(abroad), signed(abroad))).status).toBe(200);
    await outboxSettled();
    expect(await strapi.db.query('api::participation.sms-inbound').count()).toBe(before);
    expect(await strapi.db.query('api::participation.outbound-message').count()).toBe(outboxBefore);
  });
});

describe('Telnyx', () => {
  let telnyx: FakeTelnyx;
  let cms: StartedStrapi;
  beforeAll(async () => {
    // One CMS at a time in a process: the message settings are read once per boot.
    await app.stop();
    app = undefined as unknown as StartedStrapi;
    telnyx = await startFakeTelnyx();
    cms = await startStrapi({
      env: {
        SMS_PROVIDER: 'telnyx',
        TELNYX_API_KEY: telnyx.apiKey,
        TELNYX_FROM: '+15145550100',
        TELNYX_API_URL: telnyx.url,
        TELNYX_PUBLIC_KEY: telnyx.publicKey,
        SMS_CALLBACK_BASE_URL: publicBase,
        OUTBOX_POLL_MS: '50',
      },
    });
  });
  afterAll(async () => {
    await cms?.stop();
    await telnyx?.close();
  });

  it('answers a signed message.received through the outbox, and refuses a forged one', async () => {
    const simulator = smsSimulator(cms.baseUrl, { kind: 'telnyx', telnyx });
    const phone = simulator.phone();
    expect(await phone.ask('HELP')).toMatch(/^Passerelle: text your postal code/);
    const body = JSON.stringify({ data: { event_type: 'message.received', payload: { id: 'abc', from: { phone_number: phone.number }, text: 'AIDE' } } });
    expect((await simulator.postRaw(body, { 'content-type': 'application/json', ...telnyx.signWebhook('{}') })).status).toBe(403);
    expect((await simulator.postRaw(body, { 'content-type': 'application/json', ...telnyx.signWebhook(body, Math.floor(Date.now() / 1000) - 3600) })).status).toBe(403);
    const other = JSON.stringify({ data: { event_type: 'message.finalized', payload: { id: 'abc' } } });
    expect((await simulator.postRaw(other, { 'content-type': 'application/json', ...telnyx.signWebhook(other) })).status).toBe(204);
    for (const bad of ['not json', '{}', JSON.stringify({ data: { event_type: 'message.received', payload: { id: 'abc', from: { phone_number: 'x' }, text: 'AIDE' } } })]) {
      expect((await simulator.postRaw(bad, { 'content-type': 'application/json', ...telnyx.signWebhook(bad) })).status).toBe(400);
    }
    await outboxSettled();
    expect(phone.inbox()).toHaveLength(1);
  });
});
