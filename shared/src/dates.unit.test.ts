import { describe, expect, it } from 'vitest';
import { calendarDay, formatDate, formatDateTime, formatRange, formatTime, isWithinDays, zonedDate, zonedDateTime } from './dates.ts';

describe('dates in America/Toronto', () => {
  it('writes a moment in French words', () => {
    expect(formatDateTime('2026-12-05T18:30:00Z', 'fr')).toBe('samedi 5 décembre 2026 à 13 h 30');
  });
  it('writes a moment in English words', () => {
    expect(formatDateTime('2026-12-05T18:30:00Z', 'en')).toMatch(/^Saturday, December 5, 2026 at 1:30/);
  });
  it('writes a same-day range once', () => {
    expect(formatRange('2026-12-05T18:30:00Z', '2026-12-05T20:00:00Z', 'fr')).toBe('samedi 5 décembre 2026, de 13 h 30 à 15 h 00');
  });
  it('uses the Québec calendar day, not UTC', () => {
    expect(calendarDay('2026-12-06T03:00:00Z')).toBe('2026-12-05');
  });
  it('converts wall-clock times relative to a day, across daylight saving time', () => {
    const base = new Date('2026-03-07T15:00:00Z');
    expect(zonedDateTime(base, 0, '10:00').toISOString()).toBe('2026-03-07T15:00:00.000Z'); // EST
    expect(zonedDateTime(base, 1, '10:00').toISOString()).toBe('2026-03-08T14:00:00.000Z'); // EDT
    expect(zonedDate(base, -7)).toBe('2026-02-28');
  });
  it('keeps the wall-clock time and moves one calendar day at a time, every day of a year', () => {
    const base = new Date('2026-01-01T15:00:00Z');
    const fallBack = zonedDateTime(new Date('2026-10-31T15:00:00Z'), 1, '01:30');
    expect(fallBack.toISOString()).toBe('2026-11-01T05:30:00.000Z'); // the first 1:30, still EDT
    let previous = zonedDate(base, -1);
    for (let day = 0; day < 366; day += 1) {
      const instant = zonedDateTime(base, day, '18:30');
      expect(formatTime(instant, 'fr')).toBe('18 h 30');
      const date = zonedDate(base, day);
      expect(calendarDay(instant)).toBe(date);
      expect(Date.parse(`${date}T00:00:00Z`) - Date.parse(`${previous}T00:00:00Z`)).toBe(86_400_000);
      previous = date;
    }
  });
  it('refuses a malformed time', () => {
    expect(() => zonedDateTime(new Date(), 0, '6pm')).toThrow(/18:30/);
  });
  it('knows what is within the coming days', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(isWithinDays('2026-12-01T12:00:00Z', 7, now)).toBe(true);
    expect(isWithinDays('2026-12-10T12:00:00Z', 7, now)).toBe(false);
  });
});

describe('formatDate, first of the month', () => {
  it('writes "1er" in French and leaves other days and English alone', () => {
    expect(formatDate('2026-12-01T17:00:00Z', 'fr')).toBe('mardi 1er décembre 2026');
    expect(formatDate('2026-12-11T17:00:00Z', 'fr')).toBe('vendredi 11 décembre 2026');
    expect(formatDate('2026-12-01T17:00:00Z', 'en')).toBe('Tuesday, December 1, 2026');
  });
});
