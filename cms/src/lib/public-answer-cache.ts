/**
 * Server-side cache for answers anyone may ask for as often as they like (public counts, consultation
 * results), so that request volume does not become database work:
 * - single flight: a burst of identical requests shares one computation;
 * - entries live `ttlMs()` (read on every call, so a setting can change at run time); a TTL of 0
 *   turns the cache off entirely, each call computes;
 * - a failed computation is forgotten at once, never served;
 * - bounded, least recently used first out; "not found" answers (`isMiss`) have their own, smaller
 *   room, so a flood of made-up keys cannot push the real ones out.
 */
export interface PublicAnswerCache<T> {
  get(key: string, compute: () => Promise<T>): Promise<T>;
  delete(key: string): void;
  clear(): void;
}

export interface PublicAnswerCacheOptions<T> {
  ttlMs: () => number;
  maxEntries?: number;
  maxMisses?: number;
  isMiss?: (value: T) => boolean;
}

type Entry<T> = { at: number; value: Promise<T> };

export function publicAnswerCache<T>({ ttlMs, maxEntries = 2000, maxMisses = 500, isMiss = () => false }: PublicAnswerCacheOptions<T>): PublicAnswerCache<T> {
  // Computations in flight live apart until they settle: a burst of made-up keys must not evict
  // real answers before it is even known to be made up. Their number is bounded by the requests
  // being served at that moment.
  const pending = new Map<string, Entry<T>>();
  const hits = new Map<string, Entry<T>>();
  const misses = new Map<string, Entry<T>>();

  const evict = (map: Map<string, Entry<T>>, max: number) => {
    for (const key of map.keys()) {
      if (map.size <= max) return;
      map.delete(key);
    }
  };

  return {
    get(key, compute) {
      const ttl = ttlMs();
      if (!(ttl > 0)) return compute();
      const inFlight = pending.get(key);
      if (inFlight) return inFlight.value;
      for (const map of [hits, misses]) {
        const entry = map.get(key);
        if (!entry) continue;
        map.delete(key);
        if (Date.now() - entry.at >= ttl) continue;
        // Most recently used goes last, furthest from eviction.
        map.set(key, entry);
        return entry.value;
      }
      const entry: Entry<T> = { at: Date.now(), value: compute() };
      pending.set(key, entry);
      entry.value.then(
        (value) => {
          // Cleared or replaced meanwhile: the answer goes to its callers, not into the cache.
          if (pending.get(key) !== entry) return;
          pending.delete(key);
          entry.at = Date.now();
          const room = isMiss(value) ? misses : hits;
          room.set(key, entry);
          evict(room, isMiss(value) ? maxMisses : maxEntries);
        },
        () => {
          if (pending.get(key) === entry) pending.delete(key);
        },
      );
      return entry.value;
    },
    delete(key) {
      pending.delete(key);
      hits.delete(key);
      misses.delete(key);
    },
    clear() {
      pending.clear();
      hits.clear();
      misses.clear();
    },
  };
}
