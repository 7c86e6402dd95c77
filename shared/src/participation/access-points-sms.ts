import type { OpeningHours } from '../content/access-point.ts';
import type { Closure } from '../content/closure.ts';
import { openingStatus } from '../content/closures.ts';
import { t } from '../i18n.ts';
import type { Locale } from '../locales.ts';
import { fitSmsList, smsEncoding } from './sms-length.ts';

/** A place to get online, as a text message lists it. */
export interface AccessPointLine {
  name: string;
  address: string;
  phone: string | null;
  openingHours: readonly OpeningHours[];
  closures: readonly Closure[];
  closedOnQuebecHolidays: boolean;
}

/** `WIFI H2R` answers with this many places at most: a text is read on a small screen. */
export const maxAccessPointsBySms = 3;

/**
 * Typographic quotes and dashes are outside the GSM alphabet: one of them would make the whole
 * text UCS-2 (70 characters a segment instead of 160). Names and addresses lose nothing by it.
 */
const toGsmPunctuation = (text: string) => text.replace(/[’‘]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ').trim();

/**
 * Closure reasons and holiday names (Fête nationale, Noël, « Vacances des fêtes ») carry letters
 * GSM-7 lacks (ê, ë, â…): one would turn the whole answer to UCS-2 and cut the list to a third. They
 * lose their accent, a habit of French texting; é, è, à and the like are GSM and stay.
 */
const toGsmLetters = (text: string) =>
  [...text].map((c) => (smsEncoding(c) === 'gsm-7' ? c : c.normalize('NFD').replace(/\p{M}/gu, ''))).join('');

/**
 * `WIFI H2R`: up to three places of the neighbourhood, nearest first, each with its address,
 * today's hours or closure (`moment`, in Montréal), the next closure within two weeks, and phone;
 * the header and footer are never cut, the
 * longest lines are shortened first (`fitSmsList`), within three segments.
 */
export function accessPointsSms(locale: Locale, place: string, points: readonly AccessPointLine[], moment: Date): string {
  const lines = points.slice(0, maxAccessPointsBySms).map((p, i) => {
    const status = openingStatus(locale, p, moment, { gsm: true });
    // A place without hours says nothing of today unless a closure says it is closed.
    const today = status.closedToday ? toGsmLetters(status.today) : p.openingHours.length > 0 ? status.today : null;
    // Today's closure is already said; the next one is enough in a text.
    const next = status.later[0];
    const parts = [`${i + 1}. ${p.name}, ${p.address}`, today, status.reopens, next && toGsmLetters(next), p.phone].filter((part): part is string => Boolean(part));
    // "5 p.m." already ends its sentence: no second period.
    return toGsmPunctuation(parts.reduce((line, part) => `${line}${line.endsWith('.') ? ' ' : '. '}${part}`));
  });
  return fitSmsList(toGsmPunctuation(t(locale, 'smsOnlineHeader', { place })), lines, t(locale, 'smsOnlineFooter'));
}
