import { zonedDateTime } from '@passerelle/shared';

/**
 * A full build once a day, shortly after midnight in Montréal. The site is static and its words
 * depend on the day: "Ouvert aujourd'hui", "Fermé aujourd'hui (Noël)", "Rouvre le…", the closures of
 * the next two weeks, what is upcoming. Publishes rebuild it, but a quiet holiday week would
 * otherwise keep telling residents what was true on the day of the last publish.
 */

/** The next moment, strictly after `now`, when Montréal's wall clock reads `hhmm` (clock changes included). */
export function nextDailyBuild(now: Date, hhmm: string): Date {
  const today = zonedDateTime(now, 0, hhmm);
  return today.getTime() > now.getTime() ? today : zonedDateTime(now, 1, hhmm);
}

export interface DailyBuildClock {
  now: () => Date;
  setTimeout: (run: () => void, ms: number) => { unref?: () => void };
  clearTimeout: (handle: unknown) => void;
}

const realClock: DailyBuildClock = {
  now: () => new Date(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Calls `trigger` every day at `hhmm`, Montréal time; the build queue merges it with any publish
 * waiting. Each wait is worked out afresh, so a 23- or 25-hour day still lands at `hhmm`. Returns
 * the function that stops it.
 */
export function scheduleDailyBuild(hhmm: string, trigger: () => void, clock: DailyBuildClock = realClock): () => void {
  let handle: unknown;
  const arm = () => {
    const wait = Math.max(1_000, nextDailyBuild(clock.now(), hhmm).getTime() - clock.now().getTime());
    const timer = clock.setTimeout(() => {
      trigger();
      arm();
    }, wait);
    // The daily build never keeps a stopping publisher alive.
    timer.unref?.();
    handle = timer;
  };
  arm();
  return () => clock.clearTimeout(handle);
}
