import { randomBytes } from 'node:crypto';
import { anAccessPoint, toStrapiDocument } from '@passerelle/shared/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inDays, publishedEventWithForm, useTestOutbox } from '../support/participation.ts';
import type { Strapi } from '../support/strapi.ts';
import type { VoiceSimulator } from '../support/voice-simulator.ts';
import { startTwilioVoiceLine, type TwilioVoiceLine } from '../support/voice-line.ts';

/**
 * A resident without internet calls the line to find where to get online for free near home: after
 * the neighbourhood's number, 5 reads its places to get online, three at a time, nearest first —
 * name, address in words, open now and until when (or closed today, why, and when it reopens),
 * what is offered, the cost, the phone number key by key — then 1 for the next ones and 9 for the
 * same places by text message. When nothing is announced this week, the places are offered at
 * once. The call is played as Twilio would (signed requests, the XML followed verb by verb).
 * Runs on SQLite and on PostgreSQL (scripts/test.sh).
 */
useTestOutbox();

const day = 86_400_000;
const everyDay = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** Open all day, every day: "open now" whatever the hour the test runs, but for the minute 23:59 (see `pastLastMinute`). */
const allDay = everyDay.map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));
/** The line reads the real clock: a run that starts in Montréal's minute 23:59 waits for midnight, so "open now" always holds. */
async function pastLastMinute(): Promise<void> {
  const clock = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date());
  const [hour, minute, second] = clock.split(':').map(Number);
  if (hour === 23 && minute === 59) await new Promise((resolve) => setTimeout(resolve, (61 - second!) * 1000));
}
const isoDate = /\d{4}-\d{2}-\d{2}/;
const webAddress = /https?:\/\/|www\./;

let numbers = 100 + Math.floor(Math.random() * 800);

describe('places to get online by phone (5)', () => {
  let voice: TwilioVoiceLine;
  let strapi: Strapi;
  let line: VoiceSimulator;
  const textsTo = (number: string) => voice.textsTo(number);

  async function neighbourhood(name: string): Promise<{ documentId: string; number: number }> {
    const documents = strapi.documents('api::neighbourhood.neighbourhood');
    const number = numbers++;
    const data = { name, slug: `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${randomBytes(3).toString('hex')}`, territory: 'Montréal', lat: 45.54, lng: -73.62, fsas: [], phoneMenuNumber: number };
    const created = await documents.create({ locale: 'fr', data });
    await documents.update({ documentId: created.documentId, locale: 'en', data });
    await documents.publish({ documentId: created.documentId, locale: '*' });
    return { documentId: created.documentId as string, number };
  }

  async function place(hood: string, fixture: ReturnType<typeof anAccessPoint>): Promise<void> {
    const documents = strapi.documents('api::access-point.access-point');
    const created = await documents.create({ locale: 'fr', data: { ...toStrapiDocument(fixture, { locale: 'fr' }), neighbourhoods: [hood] } });
    await documents.update({ documentId: created.documentId, locale: 'en', data: { ...toStrapiDocument(fixture, { locale: 'en' }), neighbourhoods: [hood] } });
    if (!fixture.draft) await documents.publish({ documentId: created.documentId, locale: '*' });
  }

  /** "mardi 8 décembre" / "Tuesday, December 8": the day after today in Montréal, as the line says it. */
  const tomorrow = (locale: 'fr' | 'en') =>
    new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { timeZone: 'America/Toronto', weekday: 'long', day: 'numeric', month: 'long' })
      .format(new Date(Date.now() + day))
      .replace(/(^|\s)1 (?=\p{L})/u, '$11er ');

  let villeray: { documentId: string; number: number };

  // Each test, not the file: a file that starts at 23:57 may reach a test in the minute 23:59.
  beforeEach(pastLastMinute, 70_000);
  beforeAll(async () => {
    voice = await startTwilioVoiceLine({ VOICE_CALLS_PER_HOUR: '100', VOICE_ACTIONS_PER_HOUR: '100' });
    ({ strapi, line } = voice);

    villeray = await neighbourhood('Villeray');
    await publishedEventWithForm(strapi, 10, { startsAt: inDays(2), endsAt: inDays(2, 20), neighbourhoods: [villeray.documentId] });
    // Nearest to the neighbourhood's centre (45.54, -73.62) first; a draft is never read.
    await place(villeray.documentId, anAccessPoint({ name: 'Bibliothèque proche 📚', lat: 45.5401, lng: -73.6201, openingHours: allDay, offers: ['computers', 'wifi', 'help_sessions'], cost: 'free', phone: '514-555-0136 poste 22', address: '7355, av. Christophe-Colomb, Montréal (QC) H2R 2S5' }));
    await place(villeray.documentId, anAccessPoint({ name: 'Centre en congé', lat: 45.541, lng: -73.621, closures: [{ startsInDays: 0, endsInDays: 0, fr: 'Vacances des fêtes', en: 'Holiday break' }], cost: 'low_cost' }));
    await place(villeray.documentId, anAccessPoint({ name: 'Coin sans heures', lat: 45.545, lng: -73.625, openingHours: [], offers: ['wifi'] }));
    await place(villeray.documentId, anAccessPoint({ name: 'Le quatrième', lat: 45.56, lng: -73.64 }));
    await place(villeray.documentId, anAccessPoint({ name: 'Brouillon secret', lat: 45.54, lng: -73.62, draft: true }));
  });
  afterAll(() => voice?.stop());

  it('offers 5 after an item, then reads three places in words: open now, closed today for the holidays, hours not given', async () => {
    const call = await line.call();
    await call.press(`${villeray.number}#`);
    expect(call.lastHeard()).toContain('Pour savoir où aller sur Internet gratuitement dans ce quartier, faites le 5.');
    await call.press('5');
    const heard = call.lastHeard();
    expect(heard).toContain('Villeray : 4 lieux pour aller sur Internet gratuitement, le plus proche en premier.');
    expect(heard).toContain(
      'Numéro 1. Bibliothèque proche. 7355, avenue Christophe-Colomb, Montréal, Québec. Ouvert maintenant, jusqu’à 23 h 59. Sur place : Ordinateurs publics, Wi-Fi gratuit, Aide pour utiliser Internet. Gratuit. Téléphone : 5 1 4, 5 5 5, 0 1 3 6, poste 2 2.',
    );
    expect(heard).toContain(`Numéro 2. Centre en congé. 7355, avenue Christophe-Colomb, Montréal. Fermé aujourd'hui, Vacances des fêtes. Rouvre le ${tomorrow('fr')}.`);
    expect(heard).toContain('Petit prix.');
    expect(heard).toContain('Numéro 3. Coin sans heures. 7355, avenue Christophe-Colomb, Montréal. Heures non indiquées : appelez avant de vous déplacer. Sur place : Wi-Fi gratuit.');
    // Three at most in one answer; never a draft, a URL, an ISO date, an emoji or a postal code.
    expect(heard).not.toContain('Numéro 4.');
    expect(heard).not.toContain('Brouillon');
    expect(heard).not.toMatch(isoDate);
    expect(heard).not.toMatch(webAddress);
    expect(heard).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(heard).not.toContain('H2R');
    expect(heard).toContain('Pour entendre les lieux suivants, faites le 1. Pour recevoir ces lieux par texto, faites le 9. Pour changer de quartier, faites le 0.');

    await call.press('1');
    expect(call.lastHeard()).toMatch(/^Numéro 4\. Le quatrième\. /);
    expect(call.lastHeard()).toContain('Pour réécouter la liste, faites le 1.');
    expect(call.lastHeard()).not.toContain('Numéro 1.');
    await call.press('1');
    expect(call.lastHeard()).toMatch(/^Ce sont tous les lieux connus à Villeray\. Villeray : 4 lieux/);
    expect(call.lastHeard()).toContain('Numéro 1. Bibliothèque proche.');
    await call.press('0');
    expect(call.lastHeard()).toContain('Entrez le numéro de votre quartier');
  });

  it('9 texts the places just heard to the number calling, as WIFI does, once per call and page', async () => {
    const call = await line.call();
    await call.press(`${villeray.number}#5`);
    await call.press('9');
    expect(call.lastHeard()).toMatch(/^C’est envoyé par texto au numéro qui appelle\. Un téléphone fixe ne le recevra pas\. Pour entendre les lieux suivants, faites le 1\./);
    const texts = textsTo(call.number);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/^Passerelle, se brancher à Villeray :\n1\. Bibliothèque proche/);
    expect(texts[0]).toContain('3. Coin sans heures');
    expect(texts[0]).not.toContain('Le quatrième');
    await call.press('9');
    expect(call.lastHeard()).toContain('C’est déjà envoyé par texto à ce numéro.');
    expect(textsTo(call.number)).toHaveLength(1);
    // The next page is another text.
    await call.press('1');
    await call.press('9');
    expect(textsTo(call.number)).toHaveLength(2);
    expect(textsTo(call.number)[1]).toMatch(/^Passerelle, se brancher à Villeray :\n1\. Le quatrième/);
  });

  it('in English after 9 at the welcome, the places are read with English words', async () => {
    const call = await line.call();
    await call.press('9');
    await call.press(`${villeray.number}#`);
    expect(call.lastHeard()).toContain('To find out where to get online for free in this neighbourhood, press 5.');
    await call.press('5');
    const heard = call.lastHeard();
    expect(heard).toContain('Villeray: 4 places to get online for free, the nearest first.');
    expect(heard).toContain('Number 1. Bibliothèque proche. 7355, avenue Christophe-Colomb, Montréal, Québec. Open now, until 11:59 p.m. On site: Public computers');
    expect(heard).toContain('Phone: 5 1 4, 5 5 5, 0 1 3 6, extension 2 2.');
    expect(heard).toContain(`Closed today, Holiday break. Reopens on ${tomorrow('en')}.`);
    expect(heard).toContain('For the next places, press 1. To get these places by text message, press 9.');
    const gather = call.verbs.find((v) => v.verb === 'Gather');
    expect(gather?.verb === 'Gather' && gather.says.every((s) => s.language === 'en-US')).toBe(true);
  });

  it('with nothing announced this week, the places are offered at once', async () => {
    const quiet = await neighbourhood('Saint-Michel');
    await place(quiet.documentId, anAccessPoint({ name: 'Maison de quartier', lat: 45.541, lng: -73.621, openingHours: allDay }));
    const call = await line.call();
    await call.press(`${quiet.number}#`);
    // Typed during the welcome, the number's question is heard first; then only the offer, no place yet.
    expect(call.lastHeard()).toMatch(/ Rien n’est annoncé cette semaine à Saint-Michel\. Pour savoir où aller sur Internet gratuitement dans ce quartier, faites le 5\. Pour changer de quartier, faites le 0\.$/);
    // 9 is not offered before a place was heard: a wrong key, nothing sent.
    await call.press('9');
    expect(call.lastHeard()).toMatch(/^Cette touche n’est pas dans le menu\. Pour savoir où aller/);
    expect(textsTo(call.number)).toHaveLength(0);
    await call.press('5');
    expect(call.lastHeard()).toContain('Saint-Michel : un lieu pour aller sur Internet gratuitement, le plus proche en premier. Numéro 1. Maison de quartier.');
    expect(call.lastHeard()).toContain('Ouvert maintenant');
    // Silence repeats the menu once, then goodbye.
    await call.silence();
    expect(call.lastHeard()).toMatch(/^Je n’ai rien entendu\. Pour réécouter la liste, faites le 1\./);
    await call.silence();
    expect(call.ended).toBe(true);
  });

  it('a neighbourhood without a place does not offer 5, and 5 there is a wrong key', async () => {
    const elsewhere = await neighbourhood('Ahuntsic');
    await publishedEventWithForm(strapi, null, { startsAt: inDays(3), endsAt: inDays(3, 20), neighbourhoods: [elsewhere.documentId] });
    const call = await line.call();
    await call.press(`${elsewhere.number}#`);
    expect(call.lastHeard()).not.toContain('faites le 5');
    await call.press('5');
    expect(call.lastHeard()).toMatch(/^Cette touche n’est pas dans le menu\. Pour recevoir les détails par texto, faites le 1\./);

    const empty = await neighbourhood('Bordeaux');
    const nothing = await line.call();
    await nothing.press(`${empty.number}#`);
    expect(nothing.lastHeard()).toContain('Rien n’est annoncé cette semaine à Bordeaux.');
    expect(nothing.lastHeard()).toContain('Entrez le numéro de votre quartier');
    expect(nothing.lastHeard()).not.toContain('faites le 5');
  });
});
