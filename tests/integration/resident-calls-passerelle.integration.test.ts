import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aValidDocument } from '@passerelle/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeTelnyx } from '../support/fake-telnyx.ts';
import type { FakeTwilio } from '../support/fake-twilio.ts';
import { inDays, outboxSettled, postForm, publishedEventWithForm, publishedPetition, rsvpPath, useTestOutbox, validRsvp } from '../support/participation.ts';
import { smsSimulator } from '../support/sms-simulator.ts';
import type { StartedStrapi, Strapi } from '../support/strapi.ts';
import type { SimulatedCall, VoiceSimulator } from '../support/voice-simulator.ts';
import { startTwilioVoiceLine, startTelnyxVoiceLine, type TwilioVoiceLine, type TelnyxVoiceLine, voicePublicBase } from '../support/voice-line.ts';

/**
 * A resident who never opens a website calls the line: picks a neighbourhood by its keypad number,
 * hears this week's items read in French (English after 9), gets one by text (1) and registers
 * (2) on the same seat counter as the web. Silence, wrong keys and hang-ups are walked too. The
 * call is played as the provider would (signed requests, the XML parsed and followed verb by
 * verb); Twilio throughout, Telnyx's TeXML for one journey.
 */
const publicBase = voicePublicBase;
useTestOutbox();

let numbers = 100 + Math.floor(Math.random() * 400);

async function neighbourhoodWithNumber(strapi: Strapi, name: string): Promise<{ documentId: string; number: number }> {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const number = numbers++;
  const slug = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  const data = { name, slug, territory: 'Montréal', lat: 45.54, lng: -73.62, fsas: [], phoneMenuNumber: number };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return { documentId: created.documentId as string, number };
}

/**
 * A published balado episode made from a few seconds of tone through the CMS's own transcoding
 * (ffmpeg), so it has the phone version the line plays; `releaseDate` orders episodes.
 */
async function publishedEpisode(strapi: Strapi, title: string, releaseDate: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-ligne-balado-'));
  try {
    const file = path.join(dir, `${releaseDate}.wav`);
    execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=4', '-af', 'volume=0.2', file]);
    const [source] = await strapi.plugin('upload').service('upload').upload({
      data: { fileInfo: { name: path.basename(file) } },
      files: { filepath: file, originalFilename: path.basename(file), mimetype: 'audio/wav', size: statSync(file).size },
    });
    const documents = strapi.documents('api::episode.episode');
    const created = await documents.create({ locale: 'fr', data: { ...aValidDocument('api::episode.episode', title), title, audio: source.id, releaseDate } });
    await documents.publish({ documentId: created.documentId, locale: 'fr' });
    return created.documentId as string;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const isoDate = /\d{4}-\d{2}-\d{2}/;
const webAddress = /https?:\/\/|www\./;

describe('with Twilio', () => {
  let voice: TwilioVoiceLine;
  let app: StartedStrapi;
  let strapi: Strapi;
  let twilio: FakeTwilio;
  let line: VoiceSimulator;
  const textsTo = (number: string) => voice.textsTo(number);
  const registrations = (where: Record<string, unknown>) => strapi.db.query('api::participation.registration').findMany({ where });

  beforeAll(async () => {
    voice = await startTwilioVoiceLine({
      VOICE_TTS_VOICE_FR: 'Polly.Liam-Neural',
      VOICE_CALLS_PER_HOUR: '100',
      VOICE_ACTIONS_PER_HOUR: '100',
      SMS_INBOUND_REPLIES_PER_HOUR: '200',
      PETITION_COUNT_CACHE_SECONDS: '0',
    });
    ({ app, strapi, twilio, line } = voice);
  });
  afterAll(() => voice?.stop());

  describe('hearing this week’s items', () => {
    let villeray: { documentId: string; number: number };
    const titles: string[] = [];

    beforeAll(async () => {
      villeray = await neighbourhoodWithNumber(strapi, 'Villeray');
      for (const days of [2, 3]) titles.push((await publishedEventWithForm(strapi, 10, { startsAt: inDays(days), endsAt: inDays(days, 20), neighbourhoods: [villeray.documentId] })).title);
      titles.push((await publishedPetition(strapi, 'open', { closesAt: inDays(20), neighbourhoods: [villeray.documentId] })).title);
      // Beyond the week: not read.
      await publishedEventWithForm(strapi, null, { title: 'Beaucoup plus tard', startsAt: inDays(12), endsAt: inDays(12, 20), neighbourhoods: [villeray.documentId] });
    });

    it('welcomes in French with the English key, then asks the neighbourhood’s number', async () => {
      const call = await line.call();
      const [welcome, ask] = call.verbs;
      expect(welcome).toMatchObject({ verb: 'Gather', input: 'dtmf', numDigits: 1 });
      expect(ask).toMatchObject({ verb: 'Gather', input: 'dtmf', finishOnKey: '#' });
      expect(call.verbs.at(-1)).toMatchObject({ verb: 'Redirect' });
      for (const verb of call.verbs) if (verb.verb === 'Gather') expect(verb.says.every((s) => s.language === 'fr-CA' && s.voice === 'Polly.Liam-Neural')).toBe(true);
      expect(call.heard.join(' ')).toContain('For English, press 9.');
      expect(ask?.verb === 'Gather' && ask.says[0]?.text).toContain('Entrez le numéro de votre quartier, puis le carré.');
    });

    it('reads the week’s items one by one, in words, with their menu', async () => {
      const call = await line.call();
      await call.press(`${villeray.number}#`);
      const first = call.lastHeard();
      expect(first).toContain('Villeray, cette semaine : 3 activités.');
      expect(first).toContain(`Numéro 1. ${titles[0]}.`);
      expect(first).toMatch(/(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \p{L}+/u);
      expect(first).toContain('Pour vous inscrire, faites le 2.');
      expect(first).not.toMatch(isoDate);
      expect(first).not.toMatch(webAddress);
      await call.press('3');
      expect(call.lastHeard()).toContain(`Numéro 2. ${titles[1]}.`);
      await call.press('3');
      expect(call.lastHeard()).toContain(`Numéro 3. Pétition : ${titles[2]}.`);
      expect(call.lastHeard()).toContain('Pour réécouter la liste, faites le 3.');
      expect(call.lastHeard()).not.toContain('Pour vous inscrire');
      await call.press('3');
      expect(call.lastHeard()).toContain('C’est tout pour cette semaine à Villeray.');
      expect(call.heard.join(' ')).not.toContain('Beaucoup plus tard');
      // 0: another neighbourhood.
      await call.press('0');
      expect(call.lastHeard()).toContain('Entrez le numéro de votre quartier');
    });

    it('9 at the welcome switches to English; 9 in a menu reads the item again in English', async () => {
      const call = await line.call();
      await call.press('9');
      expect(call.lastHeard()).toContain('Enter your neighbourhood’s number, then the pound key.');
      const gather = call.verbs.find((v) => v.verb === 'Gather');
      expect(gather && gather.verb === 'Gather' && gather.says[0]?.language).toBe('en-US');
      await call.press(`${villeray.number}#`);
      expect(call.lastHeard()).toContain('Villeray, this week: 3 activities.');
      expect(call.lastHeard()).toContain(`Number 1. EN ${titles[0]}.`);

      const french = await line.call();
      await french.press(`${villeray.number}#`);
      await french.press('9');
      expect(french.lastHeard()).toContain(`Number 1. EN ${titles[0]}.`);
      expect(french.lastHeard()).toContain('To register, press 2.');
    });

    it('a number typed during the welcome is kept', async () => {
      const call = await line.call();
      await call.press(`${villeray.number}#`);
      expect(call.lastHeard()).toContain('Villeray, cette semaine');
    });

    it('an unknown number says so and asks again; three in a row say goodbye', async () => {
      const call = await line.call();
      await call.silence();
      await call.press('998#');
      expect(call.lastHeard()).toContain('Aucun quartier ne porte le numéro 9, 9, 8.');
      expect(call.lastHeard()).toContain('Entrez le numéro de votre quartier');
      await call.press('0#');
      await call.press('5555#');
      expect(call.lastHeard()).toContain('Merci d’avoir appelé Passerelle. Au revoir!');
      expect(call.ended).toBe(true);
      expect(call.verbs.at(-1)).toEqual({ verb: 'Hangup' });
    });

    it('silence repeats the question once, then says goodbye and hangs up', async () => {
      const call = await line.call();
      // The welcome's own pause moves on to the question: no request, nothing said twice.
      await call.silence();
      await call.silence();
      expect(call.lastHeard()).toContain('Je n’ai rien entendu.');
      expect(call.lastHeard()).toContain('Entrez le numéro de votre quartier');
      await call.silence();
      expect(call.lastHeard()).toBe('Je n’ai rien entendu. Merci d’avoir appelé Passerelle. Au revoir!');
      expect(call.ended).toBe(true);

      const inMenu = await line.call();
      await inMenu.press(`${villeray.number}#`);
      await inMenu.silence();
      expect(inMenu.lastHeard()).toMatch(/^Je n’ai rien entendu\. Pour recevoir les détails par texto, faites le 1\./);
      await inMenu.silence();
      expect(inMenu.ended).toBe(true);
    });

    it('a key outside the menu says so and repeats the menu', async () => {
      const call = await line.call();
      await call.press(`${villeray.number}#`);
      await call.press('7');
      expect(call.lastHeard()).toMatch(/^Cette touche n’est pas dans le menu\. Pour recevoir les détails par texto, faites le 1\./);
      await call.press('*');
      expect(call.lastHeard()).toContain('Cette touche n’est pas dans le menu.');
      // Still on the first item: 2 registers for it.
      await call.press('2');
      expect(call.lastHeard()).toContain(`une place est réservée pour vous à ${titles[0]}`);
    });
  });

  describe('the item by text (1)', () => {
    it('sends its short link to the number calling, once per call', async () => {
      const hood = await neighbourhoodWithNumber(strapi, 'Saint-Michel');
      const event = await publishedEventWithForm(strapi, null, { startsAt: inDays(3), endsAt: inDays(3, 20), neighbourhoods: [hood.documentId] });
      const call = await line.call();
      await call.press(`${hood.number}#1`);
      expect(call.lastHeard()).toContain('Pour changer de quartier, faites le 0. For English, press 9. C’est envoyé par texto au numéro qui appelle.');
      const texts = textsTo(call.number);
      expect(texts).toHaveLength(1);
      const code = ((await strapi.db.query('api::event.event').findOne({ where: { documentId: event.documentId }, select: ['shortCode'] })) as { shortCode: string }).shortCode;
      expect(texts[0]).toContain(event.title.slice(0, 20));
      expect(texts[0]).toMatch(new RegExp(`https://www\\.exemple\\.ca/e/${code}/$`));
      await call.press('1');
      expect(call.lastHeard()).toContain('C’est déjà envoyé par texto à ce numéro.');
      expect(textsTo(call.number)).toHaveLength(1);
    });

    it('an opted-out number gets nothing, and is told why', async () => {
      const hood = await neighbourhoodWithNumber(strapi, 'Ahuntsic');
      await publishedEventWithForm(strapi, null, { startsAt: inDays(3), endsAt: inDays(3, 20), neighbourhoods: [hood.documentId] });
      const phone = smsSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase }).phone();
      await phone.ask('ARRÊT');
      const before = textsTo(phone.number).length;
      const call = await line.call(phone.number);
      await call.press(`${hood.number}#1`);
      expect(call.lastHeard()).toContain('Ce numéro a demandé à ne plus recevoir de textos.');
      await outboxSettled();
      expect(textsTo(phone.number)).toHaveLength(before);
      expect(await strapi.db.query('api::participation.outbound-message').count({ where: { recipient: phone.number } })).toBe(0);
    });

    it('a caller ID that is not a North-American number is told no text can reach it', async () => {
      const hood = await neighbourhoodWithNumber(strapi, 'Bordeaux');
      await publishedEventWithForm(strapi, null, { startsAt: inDays(3), endsAt: inDays(3, 20), neighbourhoods: [hood.documentId] });
      const call = await line.call('anonymous');
      await call.press(`${hood.number}#1`);
      expect(call.lastHeard()).toContain('Nous ne pouvons pas envoyer de texto au numéro qui appelle.');
    });
  });

  describe('registering (2)', () => {
    it('takes a seat on the web’s counter; the next caller goes on the waiting list', async () => {
      const hood = await neighbourhoodWithNumber(strapi, 'Cartierville');
      const event = await publishedEventWithForm(strapi, 2, { startsAt: inDays(4), endsAt: inDays(4, 20), neighbourhoods: [hood.documentId] });
      // One seat goes on the web first.
      const web = await postForm(app.baseUrl, rsvpPath(event.slug), validRsvp());
      expect(web.location).toContain('/inscrit?');

      const first = await line.call();
      await first.press(`${hood.number}#2`);
      expect(first.lastHeard()).toContain(`C’est fait : une place est réservée pour vous à ${event.title}.`);
      expect(await registrations({ eventDocumentId: event.documentId, phone: first.number })).toMatchObject([{ registrationStatus: 'confirmed', people: 1, name: 'Inscription par téléphone' }]);
      expect(textsTo(first.number).at(-1)).toMatch(/jeton=/);

      const second = await line.call();
      await second.press(`${hood.number}#2`);
      expect(second.lastHeard()).toContain(`${event.title} est complet. Vous êtes sur la liste d’attente`);
      expect(await registrations({ eventDocumentId: event.documentId, phone: second.number })).toMatchObject([{ registrationStatus: 'waitlisted' }]);
      const pool = await strapi.db.query('api::participation.event-seat-pool').findOne({ where: { eventDocumentId: event.documentId } });
      expect(Number(pool.taken)).toBe(2);

      // The same caller pressing 2 again is still one registration.
      await first.press('2');
      expect(await registrations({ eventDocumentId: event.documentId, phone: first.number, registrationStatus: 'confirmed' })).toHaveLength(1);
    });

    it('phone and web racing for 3 seats never give more than 3', async () => {
      const hood = await neighbourhoodWithNumber(strapi, 'Parc-Extension');
      const event = await publishedEventWithForm(strapi, 3, { startsAt: inDays(4), endsAt: inDays(4, 20), neighbourhoods: [hood.documentId] });
      const calls: SimulatedCall[] = [];
      for (let i = 0; i < 4; i++) {
        const call = await line.call();
        await call.press(`${hood.number}#`);
        calls.push(call);
      }
      await Promise.all([...calls.map((call) => call.press('2')), ...Array.from({ length: 4 }, () => postForm(app.baseUrl, rsvpPath(event.slug), validRsvp()))]);
      expect(await registrations({ eventDocumentId: event.documentId, registrationStatus: 'confirmed' })).toHaveLength(3);
      expect(await registrations({ eventDocumentId: event.documentId, registrationStatus: 'waitlisted' })).toHaveLength(5);
    });

    it('an event without registration by form explains instead', async () => {
      const hood = await neighbourhoodWithNumber(strapi, 'Montréal-Nord');
      const event = await publishedEventWithForm(strapi, null, { startsAt: inDays(3), endsAt: inDays(3, 20), neighbourhoods: [hood.documentId], registrationMode: 'none' });
      const call = await line.call();
      await call.press(`${hood.number}#`);
      expect(call.lastHeard()).not.toContain('Pour vous inscrire');
      await call.press('2');
      expect(call.lastHeard()).toContain('Pas besoin de s’inscrire : venez, tout simplement.');
      expect(await registrations({ eventDocumentId: event.documentId })).toHaveLength(0);
    });
  });

  describe('hanging up', () => {
    it('mid-menu leaves nothing done; a key arriving after the hang-up does nothing', async () => {
      const hood = await neighbourhoodWithNumber(strapi, 'Sault-au-Récollet');
      const event = await publishedEventWithForm(strapi, 5, { startsAt: inDays(3), endsAt: inDays(3, 20), neighbourhoods: [hood.documentId] });
      const call = await line.call();
      await call.press(`${hood.number}#`);
      call.hangUp();
      const late = await call.afterHangUp('2');
      expect(late.status).toBe(200);
      expect(late.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      await outboxSettled();
      expect(await registrations({ eventDocumentId: event.documentId })).toHaveLength(0);
      expect(textsTo(call.number)).toHaveLength(0);
    });
  });

  describe('the balado (*)', () => {
    it('without an episode that has a phone version, the star is not offered and says so', async () => {
      const call = await line.call();
      expect(call.heard.join(' ')).not.toContain('balado');
      await call.press('*');
      expect(call.lastHeard()).toContain('Aucun épisode du balado ne peut être écouté au téléphone pour l’instant.');
      expect(call.played).toEqual([]);
      expect(call.verbs.some((v) => v.verb === 'Gather' && v.finishOnKey === '#')).toBe(true);
    });

    it('plays the latest published episode’s phone version, its title read first, then asks the neighbourhood', async () => {
      await publishedEpisode(strapi, 'Un épisode plus ancien', '2026-01-15');
      await publishedEpisode(strapi, 'Mobiliser sans Facebook & <autres>', '2026-06-01');
      const call = await line.call();
      expect(call.heard.join(' ')).toContain('Pour écouter le dernier épisode du balado, faites l’étoile.');
      await call.press('*');
      expect(call.lastHeard()).toContain('Le dernier épisode du balado de Passerelle : Mobiliser sans Facebook & <autres>.');
      const kinds = call.verbs.map((v) => v.verb);
      expect(kinds.slice(0, 3)).toEqual(['Say', 'Play', 'Say']);
      expect(call.played).toHaveLength(1);
      const played = new URL(call.played[0]!);
      expect(played.protocol).toBe('https:');
      expect(played.origin).toBe(publicBase);
      // Under the write path: the only part of the public host that reaches the CMS (nginx).
      expect(played.pathname).toMatch(/^\/participer\/telephone\/balado\/[a-z0-9]{24}\.mp3$/);
      const served = await fetch(new URL(played.pathname, app.baseUrl));
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toMatch(/audio\/mpeg/);
      const bytes = Buffer.from(await served.arrayBuffer());
      expect(bytes.length).toBe(Number(served.headers.get('content-length')));
      // An MP3: an ID3 tag or an MPEG audio frame first.
      expect(bytes.subarray(0, 3).toString('latin1') === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)).toBe(true);
      for (const wrong of ['a'.repeat(24), '..%2F..%2Fconfig', 'x']) {
        expect((await fetch(new URL(`/participer/telephone/balado/${wrong}.mp3`, app.baseUrl))).status, wrong).toBe(404);
      }
      expect(call.lastHeard()).toContain('C’était le balado de Passerelle.');
      expect(call.lastHeard()).toContain('Entrez le numéro de votre quartier');
    });

    it('in English, the star at the neighbourhood’s question plays it too', async () => {
      const call = await line.call();
      await call.press('9');
      expect(call.lastHeard()).toContain('To listen to the latest episode of the podcast, press star.');
      await call.press('*#');
      expect(call.lastHeard()).toContain('The latest episode of Passerelle’s podcast: Mobiliser sans Facebook');
      expect(call.played).toHaveLength(1);
    });
  });

  it('a keypad number survives editing and publishing again, and no other neighbourhood can publish it', async () => {
    const documents = strapi.documents('api::neighbourhood.neighbourhood');
    const hood = await neighbourhoodWithNumber(strapi, 'Ahuntsic');
    await documents.update({ documentId: hood.documentId, locale: 'fr', data: { territory: 'CLSC d’Ahuntsic' } });
    await documents.publish({ documentId: hood.documentId, locale: 'fr' });
    const published = await documents.findOne({ documentId: hood.documentId, locale: 'fr', status: 'published' });
    expect(published).toMatchObject({ phoneMenuNumber: hood.number, territory: 'CLSC d’Ahuntsic' });
    const twin = await documents.create({ locale: 'fr', data: { name: 'Jumeau', slug: `jumeau-${randomBytes(3).toString('hex')}`, territory: 'Montréal', lat: 45.5, lng: -73.6, phoneMenuNumber: hood.number } });
    await expect(documents.publish({ documentId: twin.documentId, locale: 'fr' })).rejects.toThrow(/unique/i);
  });

  it('a title typed with markup characters is read as text, never as XML', async () => {
    const hood = await neighbourhoodWithNumber(strapi, 'Saint-Laurent');
    const title = 'Soupe & jeux <Hangup/> « chez "Lou" » l’après-midi';
    await publishedEventWithForm(strapi, null, { title, startsAt: inDays(3), endsAt: inDays(3, 20), neighbourhoods: [hood.documentId] });
    const call = await line.call();
    await call.press(`${hood.number}#`);
    expect(call.xml).not.toContain('<Hangup/> «');
    expect(call.lastHeard()).toContain(`Numéro 1. ${title}.`);
    expect(call.ended).toBe(false);
  });
});

describe('with Telnyx (TeXML)', () => {
  let voice: TelnyxVoiceLine;
  let app: StartedStrapi;
  let telnyx: FakeTelnyx;
  let line: VoiceSimulator;

  beforeAll(async () => {
    voice = await startTelnyxVoiceLine();
    ({ app, telnyx, line } = voice);
  });
  afterAll(() => voice?.stop());

  it('walks the same menu: a neighbourhood, an item, the item by text', async () => {
    const hood = await neighbourhoodWithNumber(app.strapi, 'Villeray');
    const event = await publishedEventWithForm(app.strapi, 4, { startsAt: inDays(2), endsAt: inDays(2, 20), neighbourhoods: [hood.documentId] });
    const call = await line.call();
    expect(call.heard.join(' ')).toContain('For English, press 9.');
    await call.press(`${hood.number}#`);
    expect(call.lastHeard()).toContain(`Numéro 1. ${event.title}.`);
    await call.press('1');
    expect(call.lastHeard()).toContain('C’est envoyé par texto');
    expect(telnyx.received.filter((m) => m.to === call.number).map((m) => String(m.text))).toEqual([expect.stringMatching(/https:\/\/www\.exemple\.ca\/e\/[2-9A-Z]{3,8}\/$/)]);
    await call.press('2');
    expect(call.lastHeard()).toContain('une place est réservée pour vous');
  });
});
