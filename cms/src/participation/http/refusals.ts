/**
 * Counts refused requests per address in fixed windows, in memory, to stop verifying anything for
 * an address that keeps sending forgeries. Only refusals count: a provider's genuine requests,
 * which come from a few shared addresses in bursts, are never slowed. Bounded: past `maxKeys`
 * addresses the oldest window is forgotten (an attacker rotating addresses costs a map entry each).
 */
export interface RefusalLimiter {
  blocked(key: string, now?: number): boolean;
  refused(key: string, now?: number): void;
}

export function refusalLimiter({ max, windowMs, maxKeys = 10_000 }: { max: number; windowMs: number; maxKeys?: number }): RefusalLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string, now: number) => {
    const window = windows.get(key);
    return window && now - window.start < windowMs ? window : null;
  };
  return {
    blocked: (key, now = Date.now()) => (current(key, now)?.count ?? 0) >= max,
    refused(key, now = Date.now()) {
      const window = current(key, now);
      if (window) {
        window.count += 1;
        return;
      }
      windows.delete(key);
      if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
      windows.set(key, { start: now, count: 1 });
    },
  };
}
