/**
 * Copy of `zonedDateTime` / `zonedDate` from `shared/src/dates.ts` (see quebec-geo.ts for why a
 * copy; the integration suite compares both implementations over a year of days, DST included).
 */
export const TIME_ZONE = 'America/Toronto';

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function calendarDay(iso: string | Date): string {
  return dayFormatter.format(new Date(iso));
}

const offsetFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function zoneOffsetMinutes(at: Date): number {
  const parts = offsetFormatter.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** The instant that is `HH:MM` Québec time, `dayOffset` days after `base`'s Québec calendar day. */
export function zonedDateTime(base: Date, dayOffset: number, hhmm: string): Date {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`time must look like 18:30, got "${hhmm}"`);
  const [y, m, d] = calendarDay(base).split('-').map(Number) as [number, number, number];
  const wallClockAsUtc = Date.UTC(y, m - 1, d + dayOffset, Number(match[1]), Number(match[2]));
  let instant = wallClockAsUtc - zoneOffsetMinutes(new Date(wallClockAsUtc)) * 60_000;
  instant = wallClockAsUtc - zoneOffsetMinutes(new Date(instant)) * 60_000;
  return new Date(instant);
}

/** `YYYY-MM-DD` of the Québec calendar day `dayOffset` days after `base`. */
export function zonedDate(base: Date, dayOffset: number): string {
  return calendarDay(zonedDateTime(base, dayOffset, '12:00'));
}
