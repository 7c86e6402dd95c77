import { describe, expect, it } from 'vitest';
import { easterSunday, quebecHolidayOn, quebecHolidaysOf } from './holidays.ts';

const daysOf = (year: number) => Object.fromEntries(quebecHolidaysOf(year).map((h) => [h.holiday, h.day]));

describe('Québec statutory holidays', () => {
  it('finds Easter Sunday by the Gregorian computus, early and late years included', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25'); // the latest possible date
    expect(easterSunday(2285)).toBe('2285-03-22'); // the earliest possible date
  });

  it('gives every holiday of 2026', () => {
    expect(daysOf(2026)).toEqual({
      new_year: '2026-01-01',
      good_friday: '2026-04-03',
      easter_monday: '2026-04-06',
      patriots_day: '2026-05-18',
      national_holiday: '2026-06-24',
      canada_day: '2026-07-01',
      labour_day: '2026-09-07',
      thanksgiving: '2026-10-12',
      christmas: '2026-12-25',
    });
  });

  it('puts the Patriots on the Monday before 25 May, a week earlier when the 25th is a Monday', () => {
    expect(daysOf(2024).patriots_day).toBe('2024-05-20');
    expect(daysOf(2025).patriots_day).toBe('2025-05-19');
    expect(daysOf(2027).patriots_day).toBe('2027-05-24');
    // 25 May 2026 is a Monday: the holiday is the 18th, not the 25th.
    expect(daysOf(2026).patriots_day).toBe('2026-05-18');
  });

  it('counts the nth Monday of September and October from the first of the month', () => {
    expect(daysOf(2025)).toMatchObject({ labour_day: '2025-09-01', thanksgiving: '2025-10-13' });
    expect(daysOf(2027)).toMatchObject({ labour_day: '2027-09-06', thanksgiving: '2027-10-11' });
    expect(daysOf(2028)).toMatchObject({ labour_day: '2028-09-04', thanksgiving: '2028-10-09' });
  });

  it('moves 24 June and 1 July to the Monday when they fall on a Sunday', () => {
    // 24 June 2029 and 1 July 2029 are Sundays.
    expect(daysOf(2029)).toMatchObject({ national_holiday: '2029-06-25', canada_day: '2029-07-02' });
    expect(daysOf(2028)).toMatchObject({ national_holiday: '2028-06-24', canada_day: '2028-07-01' });
  });

  it('lists nine days a year in order, each a Monday or a fixed date', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028, 2029, 2030]) {
      const days = quebecHolidaysOf(year).map((h) => h.day);
      expect(days).toHaveLength(9);
      expect([...days].sort()).toEqual(days);
    }
  });

  it('names the holiday of a day, and nothing for an ordinary day', () => {
    expect(quebecHolidayOn('2026-12-25')).toBe('christmas');
    expect(quebecHolidayOn('2027-03-26')).toBe('good_friday');
    expect(quebecHolidayOn('2026-12-26')).toBeNull();
  });
});
