import { describe, expect, it } from 'vitest';
import { messages, t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';
import { accessPointsSms } from './access-points-sms.ts';
import { eventReminderSms } from './event-reminder.ts';
import { fitSmsKeepingLink, fitSmsList, maxReplySegments, measureSms } from './sms-length.ts';

/**
 * Every text-message template, in both languages, filled with realistic worst cases (a title at
 * the CMS's 200-character limit, full of accents; the longest dates; a long link), measured as it
 * leaves (queueSms fits each one): never more than three segments, a link kept whole, and the
 * fixed words of every template whole too — only the variable parts are ever cut.
 */
const smsKeys = (Object.keys(messages.fr) as MessageKey[]).filter((key) => /^sms[A-Z]/.test(key) && !['smsDevPhoneTitle', 'smsRegistrantName'].includes(key));

const longTitle = 'Assemblée générale extraordinaire du comité des citoyennes et citoyens pour l’aménagement sécuritaire des rues près de l’école élémentaire Saint-Gérard, avec traduction et halte-garderie prévues';
/** An outcome's text at the CMS's limit (600 characters). */
const longOutcome = 'La Ville a répondu à notre pétition : la ruelle sera réaménagée au printemps, avec des bacs à fleurs, deux bancs et un éclairage plus doux. ‘Merci’ à toutes celles et ceux qui ont signé. '.repeat(4).slice(0, 600);
const worst = (locale: Locale): Record<string, string> => ({
  title: longTitle.slice(0, 200),
  when: locale === 'fr' ? 'mercredi 30 septembre 2026 à 18 h 30' : 'Wednesday, September 30, 2026 at 6:30 p.m.',
  until: locale === 'fr' ? '30 septembre' : 'September 30',
  date: locale === 'fr' ? '30 septembre' : 'September 30',
  text: longOutcome,
  place: 'Centre communautaire de loisirs Saint-Michel–Parc-Extension, 7400 boulevard Saint-Michel, Montréal',
  link: `https://www.passerelle-quartiers.exemple.ca/participer/evenements/annuler?jeton=${'A'.repeat(43)}&locale=${locale}`,
  url: `https://www.passerelle-quartiers.exemple.ca/evenements/${'assemblee-generale-'.repeat(6)}`,
  status: t(locale, 'mailRsvpWaitlisted'),
  code: '123456',
  item: '99',
  name: 'Marie-Ève Tremblay-Côté de la Rivière-des-Prairies',
  // An event's cancellation note, at the CMS's 200-character limit.
  note: 'Annulée à cause de la tempête de neige annoncée : les rues ne seront pas déneigées à temps. Nous reprendrons l’activité au même endroit dès que possible, la date sera affichée sur la page de l’événement.'.slice(0, 200),
  postalCode: 'H2R 1A1',
  phone: '514 555-0100, poste 1234',
});

/** Templates whose placeholders are all short: their words must fit as they are. */
const shortPlaceholders = /^\{(code|item|postalCode|phone)\}$/;
const isFixedSize = (template: string) => (template.match(/\{\w+\}/g) ?? []).every((p) => shortPlaceholders.test(p));

describe.each(['fr', 'en'] as const)('text-message templates in %s', (locale) => {
  it('covers the templates', () => expect(smsKeys.length).toBeGreaterThan(30));

  it.each(smsKeys)('%s fits in three segments with worst-case values', (key) => {
    const filled = t(locale, key, worst(locale));
    const sent = fitSmsKeepingLink(filled);
    const measured = measureSms(sent);
    expect(measured.segments, `${key}: ${measured.encoding}, ${measured.units} units`).toBeLessThanOrEqual(maxReplySegments);
    const template = messages[locale][key];
    if (isFixedSize(template)) expect(sent).toBe(filled);
    if (template.endsWith('{link}') || template.endsWith('{url}')) expect(sent.endsWith(worst(locale)[template.endsWith('{link}') ? 'link' : 'url']!)).toBe(true);
  });

  it('the help, with the help phone, is never cut', () => {
    const help = t(locale, 'smsHelp', { phone: worst(locale).phone! });
    expect(measureSms(help).segments).toBeLessThanOrEqual(maxReplySegments);
    expect(fitSmsKeepingLink(help)).toBe(help);
    // "Not understood" is the help with a few words in front.
    expect(measureSms(`${t(locale, 'smsNotUnderstood')} ${help}`).segments).toBeLessThanOrEqual(maxReplySegments);
    // Written in the GSM alphabet on purpose: one typographic apostrophe would double its cost.
    expect(measureSms(help)).toMatchObject({ encoding: 'gsm-7', segments: 2 });
  });

  it('the day-before reminder shortens the title and place, never its ANNULER/CANCEL instruction', () => {
    const w = worst(locale);
    const sent = eventReminderSms(locale, { title: w.title!, when: w.when!, place: w.place! });
    expect(measureSms(sent).segments).toBeLessThanOrEqual(maxReplySegments);
    // queueSms fits every text again: this one is left as it is.
    expect(fitSmsKeepingLink(sent)).toBe(sent);
    expect(sent.endsWith(locale === 'fr' ? 'Répondez ANNULER pour libérer votre place.' : 'Reply CANCEL to free your place.')).toBe(true);
    expect(sent).toContain(w.when);
    expect(sent).toContain(w.title!.slice(0, 30));
    // A short title and place go whole.
    const short = eventReminderSms(locale, { title: 'Corvée de ruelle', when: w.when!, place: 'Parc Jarry' });
    expect(short).toBe(t(locale, 'smsEventReminder', { title: 'Corvée de ruelle', when: w.when!, place: 'Parc Jarry' }));
  });

  it('a list of three items with the longest titles keeps its header, numbers and footer', () => {
    const lines = [1, 2, 3].map((n) => `${n}. ${longTitle}, ${worst(locale).when}`);
    const list = fitSmsList(t(locale, 'smsListHeader', { place: 'Villeray–Saint-Michel–Parc-Extension' }), lines, t(locale, 'smsListFooter'));
    expect(measureSms(list).segments).toBeLessThanOrEqual(maxReplySegments);
    for (const n of [1, 2, 3]) expect(list).toContain(`\n${n}. `);
    expect(list.endsWith(t(locale, 'smsListFooter'))).toBe(true);
  });
});

describe.each(['fr', 'en'] as const)('places to get online by text in %s', (locale) => {
  const hours = (['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const).flatMap((weekday) => [
    { weekday, opens: '09:30', closes: '12:00' },
    { weekday, opens: '13:30', closes: '20:30' },
  ]);
  const longPoint = { name: 'Bibliothèque d’Ahuntsic : salle des ordinateurs publics et coin numérique', address: '10 300, rue Lajeunesse, Montréal (Québec) H2C 2E2', phone: '514 555-0100, poste 1234', openingHours: hours, closures: [], closedOnQuebecHolidays: false };

  it('three of the longest places keep their numbers, header and footer', () => {
    const text = accessPointsSms(locale, 'Villeray–Saint-Michel–Parc-Extension', [longPoint, longPoint, longPoint, longPoint], new Date('2026-12-07T17:00:00Z'));
    const measured = measureSms(text);
    expect(measured.segments).toBeLessThanOrEqual(maxReplySegments);
    for (const n of [1, 2, 3]) expect(text).toContain(`\n${n}. `);
    expect(text).not.toContain('\n4. ');
    expect(text.endsWith(t(locale, 'smsOnlineFooter'))).toBe(true);
  });

  it('a short place goes whole, with today’s hours and phone', () => {
    const text = accessPointsSms(locale, 'Villeray', [{ name: 'Bibliothèque Le Prévost', address: '7355, avenue Christophe-Colomb', phone: '514-555-0136', openingHours: [{ weekday: 'monday', opens: '10:00', closes: '17:00' }], closures: [], closedOnQuebecHolidays: false }], new Date('2026-12-07T17:00:00Z'));
    expect(text).toBe(
      locale === 'fr'
        ? "Passerelle, se brancher à Villeray :\n1. Bibliothèque Le Prévost, 7355, avenue Christophe-Colomb. Ouvert aujourd'hui de 10 h à 17 h. 514-555-0136\nAppelez avant de vous déplacer."
        : 'Passerelle, get online in Villeray:\n1. Bibliothèque Le Prévost, 7355, avenue Christophe-Colomb. Open today 10 a.m.-5 p.m. 514-555-0136\nCall before you go.',
    );
    // No typographic character: 160 characters a segment, not 70.
    expect(measureSms(text).encoding).toBe('gsm-7');
  });

  it('a place closed today says why and when it reopens; an open one warns of its next closure', () => {
    const weekdaysOpen = (['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const).map((weekday) => ({ weekday, opens: '10:00', closes: '17:00' }));
    const library = { name: 'Bibliothèque Le Prévost', address: '7355, avenue Christophe-Colomb', phone: '514-555-0136', openingHours: weekdaysOpen };
    const holidayBreak = { startDate: '2026-12-24', endDate: '2027-01-02', reasonFr: 'Vacances des fêtes', reasonEn: 'Holiday break' };
    const closed = accessPointsSms(locale, 'Villeray', [{ ...library, closures: [holidayBreak], closedOnQuebecHolidays: true }], new Date('2026-12-29T17:00:00Z'));
    expect(closed).toContain(
      locale === 'fr'
        ? "Fermé aujourd'hui (Vacances des fetes). Rouvre le lundi 4 janvier 2027. 514-555-0136"
        : 'Closed today (Holiday break). Reopens on Monday, January 4, 2027. 514-555-0136',
    );
    expect(closed).not.toMatch(/Ouvert|Open today/);
    const christmas = accessPointsSms(locale, 'Villeray', [{ ...library, closures: [], closedOnQuebecHolidays: true }], new Date('2026-12-25T17:00:00Z'));
    expect(christmas).toContain(locale === 'fr' ? "Fermé aujourd'hui (Noel). Rouvre le lundi 28 décembre." : 'Closed today (Christmas Day). Reopens on Monday, December 28.');
    const before = accessPointsSms(locale, 'Villeray', [{ ...library, closures: [holidayBreak], closedOnQuebecHolidays: true }], new Date('2026-12-21T17:00:00Z'));
    expect(before).toContain(
      locale === 'fr'
        ? "Ouvert aujourd'hui de 10 h à 17 h. Fermé du jeudi 24 décembre au samedi 2 janvier 2027 (Vacances des fetes). 514-555-0136"
        : 'Open today 10 a.m.-5 p.m. Closed from Thursday, December 24 to Saturday, January 2, 2027 (Holiday break). 514-555-0136',
    );
    // Accents GSM-7 lacks are dropped from closures, so the answer keeps 160 characters a segment.
    for (const text of [closed, christmas, before]) expect(measureSms(text).encoding).toBe('gsm-7');
  });
});
