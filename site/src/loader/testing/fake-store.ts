import type { LoaderContext } from 'astro/loaders';

type Entry = { id: string; data: Record<string, unknown>; digest?: string | number };

/**
 * The parts of Astro's DataStore and LoaderContext the Strapi loader uses, backed by a Map,
 * with the same digest rule as Astro's store: a `set` with an unchanged digest is skipped.
 */
export function fakeLoaderContext(collection = 'events') {
  const entries = new Map<string, Entry>();
  const writes: string[] = [];
  const warnings: string[] = [];
  const infos: string[] = [];
  const store = {
    get: (id: string) => entries.get(id),
    set: (entry: Entry) => {
      const existing = entries.get(entry.id);
      if (entry.digest !== undefined && existing?.digest === entry.digest) return false;
      entries.set(entry.id, entry);
      writes.push(entry.id);
      return true;
    },
    has: (id: string) => entries.has(id),
    keys: () => [...entries.keys()],
    values: () => [...entries.values()],
    entries: () => [...entries.entries()],
    delete: (id: string) => void entries.delete(id),
    clear: () => entries.clear(),
    addModuleImport: () => {},
  };
  const logger = {
    warn: (message: string) => warnings.push(message),
    info: (message: string) => infos.push(message),
    error: () => {},
    debug: () => {},
    options: {},
    label: 'test',
    fork: () => logger,
  };
  const context = {
    collection,
    store,
    logger,
    meta: new Map<string, string>(),
    generateDigest: (data: Record<string, unknown> | string) => JSON.stringify(data),
  } as unknown as LoaderContext;
  return { context, entries, writes, warnings, infos };
}
