import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as devalue from 'devalue';
import type { Locale } from '@passerelle/shared';
import type { SubscriptionContent } from '../src/lib/subscriptions.ts';

/**
 * The content layer's store as the build left it (`data-store.json` in Astro's cache folder), for
 * integrations that write files once the pages are built: the same content the pages were made from.
 */
export type Store = Map<string, Map<string, { id: string; data: unknown }>>;

/**
 * Parsed once per build: every integration that writes files at `astro:build:done` reads the same
 * store, and at 10,000 items each parse costs a second and a few hundred MB. Keyed by the file's
 * path, size and modification time, so a later build in the same process reads the new store.
 * Callers must not mutate what they get.
 */
let parsed: { key: string; store: Promise<Store> } | undefined;

export async function readContentStore(cacheDir: URL): Promise<Store> {
  const file = fileURLToPath(new URL('data-store.json', cacheDir));
  const { size, mtimeMs } = await stat(file);
  const key = `${file}:${size}:${mtimeMs}`;
  if (parsed?.key !== key) {
    parsed = { key, store: readFile(file, 'utf8').then((text) => devalue.parse(text) as Store) };
  }
  return parsed.store;
}

/** One locale's content as the pages see it (src/lib/content.ts): taxonomies sorted by name. */
export function contentOf(collections: Store, locale: Locale): SubscriptionContent {
  const of = <T>(name: string): T[] =>
    [...(collections.get(name)?.values() ?? [])].filter((entry) => entry.id.startsWith(`${locale}/`)).map((entry) => entry.data as T);
  const byName = <T extends { name: string }>(list: T[]) => list.sort((a, b) => a.name.localeCompare(b.name, locale));
  return {
    neighbourhoods: byName(of('neighbourhoods')),
    topics: byName(of('topics')),
    organizations: byName(of('organizations')),
    events: of('events'),
    calls: of('calls'),
    consultations: of('consultations'),
    petitions: of('petitions'),
  };
}
