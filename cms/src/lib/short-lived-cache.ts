/**
 * Remembers a lookup's promise for `ttlMs`, so a burst of requests asks the database once. A
 * failed lookup is forgotten at once; past `maxEntries` keys everything is dropped (keys come from
 * URLs, so their number must stay bounded).
 */
export function shortLivedCache<T>(ttlMs: number, maxEntries = 1000) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    if (entries.size > maxEntries) entries.clear();
    const value = load();
    entries.set(key, { at: Date.now(), value });
    value.catch(() => entries.delete(key));
    return value;
  };
}
