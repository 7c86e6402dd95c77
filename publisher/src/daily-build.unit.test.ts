import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextDailyBuild, scheduleDailyBuild } from './daily-build.ts';

describe('the daily build', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is at 00:05 in Montréal, today if still ahead, tomorrow otherwise', () => {
    // 00:02 EST on 7 December 2026.
    expect(nextDailyBuild(new Date('2026-12-07T05:02:00Z'), '00:05').toISOString()).toBe('2026-12-07T05:05:00.000Z');
    // 00:05 exactly: the next one is tomorrow's.
    expect(nextDailyBuild(new Date('2026-12-07T05:05:00Z'), '00:05').toISOString()).toBe('2026-12-08T05:05:00.000Z');
    // 23:30 on 6 December in Montréal is already the 7th in UTC: still the 7th's 00:05 Montréal.
    expect(nextDailyBuild(new Date('2026-12-07T04:30:00Z'), '00:05').toISOString()).toBe('2026-12-07T05:05:00.000Z');
  });

  it('keeps Montréal time across the clock changes', () => {
    // Sunday 8 March 2026 (EST → EDT): from Saturday evening the build is at 00:05 EST, then at 00:05 EDT.
    expect(nextDailyBuild(new Date('2026-03-08T03:00:00Z'), '00:05').toISOString()).toBe('2026-03-08T05:05:00.000Z');
    expect(nextDailyBuild(new Date('2026-03-08T06:00:00Z'), '00:05').toISOString()).toBe('2026-03-09T04:05:00.000Z');
    // Sunday 1 November 2026 (EDT → EST).
    expect(nextDailyBuild(new Date('2026-11-01T05:00:00Z'), '00:05').toISOString()).toBe('2026-11-02T05:05:00.000Z');
  });

  it('triggers once a day and stops when told', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-07T17:00:00Z'));
    const trigger = vi.fn();
    const stop = scheduleDailyBuild('00:05', trigger);
    await vi.advanceTimersByTimeAsync(12 * 3_600_000 + 4 * 60_000);
    expect(trigger).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(trigger).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(trigger).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(48 * 3_600_000);
    expect(trigger).toHaveBeenCalledTimes(2);
  });
});
