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

type Entry<T> = { at: number; value: Promise<T>; settled: boolean };

export function publicAnswerCache<T>({ ttlMs, maxEntries = 2000, maxMisses = 500, isMiss = () => false }: PublicAnswerCacheOptions<T>): PublicAnswerCache<T> {
  const hits = new Map<string, Entry<T>>();
  const misses = new Map<string, Entry<T>>();

  const evict = (map: Map<string, Entry<T>>, max: number) => {
    for (const key of map.keys()) {
      if (map.size <= max) return;
      map.delete(key);
    }
  };

  const fresh = (entry: Entry<T> | undefined, ttl: number) => entry && (!entry.settled || Date.now() - entry.at < ttl);

  return {
    get(key, compute) {
      const ttl = ttlMs();
      if (!(ttl > 0)) return compute();
      for (const map of [hits, misses]) {
        const entry = map.get(key);
        if (fresh(entry, ttl)) {
          // Most recently used goes last, furthest from eviction.
          map.delete(key);
          map.set(key, entry!);
          return entry!.value;
        }
        if (entry) map.delete(key);
      }
      const entry: Entry<T> = { at: Date.now(), value: compute(), settled: false };
      hits.set(key, entry);
      evict(hits, maxEntries);
      entry.value.then(
        (value) => {
          entry.settled = true;
          entry.at = Date.now();
          // Cleared or replaced meanwhile: leave the newer state alone.
          if (hits.get(key) !== entry || !isMiss(value)) return;
          hits.delete(key);
          misses.set(key, entry);
          evict(misses, maxMisses);
        },
        () => {
          if (hits.get(key) === entry) hits.delete(key);
        },
      );
      return entry.value;
    },
    delete(key) {
      hits.delete(key);
      misses.delete(key);
    },
    clear() {
      hits.clear();
      misses.clear();
    },
  };
}
