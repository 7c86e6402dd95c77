/**
 * Québec's statutory holidays (Loi sur les normes du travail, art. 60, and Loi sur la fête
 * nationale), as calendar days `YYYY-MM-DD`. An access point that ticks "fermé les jours fériés du
 * Québec" is closed on each of them. Good Friday and Easter Monday are both listed: the law lets an
 * employer pick one, and the libraries and community centres we list close on both; a place that
 * opens on one of them unticks the box and enters its own closures. Boxing Day (26 December) is
 * not a statutory holiday in Québec: the holiday break is a closure of its own.
 */

export const quebecHolidays = [
  'new_year',
  'good_friday',
  'easter_monday',
  'patriots_day',
  'national_holiday',
  'canada_day',
  'labour_day',
  'thanksgiving',
  'christmas',
] as const;
export type QuebecHoliday = (typeof quebecHolidays)[number];

export interface HolidayDate {
  holiday: QuebecHoliday;
  /** `YYYY-MM-DD`, the day the holiday is observed. */
  day: string;
}

/** Calendar arithmetic on UTC noon: no time zone or clock change can move a day. */
const utcDay = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day, 12));
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDay(utcDay(year, month, day));
}

/** The `nth` Monday of a month (1 = first). */
function nthMonday(year: number, month: number, nth: number): Date {
  const first = utcDay(year, month, 1);
  const toMonday = (8 - first.getUTCDay()) % 7;
  return addDays(first, toMonday + 7 * (nth - 1));
}

/** Observed on the Monday when the day itself is a Sunday (Fête nationale, Fête du Canada). */
const mondayIfSunday = (date: Date) => (date.getUTCDay() === 0 ? addDays(date, 1) : date);

/** The year's holidays, in calendar order. */
export function quebecHolidaysOf(year: number): HolidayDate[] {
  const easter = new Date(`${easterSunday(year)}T12:00:00Z`);
  const may25 = utcDay(year, 5, 25);
  // The Monday before 25 May: between 18 and 24 May.
  const patriots = addDays(may25, -(((may25.getUTCDay() + 6) % 7) || 7));
  const days: Array<[QuebecHoliday, Date]> = [
    ['new_year', utcDay(year, 1, 1)],
    ['good_friday', addDays(easter, -2)],
    ['easter_monday', addDays(easter, 1)],
    ['patriots_day', patriots],
    ['national_holiday', mondayIfSunday(utcDay(year, 6, 24))],
    ['canada_day', mondayIfSunday(utcDay(year, 7, 1))],
    ['labour_day', nthMonday(year, 9, 1)],
    ['thanksgiving', nthMonday(year, 10, 2)],
    ['christmas', utcDay(year, 12, 25)],
  ];
  return days.map(([holiday, date]) => ({ holiday, day: isoDay(date) }));
}

/** The holiday observed on `day` (`YYYY-MM-DD`), or null. */
export function quebecHolidayOn(day: string): QuebecHoliday | null {
  const year = Number(day.slice(0, 4));
  return quebecHolidaysOf(year).find((h) => h.day === day)?.holiday ?? null;
}
