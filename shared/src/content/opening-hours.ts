import { TIME_ZONE } from '../dates.ts';
import { t } from '../i18n.ts';
import type { Locale } from '../locales.ts';
import { weekdays, type OpeningHours, type Weekday } from './access-point.ts';

/**
 * Opening hours in words, worked out for one moment (the build's, or a text message's) in Québec
 * time: the site is static, so "open today" is true for the day the page was built, and says so.
 */

const weekdayOf = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, weekday: 'long' });

/** The weekday of a moment in Montréal (a build at 23:30 on Saturday is still Saturday there). */
export function weekdayInQuebec(moment: Date): Weekday {
  return weekdayOf.format(moment).toLowerCase() as Weekday;
}

/** `monday` → `lundi` / `Monday`. */
export function weekdayLabel(locale: Locale, day: Weekday): string {
  // 2024-01-01 was a Monday.
  const date = new Date(Date.UTC(2024, 0, 1 + weekdays.indexOf(day), 12));
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { weekday: 'long', timeZone: 'UTC' }).format(date);
}

/** `10:00` → `10 h`, `13:30` → `13 h 30`; `10:00` → `10 a.m.`, `12:00` → `noon`, `13:30` → `1:30 p.m.` */
export function clockTime(locale: Locale, hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  if (locale === 'fr') return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
  if (h === 12 && m === 0) return 'noon';
  if (h === 0 && m === 0) return 'midnight';
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`} ${h < 12 ? 'a.m.' : 'p.m.'}`;
}

export interface HoursOptions {
  /** Text messages: only characters of the GSM alphabet (a hyphen, not an en dash), so a text stays 160 characters a segment. */
  gsm?: boolean;
}

/** One day's ranges, in order: `de 9 h à 12 h et de 13 h à 17 h` / `9 a.m.–noon, 1–5 p.m.` style. */
export function dayHours(locale: Locale, hours: readonly OpeningHours[], day: Weekday, options: HoursOptions = {}): string | null {
  const ranges = hours.filter((h) => h.weekday === day).sort((a, b) => a.opens.localeCompare(b.opens));
  if (ranges.length === 0) return null;
  const text = ranges
    .map((r) => t(locale, 'hoursRange', { opens: clockTime(locale, r.opens), closes: clockTime(locale, r.closes) }))
    .join(t(locale, 'hoursAnd'));
  return options.gsm ? text.replace(/–/g, '-') : text;
}

/** "Ouvert aujourd'hui de 10 h à 17 h" / "Fermé aujourd'hui" / "Open today 10 a.m.–5 p.m.", for the day of `moment` in Québec. */
export function todayInWords(locale: Locale, hours: readonly OpeningHours[], moment: Date, options: HoursOptions = {}): string {
  const today = dayHours(locale, hours, weekdayInQuebec(moment), options);
  return today === null ? t(locale, 'hoursClosedToday') : t(locale, 'hoursOpenToday', { hours: today });
}

const clockOf = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });

/** The wall-clock time of a moment in Montréal, `HH:MM` (24 h), comparable with opening ranges. */
export function clockInQuebec(moment: Date): string {
  return clockOf.format(moment);
}

/**
 * Where `moment` stands in its day's weekly hours (Montréal): within a range (open, until when),
 * before one (opens later today), or past the last (or none today). Closures are not looked at:
 * `openingStatus` (closures.ts) says first whether the day is closed. Read by the phone line, which
 * answers at the moment of the call, where a static page can only say "today".
 */
export type OpeningNow = { kind: 'open'; closes: string } | { kind: 'later'; opens: string; closes: string } | { kind: 'over' };

export function openingNow(hours: readonly OpeningHours[], moment: Date): OpeningNow {
  const day = weekdayInQuebec(moment);
  const clock = clockInQuebec(moment);
  const ranges = hours.filter((h) => h.weekday === day).sort((a, b) => a.opens.localeCompare(b.opens));
  const current = ranges.find((r) => r.opens <= clock && clock < r.closes);
  if (current) return { kind: 'open', closes: current.closes };
  const next = ranges.find((r) => clock < r.opens);
  return next ? { kind: 'later', opens: next.opens, closes: next.closes } : { kind: 'over' };
}

/** True when the day of `moment` has at least one opening range. */
export function isOpenToday(hours: readonly OpeningHours[], moment: Date): boolean {
  const day = weekdayInQuebec(moment);
  return hours.some((h) => h.weekday === day);
}

export interface WeekLine {
  weekday: Weekday;
  /** `lundi` / `Monday` */
  day: string;
  /** The day's hours, or `Fermé` / `Closed`. */
  hours: string;
  open: boolean;
  today: boolean;
}

/** The whole week, Monday first, each day in words; `today` marks the day of `moment` in Québec. */
export function weekInWords(locale: Locale, hours: readonly OpeningHours[], moment: Date): WeekLine[] {
  const today = weekdayInQuebec(moment);
  return weekdays.map((weekday) => {
    const text = dayHours(locale, hours, weekday);
    return { weekday, day: weekdayLabel(locale, weekday), hours: text ?? t(locale, 'hoursClosed'), open: text !== null, today: weekday === today };
  });
}
