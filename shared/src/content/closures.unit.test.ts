import { describe, expect, it } from 'vitest';
import type { OpeningHours } from './access-point.ts';
import { closureSchema, type Closure } from './closure.ts';
import { announcedClosures, closureOn, closuresAround, openingStatus, reopensOn, type ClosingPlace } from './closures.ts';

const weekdaysOnly: OpeningHours[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({
  weekday: weekday as OpeningHours['weekday'],
  opens: '10:00',
  closes: '17:00',
}));
const closure = (startDate: string, endDate: string, reasonFr: string | null = null, reasonEn: string | null = null): Closure => ({ startDate, endDate, reasonFr, reasonEn });
const place = (closures: Closure[], closedOnQuebecHolidays = false, openingHours = weekdaysOnly): ClosingPlace => ({ openingHours, closures, closedOnQuebecHolidays });
/** Noon in Montréal (EST) on a winter day. */
const winterNoon = (day: string) => new Date(`${day}T17:00:00Z`);

describe('closures of an access point', () => {
  const holidayBreak = place([closure('2026-12-24', '2027-01-02', 'Vacances des fêtes', 'Holiday break')], true);

  it('says a place closed over the new year is closed, why, and when it reopens', () => {
    const status = openingStatus('fr', holidayBreak, winterNoon('2026-12-31'));
    expect(status.closedToday).toBe(true);
    expect(status.today).toBe("Fermé aujourd'hui (Vacances des fêtes)");
    // 2 January 2027 is a Saturday and the place is closed on weekends: Monday the 4th.
    expect(status.reopens).toBe('Rouvre le lundi 4 janvier 2027');
    expect(status.upcoming).toEqual(['Fermé du jeudi 24 décembre au samedi 2 janvier 2027 (Vacances des fêtes)']);
    expect(openingStatus('en', holidayBreak, winterNoon('2027-01-01')).today).toBe('Closed today (Holiday break)');
  });

  it('keeps apart the closure of today from the later ones, and announces on the page every own closure however far', () => {
    const twoClosures = place([closure('2026-12-07', '2026-12-08', 'Inventaire'), closure('2027-03-01', '2027-03-31', 'Rénovations')], true);
    const status = openingStatus('fr', twoClosures, winterNoon('2026-12-07'));
    expect(status.later).toEqual([]);
    expect(status.upcoming).toEqual(['Fermé du lundi 7 décembre au mardi 8 décembre (Inventaire)']);
    expect(announcedClosures('fr', twoClosures, winterNoon('2026-12-14'))).toEqual([
      'Fermé le vendredi 25 décembre (Noël)',
      'Fermé du lundi 1er mars 2027 au mercredi 31 mars 2027 (Rénovations)',
    ]);
  });

  it('gives the closure its own reason over the holiday it covers', () => {
    expect(closureOn('fr', holidayBreak, '2026-12-25')?.reason).toBe('Vacances des fêtes');
    expect(closuresAround('fr', holidayBreak, '2026-12-20')).toHaveLength(1);
  });

  it('reopens the day after a closure ending today when that day has hours', () => {
    const painting = place([closure('2026-12-01', '2026-12-08', 'Peinture')]);
    const status = openingStatus('fr', painting, winterNoon('2026-12-08'));
    expect(status.today).toBe("Fermé aujourd'hui (Peinture)");
    expect(status.reopens).toBe('Rouvre le mercredi 9 décembre');
    expect(openingStatus('fr', painting, winterNoon('2026-12-09'))).toMatchObject({ closedToday: false, today: "Ouvert aujourd'hui de 10 h à 17 h", reopens: null });
  });

  it('closes on Québec holidays only when the place ticked the box, and names the holiday', () => {
    const christmas = winterNoon('2026-12-25');
    expect(openingStatus('fr', place([], true), christmas).today).toBe("Fermé aujourd'hui (Noël)");
    expect(openingStatus('en', place([], true), christmas).today).toBe('Closed today (Christmas Day)');
    expect(openingStatus('fr', place([], false), christmas).today).toBe("Ouvert aujourd'hui de 10 h à 17 h");
  });

  it('announces closures of the next 14 days, and none further', () => {
    const renovations = place([closure('2026-12-14', '2026-12-18', 'Fermé pour rénovations', 'Closed for renovations')], true);
    expect(openingStatus('fr', renovations, winterNoon('2026-12-07')).upcoming).toEqual(['Fermé du lundi 14 décembre au vendredi 18 décembre (Fermé pour rénovations)']);
    expect(openingStatus('en', renovations, winterNoon('2026-12-14')).upcoming).toEqual([
      'Closed from Monday, December 14 to Friday, December 18 (Closed for renovations)',
      'Closed on Friday, December 25 (Christmas Day)',
    ]);
    expect(openingStatus('fr', renovations, winterNoon('2026-11-20')).upcoming).toEqual([]);
  });

  it('takes the day in Montréal, not in UTC (late evening, and the clock change)', () => {
    const closedOn25 = place([closure('2026-12-25', '2026-12-25', 'Noël')]);
    // 02:00 UTC on the 25th is still the evening of the 24th in Montréal.
    expect(openingStatus('fr', closedOn25, new Date('2026-12-25T02:00:00Z')).closedToday).toBe(false);
    expect(openingStatus('fr', closedOn25, new Date('2026-12-25T05:30:00Z')).closedToday).toBe(true);
    // Sunday 1 November 2026, the clocks go back at 2:00: the day is 25 hours long in Montréal.
    const allSaints = place([closure('2026-11-01', '2026-11-01', 'Inventaire')], false, [{ weekday: 'sunday', opens: '10:00', closes: '17:00' }]);
    expect(openingStatus('fr', allSaints, new Date('2026-11-01T03:30:00Z')).closedToday).toBe(false); // 23:30 EDT, 31 October
    expect(openingStatus('fr', allSaints, new Date('2026-11-01T04:30:00Z')).closedToday).toBe(true); // 00:30 EDT, 1 November
    expect(openingStatus('fr', allSaints, new Date('2026-11-02T04:30:00Z')).closedToday).toBe(true); // 23:30 EST, still 1 November
    expect(openingStatus('fr', allSaints, new Date('2026-11-02T05:30:00Z')).closedToday).toBe(false); // 00:30 EST, 2 November
  });

  it('falls back to the other language for a reason given in one only, and says nothing of a place closed for over a year', () => {
    const oneLanguage = place([closure('2026-12-07', '2026-12-07', 'Inventaire')]);
    expect(openingStatus('en', oneLanguage, winterNoon('2026-12-07')).today).toBe('Closed today (Inventaire)');
    const longWorks = place([closure('2026-01-01', '2028-12-31')]);
    expect(reopensOn('fr', longWorks, '2026-12-07')).toBeNull();
    expect(openingStatus('fr', longWorks, winterNoon('2026-12-07'))).toMatchObject({ today: "Fermé aujourd'hui", reopens: null });
  });

  it('refuses a closure that ends before it starts, a day that is not in the calendar, and a long reason', () => {
    expect(closureSchema.safeParse(closure('2026-12-24', '2026-12-23')).success).toBe(false);
    expect(closureSchema.safeParse(closure('2026-02-30', '2026-03-01')).success).toBe(false);
    expect(closureSchema.safeParse(closure('2026-12-24', '2026-12-24', 'x'.repeat(81))).success).toBe(false);
    expect(closureSchema.parse({ startDate: '2026-12-24', endDate: '2026-12-24', reasonFr: '  ', reasonEn: undefined })).toEqual(closure('2026-12-24', '2026-12-24'));
  });
});
