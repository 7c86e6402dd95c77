import { afterEach, describe, expect, it, vi } from 'vitest';
import { publicAnswerCache } from '../../cms/src/lib/public-answer-cache.ts';

/**
 * The cache in front of the public counts and results: one computation per burst, bounded however
 * many keys a client invents, and a "not found" flood cannot push the real answers out.
 */
function counter<T>(value: (key: string) => T) {
  const calls: string[] = [];
  return { calls, compute: (key: string) => () => (calls.push(key), Promise.resolve(value(key))) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('publicAnswerCache', () => {
  it('computes once for a burst of identical requests, then serves the answer until it expires', async () => {
    vi.useFakeTimers();
    const cache = publicAnswerCache<number>({ ttlMs: () => 30_000 });
    const { calls, compute } = counter(() => 7);
    expect(await Promise.all(Array.from({ length: 20 }, () => cache.get('a', compute('a'))))).toEqual(Array(20).fill(7));
    expect(calls).toEqual(['a']);
    vi.advanceTimersByTime(29_000);
    await cache.get('a', compute('a'));
    expect(calls).toEqual(['a']);
    vi.advanceTimersByTime(2_000);
    await cache.get('a', compute('a'));
    expect(calls).toEqual(['a', 'a']);
  });

  it('computes every time when its time to live is 0', async () => {
    const cache = publicAnswerCache<number>({ ttlMs: () => 0 });
    const { calls, compute } = counter(() => 1);
    await Promise.all([cache.get('a', compute('a')), cache.get('a', compute('a'))]);
    expect(calls).toEqual(['a', 'a']);
  });

  it('never keeps a failed computation', async () => {
    const cache = publicAnswerCache<number>({ ttlMs: () => 30_000 });
    await expect(cache.get('a', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.get('a', () => Promise.resolve(2))).toBe(2);
  });

  it('stays bounded, dropping the least recently used answer first', async () => {
    const cache = publicAnswerCache<string>({ ttlMs: () => 30_000, maxEntries: 3 });
    const { calls, compute } = counter((key) => key.toUpperCase());
    for (const key of ['a', 'b', 'c']) await cache.get(key, compute(key));
    await cache.get('a', compute('a')); // a is now the most recently used
    await cache.get('d', compute('d')); // b goes
    calls.length = 0;
    for (const key of ['a', 'c', 'd']) await cache.get(key, compute(key));
    expect(calls).toEqual([]);
    await cache.get('b', compute('b'));
    expect(calls).toEqual(['b']);
  });

  it('keeps "not found" answers in their own room: a flood of made-up keys leaves the real answers in place', async () => {
    const cache = publicAnswerCache<string | null>({ ttlMs: () => 30_000, maxEntries: 3, maxMisses: 2, isMiss: (v) => v === null });
    const { calls, compute } = counter((key) => (key.startsWith('real') ? key : null));
    for (const key of ['real-1', 'real-2', 'real-3']) await cache.get(key, compute(key));
    for (let i = 0; i < 100; i++) await cache.get(`made-up-${i}`, compute(`made-up-${i}`));
    calls.length = 0;
    for (const key of ['real-1', 'real-2', 'real-3', 'made-up-99']) await cache.get(key, compute(key));
    expect(calls).toEqual([]);
    await cache.get('made-up-0', compute('made-up-0'));
    expect(calls).toEqual(['made-up-0']);
  });

  it('forgets everything on clear, and a computation in flight does not come back after it', async () => {
    const cache = publicAnswerCache<number>({ ttlMs: () => 30_000 });
    let release: (value: number) => void = () => {};
    const inFlight = cache.get('a', () => new Promise<number>((resolve) => (release = resolve)));
    cache.clear();
    release(1);
    expect(await inFlight).toBe(1);
    expect(await cache.get('a', () => Promise.resolve(2))).toBe(2);
  });
});
