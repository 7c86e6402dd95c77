import type { OpeningHours } from '../content/access-point.ts';
import { todayInWords } from '../content/opening-hours.ts';
import { t } from '../i18n.ts';
import type { Locale } from '../locales.ts';
import { fitSmsList } from './sms-length.ts';

/** A place to get online, as a text message lists it. */
export interface AccessPointLine {
  name: string;
  address: string;
  phone: string | null;
  openingHours: readonly OpeningHours[];
}

/** `WIFI H2R` answers with this many places at most: a text is read on a small screen. */
export const maxAccessPointsBySms = 3;

/**
 * Typographic quotes and dashes are outside the GSM alphabet: one of them would make the whole
 * text UCS-2 (70 characters a segment instead of 160). Names and addresses lose nothing by it.
 */
const toGsmPunctuation = (text: string) => text.replace(/[’‘]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ').trim();

/**
 * `WIFI H2R`: up to three places of the neighbourhood, nearest first, each with its address,
 * today's hours (`moment`, in Montréal) and phone; the header and footer are never cut, the
 * longest lines are shortened first (`fitSmsList`), within three segments.
 */
export function accessPointsSms(locale: Locale, place: string, points: readonly AccessPointLine[], moment: Date): string {
  const lines = points.slice(0, maxAccessPointsBySms).map((p, i) => {
    const hours = p.openingHours.length > 0 ? todayInWords(locale, p.openingHours, moment, { gsm: true }) : null;
    const parts = [`${i + 1}. ${p.name}, ${p.address}`, hours, p.phone].filter((part): part is string => Boolean(part));
    // "5 p.m." already ends its sentence: no second period.
    return toGsmPunctuation(parts.reduce((line, part) => `${line}${line.endsWith('.') ? ' ' : '. '}${part}`));
  });
  return fitSmsList(toGsmPunctuation(t(locale, 'smsOnlineHeader', { place })), lines, t(locale, 'smsOnlineFooter'));
}
