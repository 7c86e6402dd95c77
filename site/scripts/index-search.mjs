#!/usr/bin/env node
// @ts-check
/**
 * Builds the search indexes of a built site (`node scripts/index-search.mjs [dist]`).
 *
 * Two Pagefind bundles instead of one, and why: Pagefind's first search downloads a metadata file
 * that lists every indexed page, so its cost grows with the whole history of the site. Residents
 * mostly look for what is still coming or still open; past events and closed petitions pile up
 * forever. So current items go in `/pagefind/` (what the search page loads), and archived ones in
 * `/pagefind-archives/`, merged in the browser only when the person ticks "include past items".
 * A detail page says which it is with `data-search-archive` on its `data-pagefind-body` element
 * (ItemArticle.astro). Pages without `data-pagefind-body` (lists, maps…) are not indexed at all.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import * as pagefind from 'pagefind';

const site = resolve(process.argv[2] ?? 'dist');
const IN_FLIGHT = 64;

/** @param {string} dir @returns {AsyncGenerator<string>} */
async function* htmlFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('pagefind')) yield* htmlFiles(path);
    } else if (entry.name.endsWith('.html')) yield path;
  }
}

/** @param {string} label */
async function newIndex(label) {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not create the ${label} index: ${errors.join('; ')}`);
  return index;
}

async function main() {
  const started = Date.now();
  const current = await newIndex('current');
  const archives = await newIndex('archives');
  const counts = { current: 0, archives: 0, skipped: 0 };
  /** @type {Promise<void>[]} */
  let batch = [];
  for await (const path of htmlFiles(site)) {
    batch.push(
      (async () => {
        const content = await readFile(path, 'utf8');
        if (!content.includes('data-pagefind-body')) {
          counts.skipped++;
          return;
        }
        const archived = /data-pagefind-body data-search-archive[\s>=]/.test(content);
        const { errors } = await (archived ? archives : current).addHTMLFile({ sourcePath: relative(site, path), content });
        if (errors.length > 0) throw new Error(`Pagefind refused ${relative(site, path)}: ${errors.join('; ')}`);
        counts[archived ? 'archives' : 'current']++;
      })(),
    );
    if (batch.length >= IN_FLIGHT) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);

  for (const [index, dir] of /** @type {const} */ ([[current, 'pagefind'], [archives, 'pagefind-archives']])) {
    await rm(join(site, dir), { recursive: true, force: true });
    const { errors } = await index.writeFiles({ outputPath: join(site, dir) });
    if (errors.length > 0) throw new Error(`Pagefind could not write ${dir}: ${errors.join('; ')}`);
  }
  await pagefind.close();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Search: ${counts.current} current and ${counts.archives} archived pages indexed (${counts.skipped} other pages) in ${seconds} s`);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await pagefind.close().catch(() => {});
  process.exit(1);
});
