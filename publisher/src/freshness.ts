import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { LedgerEntry } from './publish-ledger.ts';

/**
 * Does a full build show what was published before it started? The site writes
 * `rendered-versions.json` (site/src/pages/rendered-versions.json.ts) from the very content its pages
 * were rendered from: `<uid>:<documentId>:<locale>` → `updatedAt`. Comparing it with the publish
 * ledger catches a build rendered from an old content store (Astro 5 can lose the last save of its
 * store: docs/decisions, "a build proves it rendered what was published"), which would otherwise put
 * an older page live over a newer one.
 */
export const RENDERED_VERSIONS_FILE = 'rendered-versions.json';

const renderedVersionsSchema = z.record(z.string(), z.string());
export type RenderedVersions = z.infer<typeof renderedVersionsSchema>;

export const versionKey = (uid: string, documentId: string, locale: string) => `${uid}:${documentId}:${locale}`;

export interface StaleEntry {
  key: string;
  event: string;
  published: string | undefined;
  rendered: string;
}

const TAKEN_DOWN = new Set(['entry.unpublish', 'entry.delete']);

/**
 * Entries of the ledger the build does not show as published: an older version than the webhook
 * said, or a page still there after an unpublish or delete. An entry absent from the build after a
 * publish is not counted: the site skips entries its schema refuses (the loader logs them).
 */
export function staleEntries(published: readonly LedgerEntry[], rendered: RenderedVersions): StaleEntry[] {
  const latest = new Map<string, LedgerEntry>();
  for (const entry of published) {
    if (entry.uid && entry.documentId && entry.locale) latest.set(versionKey(entry.uid, entry.documentId, entry.locale), entry);
  }
  const stale: StaleEntry[] = [];
  for (const [key, entry] of latest) {
    const seen = rendered[key];
    if (seen === undefined) continue;
    const publishedAt = entry.updatedAt === undefined ? Number.NaN : Date.parse(entry.updatedAt);
    const renderedAt = Date.parse(seen);
    const isStale = TAKEN_DOWN.has(entry.event) ? Number.isNaN(publishedAt) || renderedAt <= publishedAt : renderedAt < publishedAt;
    if (isStale) stale.push({ key, event: entry.event, published: entry.updatedAt, rendered: seen });
  }
  return stale;
}

/**
 * Takes the build's versions file out of its output (it is for the publisher, not for visitors) and
 * keeps it next to the build's log. Null when the site did not write one.
 */
export async function takeRenderedVersions(outDir: string, keepAs: string): Promise<RenderedVersions | null> {
  const file = path.join(outDir, RENDERED_VERSIONS_FILE);
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  await mkdir(path.dirname(keepAs), { recursive: true });
  await rename(file, keepAs);
  return renderedVersionsSchema.parse(JSON.parse(text));
}

export function describeStale(stale: StaleEntry[]): string {
  const listed = stale
    .slice(0, 3)
    .map((s) => `${s.key} (${TAKEN_DOWN.has(s.event) ? 'retiré mais encore affiché / taken down but still shown' : `publié ${s.published ?? '?'}, construit ${s.rendered}`})`)
    .join(', ');
  return `${stale.length} entrée(s) publiée(s) absente(s) de la construction, dans une version plus ancienne / published entries in an older version in the build: ${listed}${stale.length > 3 ? ', …' : ''}`;
}
