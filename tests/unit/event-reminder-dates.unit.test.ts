import { describe, expect, it } from 'vitest';
import { dayAfter, montrealDay, registrationOfReminderKey, reminderHours } from '../../cms/src/participation/events/reminders.ts';

/** "The day before" in Montréal time, across midnight UTC and both daylight-saving changes. */
describe('reminder dates', () => {
  it('an instant has its Montréal date and hour, not UTC’s', () => {
    // 02:30 UTC on 15 December is 21:30 the evening before in Montréal (EST, UTC−5).
    expect(montrealDay(Date.parse('2026-12-15T02:30:00Z'))).toEqual({ date: '2026-12-14', hour: 21 });
    // In summer (EDT, UTC−4), 14:00 UTC is 10:00.
    expect(montrealDay(Date.parse('2026-07-01T14:00:00Z'))).toEqual({ date: '2026-07-01', hour: 10 });
    // Midnight is hour 0, never 24.
    expect(montrealDay(Date.parse('2026-12-15T05:00:00Z'))).toEqual({ date: '2026-12-15', hour: 0 });
  });

  it('the next calendar day, whatever the month, year or clock change', () => {
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    // Clocks change on 8 March and 1 November 2026 in Montréal: a date is still a date.
    expect(dayAfter('2026-03-07')).toBe('2026-03-08');
    expect(dayAfter('2026-10-31')).toBe('2026-11-01');
    // An event at 00:30 on 8 March (before the change) is reminded on 7 March.
    expect(dayAfter(montrealDay(Date.parse('2026-03-07T15:00:00Z')).date)).toBe(montrealDay(Date.parse('2026-03-08T05:30:00Z')).date);
  });

  it('reads its settings and keys', () => {
    expect(reminderHours('10-20')).toEqual({ from: 10, until: 20 });
    expect(registrationOfReminderKey('event-reminder:sms:abc123:2026-12-15')).toBe('abc123');
    expect(registrationOfReminderKey('rsvp-confirmation:sms:abc123')).toBeNull();
  });
});
