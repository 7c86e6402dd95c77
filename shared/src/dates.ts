import { localeTags, type Locale } from './locales.ts';

/** Every date shown to residents is in Québec's time zone, whatever the build machine's zone is. */
export const TIME_ZONE = 'America/Toronto';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeTags[locale], { timeZone: TIME_ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "samedi 5 décembre 2026" / "Saturday, December 5, 2026" */
export function formatDate(iso: string | Date, locale: Locale): string {
  const text = formatter(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(iso),
  );
  // French writes the first day of the month as an ordinal: "mardi 1er décembre", which Intl does not do.
  return locale === 'fr' ? text.replace(/(^|\s)1 (?=\p{L})/u, '$11er ') : text;
}

/** "13 h 30" / "1:30 p.m." */
export function formatTime(iso: string | Date, locale: Locale): string {
  return formatter(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** "samedi 5 décembre 2026 à 13 h 30" — a whole moment in words, for screen readers and print. */
export function formatDateTime(iso: string | Date, locale: Locale): string {
  const joiner = locale === 'fr' ? ' à ' : ' at ';
  return formatDate(iso, locale) + joiner + formatTime(iso, locale);
}

/** "de 13 h 30 à 15 h" on the same day, or two full moments otherwise. */
export function formatRange(start: string, end: string | null | undefined, locale: Locale): string {
  if (!end) return formatDateTime(start, locale);
  if (calendarDay(start) === calendarDay(end)) {
    return locale === 'fr'
      ? `${formatDate(start, locale)}, de ${formatTime(start, locale)} à ${formatTime(end, locale)}`
      : `${formatDate(start, locale)}, ${formatTime(start, locale)} to ${formatTime(end, locale)}`;
  }
  const joiner = locale === 'fr' ? ' au ' : ' to ';
  return formatDateTime(start, locale) + joiner + formatDateTime(end, locale);
}

/** The calendar day (YYYY-MM-DD) of a moment in Québec, used to group and compare days. */
const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
export function calendarDay(iso: string | Date): string {
  return dayFormatter.format(new Date(iso));
}

/** True when the moment falls within the next `days` days from `now` (inclusive of today). */
export function isWithinDays(iso: string, days: number, now: Date = new Date()): boolean {
  const t = new Date(iso).getTime();
  return t >= now.getTime() - 12 * 3600_000 && t <= now.getTime() + days * 86400_000;
}

/** Machine-readable value for `<time datetime>` and JSON-LD (ISO 8601 with offset). */
export function isoWithOffset(iso: string | Date): string {
  return new Date(iso).toISOString();
}

/** Offset in minutes between UTC and Québec time at a given instant (−240 in summer, −300 in winter). */
function zoneOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** A wall-clock time written the way demo data and editors write it: "09:00", "18:30" (24 h, two digits). */
export const WALL_CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isWallClockTime(value: unknown): value is string {
  return typeof value === 'string' && WALL_CLOCK_TIME.test(value);
}

/**
 * The instant that is `HH:MM` Québec time, `dayOffset` days after `base`'s Québec calendar day.
 * Demo data uses it so seeded dates are always relative to the day of seeding, DST included.
 */
export function zonedDateTime(base: Date, dayOffset: number, hhmm: string): Date {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`time must look like 18:30, got "${hhmm}"`);
  const [y, m, d] = calendarDay(base).split('-').map(Number) as [number, number, number];
  const wallClockAsUtc = Date.UTC(y, m - 1, d + dayOffset, Number(match[1]), Number(match[2]));
  // Two passes settle the offset even on the days the clocks change.
  let instant = wallClockAsUtc - zoneOffsetMinutes(new Date(wallClockAsUtc)) * 60_000;
  instant = wallClockAsUtc - zoneOffsetMinutes(new Date(instant)) * 60_000;
  return new Date(instant);
}

/** `YYYY-MM-DD` of the Québec calendar day `dayOffset` days after `base`. */
export function zonedDate(base: Date, dayOffset: number): string {
  return calendarDay(zonedDateTime(base, dayOffset, '12:00'));
}
