import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A site folder whose `astro build` is a small script, for the publisher's fault tests: the
 * publisher (a real process) runs it as it runs Astro (publisher/src/builder.ts), so a test can kill
 * the publisher in the middle of a build, fill the disk during one, or have the build lose its last
 * content-store save the way Astro 5 does (tests/unit/astro-content-store-race.unit.test.ts), in
 * a fraction of a second per build instead of ~15 s.
 *
 * The "CMS" is a JSON file the test writes (`FakeCms`). Each build reads it, keeps a content store
 * in `node_modules/.astro/data-store.json` like Astro, writes `index.html` with the title it
 * rendered and `rendered-versions.json` (site/src/pages/rendered-versions.json.ts) for the event.
 */
export interface FakeCms {
  title: string;
  updatedAt: string;
  /** The build waits this long after its first page (a build in progress to kill). */
  sleepMs?: number;
  /** The build writes files until the disk is full (and fails as Astro would: ENOSPC). */
  fillDisk?: boolean;
  /** Builds whose number (1-based, counted in the site folder) is a multiple of this lose their store save. */
  loseSaveEvery?: number;
}

export const EVENT = { uid: 'api::event.event', documentId: 'doc-soupe', locale: 'fr' } as const;

const fakeAstro = `#!/usr/bin/env node
// Stands in for \`astro build --outDir <dir>\` (tests/support/fake-astro-site.ts).
const { existsSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');
const outDir = process.argv[process.argv.indexOf('--outDir') + 1];
const siteDir = path.resolve(__dirname, '../..');
const cms = JSON.parse(readFileSync(process.env.FAKE_CMS_FILE, 'utf8'));
writeFileSync(path.join(siteDir, 'astro.pid'), String(process.pid));
const countFile = path.join(siteDir, 'builds-run');
const run = (existsSync(countFile) ? Number(readFileSync(countFile, 'utf8')) : 0) + 1;
writeFileSync(countFile, String(run));
const storeFile = path.join(siteDir, 'node_modules/.astro/data-store.json');
const stored = existsSync(storeFile) ? JSON.parse(readFileSync(storeFile, 'utf8')) : null;
// Astro's lost save: the sync says it updated the entry, the pages come from the old store.
const lost = stored && cms.loseSaveEvery && run % cms.loseSaveEvery === 0;
const rendered = lost ? stored : { title: cms.title, updatedAt: cms.updatedAt };
if (!lost) writeFileSync(storeFile, JSON.stringify(rendered));
console.log('events: 1 entries (' + (lost || !stored || stored.updatedAt !== cms.updatedAt ? 1 : 0) + ' updated)');
console.log('Synced content');
mkdirSync(outDir, { recursive: true });
const page = (title) => '<!doctype html><html lang="fr"><title>' + title + '</title><h1>' + title + '</h1></html>';
writeFileSync(path.join(outDir, 'index.html'), page(rendered.title));
if (cms.fillDisk) for (let i = 0; ; i++) writeFileSync(path.join(outDir, 'filler-' + i + '.bin'), Buffer.alloc(256 * 1024, 1));
if (cms.sleepMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, cms.sleepMs);
for (const slug of ['a', 'b', 'c']) {
  mkdirSync(path.join(outDir, slug), { recursive: true });
  writeFileSync(path.join(outDir, slug, 'index.html'), page(slug));
}
writeFileSync(path.join(outDir, 'rendered-versions.json'), JSON.stringify({ ['${EVENT.uid}:${EVENT.documentId}:${EVENT.locale}']: rendered.updatedAt }));
`;

export function fakeAstroSite(siteDir = mkdtempSync(path.join(tmpdir(), 'passerelle-fake-site-'))): { siteDir: string; cmsFile: string; setCms: (cms: FakeCms) => void } {
  mkdirSync(path.join(siteDir, 'node_modules/.bin'), { recursive: true });
  mkdirSync(path.join(siteDir, 'node_modules/.astro'), { recursive: true });
  mkdirSync(path.join(siteDir, 'scripts'), { recursive: true });
  const astro = path.join(siteDir, 'node_modules/.bin/astro');
  writeFileSync(astro, fakeAstro);
  chmodSync(astro, 0o755);
  writeFileSync(path.join(siteDir, 'scripts/index-search.mjs'), '// The search index is not what these tests are about.\n');
  const cmsFile = path.join(siteDir, 'cms.json');
  return { siteDir, cmsFile, setCms: (cms) => writeFileSync(cmsFile, JSON.stringify(cms)) };
}
