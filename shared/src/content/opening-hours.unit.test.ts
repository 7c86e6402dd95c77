import { describe, expect, it } from 'vitest';
import type { OpeningHours } from './access-point.ts';
import { clockInQuebec, clockTime, dayHours, isOpenToday, openingNow, todayInWords, weekdayInQuebec, weekInWords } from './opening-hours.ts';

const library: OpeningHours[] = [
  { weekday: 'monday', opens: '10:00', closes: '17:00' },
  { weekday: 'tuesday', opens: '13:00', closes: '20:30' },
  { weekday: 'saturday', opens: '13:00', closes: '17:00' },
  { weekday: 'saturday', opens: '09:00', closes: '12:00' },
];

describe('opening hours in words', () => {
  // 2026-12-07 is a Monday.
  const mondayNoon = new Date('2026-12-07T17:00:00Z');

  it('says when it is open today, in French and English', () => {
    expect(todayInWords('fr', library, mondayNoon)).toBe("Ouvert aujourd'hui de 10 h à 17 h");
    expect(todayInWords('en', library, mondayNoon)).toBe('Open today 10 a.m.–5 p.m.');
  });

  it('says when it is closed today', () => {
    const sunday = new Date('2026-12-06T17:00:00Z');
    expect(todayInWords('fr', library, sunday)).toBe("Fermé aujourd'hui");
    expect(todayInWords('en', library, sunday)).toBe('Closed today');
    expect(isOpenToday(library, sunday)).toBe(false);
    expect(isOpenToday(library, mondayNoon)).toBe(true);
  });

  it('gives two ranges of one day in order', () => {
    expect(dayHours('fr', library, 'saturday')).toBe('de 9 h à 12 h et de 13 h à 17 h');
    expect(dayHours('en', library, 'saturday')).toBe('9 a.m.–noon, 1 p.m.–5 p.m.');
    expect(dayHours('en', library, 'tuesday', { gsm: true })).toBe('1 p.m.-8:30 p.m.');
  });

  it('writes the minutes the way each language does', () => {
    expect(clockTime('fr', '20:30')).toBe('20 h 30');
    expect(clockTime('fr', '09:05')).toBe('9 h 05');
    expect(clockTime('en', '00:00')).toBe('midnight');
    expect(clockTime('en', '12:30')).toBe('12:30 p.m.');
  });

  it('takes the day in Montréal, not on the build machine (late evening in UTC)', () => {
    // 03:30 UTC on Tuesday is still Monday evening in Montréal.
    expect(weekdayInQuebec(new Date('2026-12-08T03:30:00Z'))).toBe('monday');
    expect(todayInWords('fr', library, new Date('2026-12-08T03:30:00Z'))).toBe("Ouvert aujourd'hui de 10 h à 17 h");
  });

  it('keeps the right day across the spring and autumn clock changes', () => {
    // Sunday 8 March 2026: clocks go forward at 2:00 (EST → EDT).
    expect(weekdayInQuebec(new Date('2026-03-08T04:30:00Z'))).toBe('saturday'); // 23:30 EST Saturday
    expect(weekdayInQuebec(new Date('2026-03-08T05:30:00Z'))).toBe('sunday'); // 00:30 EST Sunday
    expect(weekdayInQuebec(new Date('2026-03-09T03:30:00Z'))).toBe('sunday'); // 23:30 EDT Sunday
    expect(weekdayInQuebec(new Date('2026-03-09T04:30:00Z'))).toBe('monday'); // 00:30 EDT Monday
    // Sunday 1 November 2026: clocks go back at 2:00 (EDT → EST).
    expect(weekdayInQuebec(new Date('2026-11-01T03:30:00Z'))).toBe('saturday'); // 23:30 EDT Saturday
    expect(weekdayInQuebec(new Date('2026-11-02T04:30:00Z'))).toBe('sunday'); // 23:30 EST Sunday
    expect(weekdayInQuebec(new Date('2026-11-02T05:30:00Z'))).toBe('monday'); // 00:30 EST Monday
    expect(todayInWords('en', library, new Date('2026-03-09T04:30:00Z'))).toBe('Open today 10 a.m.–5 p.m.');
  });

  it('lists the week Monday first, closed days in words, today marked', () => {
    const week = weekInWords('fr', library, mondayNoon);
    expect(week.map((d) => d.day)).toEqual(['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']);
    expect(week[0]).toMatchObject({ hours: 'de 10 h à 17 h', open: true, today: true });
    expect(week[2]).toMatchObject({ hours: 'Fermé', open: false, today: false });
    expect(weekInWords('en', library, mondayNoon)[1]).toMatchObject({ day: 'Tuesday', hours: '1 p.m.–8:30 p.m.' });
  });

  it('says whether a place is open at this very moment in Montréal, and until when', () => {
    // 17:00Z on 7 December is noon in Montréal (EST).
    expect(clockInQuebec(mondayNoon)).toBe('12:00');
    expect(openingNow(library, mondayNoon)).toEqual({ kind: 'open', closes: '17:00' });
    // Monday 17:00 sharp: closed, nothing more today.
    expect(openingNow(library, new Date('2026-12-07T22:00:00Z'))).toEqual({ kind: 'over' });
    // Tuesday 11:00: opens at 13:00.
    expect(openingNow(library, new Date('2026-12-08T16:00:00Z'))).toEqual({ kind: 'later', opens: '13:00', closes: '20:30' });
    // Saturday 12:30, between two ranges: the afternoon one.
    expect(openingNow(library, new Date('2026-12-12T17:30:00Z'))).toEqual({ kind: 'later', opens: '13:00', closes: '17:00' });
    // Sunday: no range at all.
    expect(openingNow(library, new Date('2026-12-06T17:00:00Z'))).toEqual({ kind: 'over' });
    // 23:30 on Monday in Montréal is already Tuesday in UTC: Monday's hours are the ones read.
    expect(openingNow([{ weekday: 'monday', opens: '20:00', closes: '23:59' }], new Date('2026-12-08T04:30:00Z'))).toEqual({ kind: 'open', closes: '23:59' });
  });
});
