import { calendarDay } from '../dates.ts';
import { enumKey, t } from '../i18n.ts';
import type { Locale } from '../locales.ts';
import { weekdays, type OpeningHours } from './access-point.ts';
import { closureNoticeDays, type Closure } from './closure.ts';
import { quebecHolidayOn, quebecHolidaysOf } from './holidays.ts';
import { todayInWords, type HoursOptions } from './opening-hours.ts';

/**
 * Days an access point is closed although its weekly hours say open: its own closures (holiday
 * break, renovations) and, when it ticked the box, Québec's statutory holidays. Every place that
 * tells a resident whether a place is open (pages, text messages) goes through `openingStatus`, so
 * they all say the same thing for the same day in Montréal.
 */

/** What the closure logic needs of a place. */
export interface ClosingPlace {
  openingHours: readonly OpeningHours[];
  closures: readonly Closure[];
  closedOnQuebecHolidays: boolean;
}

/** One stretch of closed days, as residents are told it. */
export interface ClosedStretch {
  startDate: string;
  endDate: string;
  reason: string | null;
}

const noon = (day: string) => new Date(`${day}T12:00:00Z`);
const nextDay = (day: string, by = 1) => new Date(noon(day).getTime() + by * 86_400_000).toISOString().slice(0, 10);
const weekdayOfDay = (day: string) => weekdays[(noon(day).getUTCDay() + 6) % 7]!;

const reasonIn = (locale: Locale, c: Closure) => (locale === 'fr' ? (c.reasonFr ?? c.reasonEn) : (c.reasonEn ?? c.reasonFr));

/** The stretch that closes the place on `day`, own closures first (they carry the OC's reason), else the holiday. */
export function closureOn(locale: Locale, place: ClosingPlace, day: string): ClosedStretch | null {
  const own = place.closures.find((c) => c.startDate <= day && day <= c.endDate);
  if (own) return { startDate: own.startDate, endDate: own.endDate, reason: reasonIn(locale, own) };
  const holiday = place.closedOnQuebecHolidays ? quebecHolidayOn(day) : null;
  return holiday ? { startDate: day, endDate: day, reason: t(locale, enumKey('holiday', holiday)) } : null;
}

/**
 * Closed stretches that touch the days from `today` to `today + days`, in date order: own closures,
 * then the holidays none of them already covers.
 */
export function closuresAround(locale: Locale, place: ClosingPlace, today: string, days = closureNoticeDays): ClosedStretch[] {
  const last = nextDay(today, days);
  const own = place.closures
    .filter((c) => c.endDate >= today && c.startDate <= last)
    .map((c) => ({ startDate: c.startDate, endDate: c.endDate, reason: reasonIn(locale, c) }));
  const year = Number(today.slice(0, 4));
  const holidays = !place.closedOnQuebecHolidays
    ? []
    : [...quebecHolidaysOf(year), ...quebecHolidaysOf(year + 1)]
        .filter((h) => h.day >= today && h.day <= last && !own.some((c) => c.startDate <= h.day && h.day <= c.endDate))
        .map((h) => ({ startDate: h.day, endDate: h.day, reason: t(locale, enumKey('holiday', h.holiday)) }));
  return [...own, ...holidays].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.endDate.localeCompare(b.endDate));
}

/**
 * The first day after `day` the place opens: not in a closure and, when its weekly hours are known,
 * one of its days. Null when none within a year (a place closed that long says only that it is closed).
 */
export function reopensOn(locale: Locale, place: ClosingPlace, day: string): string | null {
  for (let next = nextDay(day), i = 0; i < 366; next = nextDay(next), i += 1) {
    if (closureOn(locale, place, next)) continue;
    if (place.openingHours.length === 0 || place.openingHours.some((h) => h.weekday === weekdayOfDay(next))) return next;
  }
  return null;
}

/** "jeudi 25 décembre" / "Thursday, December 25"; the year only when it is not `today`'s. */
export function closureDay(locale: Locale, day: string, today: string): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' };
  if (day.slice(0, 4) !== today.slice(0, 4)) options.year = 'numeric';
  const text = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', options).format(noon(day));
  return locale === 'fr' ? text.replace(/(^|\s)1 (?=\p{L})/u, '$11er ') : text;
}

/** "Fermé le jeudi 25 décembre (Noël)" / "Fermé du … au … (Rénovations)". */
export function stretchInWords(locale: Locale, stretch: ClosedStretch, today: string): string {
  const words =
    stretch.startDate === stretch.endDate
      ? t(locale, 'closedOnDay', { day: closureDay(locale, stretch.startDate, today) })
      : t(locale, 'closedFromTo', { from: closureDay(locale, stretch.startDate, today), to: closureDay(locale, stretch.endDate, today) });
  return stretch.reason ? `${words} (${stretch.reason})` : words;
}

export interface OpeningStatus {
  /** Closed today by a closure or a holiday (weekly closed days are not a closure). */
  closedToday: boolean;
  /** "Ouvert aujourd'hui de 10 h à 17 h" / "Fermé aujourd'hui (Noël)" / "Heures non indiquées…" */
  today: string;
  /** "Rouvre le lundi 4 janvier", when closed today by a closure. */
  reopens: string | null;
  /** Closures within the next `closureNoticeDays` days, today's included, each in words. */
  upcoming: string[];
  /** The same without the one that closes it today (already said by `today`). */
  later: string[];
}

/** Whether the place is open on the day of `moment` in Montréal, and the closures coming, in words. */
export function openingStatus(locale: Locale, place: ClosingPlace, moment: Date, options: HoursOptions = {}): OpeningStatus {
  const today = calendarDay(moment);
  const closed = closureOn(locale, place, today);
  const stretches = closuresAround(locale, place, today);
  const upcoming = stretches.map((s) => stretchInWords(locale, s, today));
  const later = stretches.filter((s) => s.startDate > today).map((s) => stretchInWords(locale, s, today));
  if (closed) {
    const reopening = reopensOn(locale, place, today);
    return {
      closedToday: true,
      today: closed.reason ? t(locale, 'closedTodayBecause', { reason: closed.reason }) : t(locale, 'hoursClosedToday'),
      reopens: reopening ? t(locale, 'reopensOn', { day: closureDay(locale, reopening, today) }) : null,
      upcoming,
      later,
    };
  }
  const hours = place.openingHours.length > 0 ? todayInWords(locale, place.openingHours, moment, options) : t(locale, 'hoursUnknown');
  return { closedToday: false, today: hours, reopens: null, upcoming, later };
}

/**
 * What a place's own page announces: every closure of its own not over yet (an OC entered it to be
 * read, however far), and the holidays of the next `closureNoticeDays` days.
 */
export function announcedClosures(locale: Locale, place: ClosingPlace, moment: Date): string[] {
  const today = calendarDay(moment);
  const own = place.closures.filter((c) => c.endDate >= today).map((c) => ({ startDate: c.startDate, endDate: c.endDate, reason: reasonIn(locale, c) }));
  const soon = closuresAround(locale, place, today).filter((s) => !own.some((o) => o.startDate === s.startDate && o.endDate === s.endDate));
  return [...own, ...soon]
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.endDate.localeCompare(b.endDate))
    .map((s) => stretchInWords(locale, s, today));
}
