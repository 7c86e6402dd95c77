import { calendarDay } from '@passerelle/shared/dates';
import { clockTime, closureDay, openingNow, openingStatus, reopensOn, weekdayInQuebec } from '@passerelle/shared/content';
import { enumKey, t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import type { NearbyAccessPoint } from '../sms/access-points-near';
import { voicePrompts } from './prompts';
import { spoken } from './twiml';

/**
 * The phone line's key 5: the places to get online in the caller's neighbourhood, read three at a
 * time (a fourth is not remembered by ear), nine at most — the nearest, as `WIFI` lists them
 * (sms/access-points-near.ts). Each is said in words for text-to-speech: its name, its address
 * without the postal code, whether it is open at the moment of the call and until when (closures
 * and holidays first, through `openingStatus`, as every other channel), what it offers, its cost,
 * and its phone number digit by digit in groups.
 */
export const placesPerAnswer = 3;
export const maxPlacesRead = 9;

/**
 * What `openingStatus` writes for a page ("Fermé aujourd'hui (Noël)") is read aloud without its
 * brackets, which text-to-speech skips: "Fermé aujourd'hui, Noël".
 */
const withoutBrackets = (text: string) => text.replace(/\s*\(([^)]*)\)/g, ', $1').trim();

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * Open or closed at `moment` (Montréal), and until when: a closure or holiday today says so with
 * its reason and the day it reopens; otherwise the weekly hours say open now until…, opens later
 * today at…, or closed for today and when it opens next. A place without hours says to call first.
 */
export function openingInWords(language: Locale, point: NearbyAccessPoint, moment: Date): string[] {
  const p = voicePrompts[language];
  const status = openingStatus(language, point, moment);
  const next = status.later[0] ? sentence(withoutBrackets(status.later[0])) : null;
  if (status.closedToday) return [sentence(withoutBrackets(status.today)), status.reopens ? sentence(status.reopens) : null, next].filter((s): s is string => !!s);
  if (point.openingHours.length === 0) return [status.today, next].filter((s): s is string => !!s);
  const now = openingNow(point.openingHours, moment);
  if (now.kind === 'open') return [p.placeOpenNow(clockTime(language, now.closes)), ...(next ? [next] : [])];
  if (now.kind === 'later') return [p.placeOpensLater(clockTime(language, now.opens), clockTime(language, now.closes)), ...(next ? [next] : [])];
  const today = calendarDay(moment);
  const reopening = reopensOn(language, point, today);
  const opensAt = reopening ? firstOpening(point, reopening) : null;
  const again = reopening && opensAt ? p.placeReopens(closureDay(language, reopening, today), clockTime(language, opensAt)) : null;
  return [p.placeClosedForToday, again, next].filter((s): s is string => !!s);
}

/** The first opening time of a calendar day (`YYYY-MM-DD`), from the weekly hours. */
function firstOpening(point: NearbyAccessPoint, day: string): string | null {
  // 17:00 UTC is midday in Montréal, summer or winter: the same calendar day.
  const weekday = weekdayInQuebec(new Date(`${day}T17:00:00Z`));
  const ranges = point.openingHours.filter((h) => h.weekday === weekday).sort((a, b) => a.opens.localeCompare(b.opens));
  return ranges[0]?.opens ?? null;
}

/** One place, numbered from 1 in the list, as the sentences the line says. */
export function placeInWords(language: Locale, point: NearbyAccessPoint, n: number, moment: Date): string {
  const p = voicePrompts[language];
  const offers = point.offers.map((offer) => t(language, enumKey('accessOffer', offer)));
  return [
    p.placeItem(n, spoken(point.name), spokenAddress(point.address)),
    ...openingInWords(language, point, moment),
    offers.length > 0 ? p.placeOffers(offers.join(', ')) : null,
    point.cost ? sentence(t(language, enumKey('accessCost', point.cost))) : null,
    point.phone ? p.placePhone(spokenPhone(point.phone, language)) : null,
  ]
    .filter((s): s is string => !!s)
    .join(' ');
}

/** Street words Québec abbreviates, said in full: text-to-speech reads "boul." as a word. */
const abbreviations: Array<[RegExp, string]> = [
  [/\bboul\.?(?=\s)/gi, 'boulevard'],
  [/\bav\.(?=\s)/gi, 'avenue'],
  [/\bch\.(?=\s)/gi, 'chemin'],
  [/\bapp\.(?=\s)/gi, 'appartement'],
  [/\bbur\.(?=\s)/gi, 'bureau'],
  [/\bSte-(?=\p{Lu})/gu, 'Sainte-'],
  [/\bSt-(?=\p{Lu})/gu, 'Saint-'],
  [/\bQC\b/g, 'Québec'],
];

/**
 * An address made to be heard: abbreviations in full, no postal code (nobody needs it to walk
 * there, and "H2R 2S5" is read as a jumble), brackets as pauses.
 */
export function spokenAddress(address: string): string {
  let text = spoken(address).replace(/\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/gi, '');
  for (const [pattern, words] of abbreviations) text = text.replace(pattern, words);
  return withoutBrackets(text)
    .replace(/\s*,(\s*,)+/g, ',')
    .replace(/[\s,]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * "514-555-0136 poste 22" said "5 1 4, 5 5 5, 0 1 3 6, poste 2 2": digit by digit, in the groups
 * Québec says them, a pause between groups, so it can be written down while heard.
 */
export function spokenPhone(phone: string, language: Locale): string {
  const [main = '', extension] = phone.split(/\b(?:poste|ext\.?|extension|x)\s*(?=\d)/i);
  const digits = main.replace(/\D/g, '');
  const groups =
    digits.length === 10
      ? [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)]
      : digits.length === 11
        ? [digits.slice(0, 1), digits.slice(1, 4), digits.slice(4, 7), digits.slice(7)]
        : digits.length === 7
          ? [digits.slice(0, 3), digits.slice(3)]
          : (digits.match(/\d{1,3}/g) ?? []);
  const keys = (group: string) => group.split('').join(' ');
  const said = groups.map(keys).join(', ');
  const ext = extension?.replace(/\D/g, '');
  return ext ? `${said}, ${voicePrompts[language].phoneExtension} ${keys(ext)}` : said;
}
