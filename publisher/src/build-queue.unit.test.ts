import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BuildQueue } from './build-queue.ts';

/** A fake builder whose builds end when the test says so. */
function controllableBuilder() {
  const builds: string[][] = [];
  const finishers: Array<() => void> = [];
  let running = 0;
  let maxConcurrent = 0;
  const build = (reasons: string[]) => {
    builds.push(reasons);
    running += 1;
    maxConcurrent = Math.max(maxConcurrent, running);
    return new Promise<void>((resolve) =>
      finishers.push(() => {
        running -= 1;
        resolve();
      }),
    );
  };
  return {
    build,
    builds,
    get maxConcurrent() {
      return maxConcurrent;
    },
    finishCurrent: async () => {
      finishers.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('coalescing build queue', () => {
  it('turns ten publishes in a burst into one build', async () => {
    const fake = controllableBuilder();
    const queue = new BuildQueue({ debounceMs: 3_000, build: fake.build });
    for (let i = 0; i < 10; i++) {
      queue.trigger(`publish ${i}`);
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(queue.state).toBe('waiting');
    expect(fake.builds).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fake.builds).toHaveLength(1);
    expect(fake.builds[0]).toHaveLength(10);
    await fake.finishCurrent();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.builds).toHaveLength(1);
    expect(queue.state).toBe('idle');
  });

  it('runs exactly one more build for any number of publishes during a build, never two at once', async () => {
    const fake = controllableBuilder();
    const queue = new BuildQueue({ debounceMs: 1_000, build: fake.build });
    queue.trigger('first');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(queue.state).toBe('building');
    for (let i = 0; i < 5; i++) queue.trigger(`during ${i}`);
    expect(queue.state).toBe('building-then-again');
    await vi.advanceTimersByTimeAsync(30_000); // the first build is slow
    expect(fake.builds).toHaveLength(1);
    await fake.finishCurrent();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.builds).toHaveLength(2);
    expect(fake.builds[1]).toEqual(['during 0', 'during 1', 'during 2', 'during 3', 'during 4']);
    await fake.finishCurrent();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.builds).toHaveLength(2);
    expect(fake.maxConcurrent).toBe(1);
  });

  it('still builds during a steady stream of edits (the wait is capped)', async () => {
    const fake = controllableBuilder();
    const queue = new BuildQueue({ debounceMs: 1_000, maxWaitMs: 4_000, build: fake.build });
    for (let i = 0; i < 10; i++) {
      queue.trigger(`edit ${i}`);
      await vi.advanceTimersByTimeAsync(900);
    }
    expect(fake.builds.length).toBeGreaterThanOrEqual(1);
    expect(fake.builds[0]!.length).toBeLessThan(10);
  });

  it('keeps going after a build that throws', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const queue = new BuildQueue({
      debounceMs: 10,
      build: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
      },
      onError: (error) => errors.push(error),
    });
    queue.trigger('a');
    await vi.advanceTimersByTimeAsync(10);
    queue.trigger('b');
    await vi.advanceTimersByTimeAsync(10);
    await queue.whenIdle();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('builds at once on triggerNow, and whenIdle resolves after it', async () => {
    const fake = controllableBuilder();
    const queue = new BuildQueue({ debounceMs: 5_000, build: fake.build });
    queue.triggerNow('start');
    expect(fake.builds).toHaveLength(1);
    const idle = queue.whenIdle();
    await fake.finishCurrent();
    await expect(idle).resolves.toBeUndefined();
  });
});
