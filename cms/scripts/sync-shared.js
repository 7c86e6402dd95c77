'use strict';
/**
 * Copies parts of shared/src into cms/src/generated/ (git-ignored), with the `.ts` import suffixes
 * removed, so Strapi's CommonJS tsc build compiles the very same code the site uses: the form
 * schemas and renderers (participation/), the content-type registry (content/) and the demo-data
 * schema the seed is typed by (demo-data/), with the few modules they import. Files are rewritten
 * only when their content changes, so compile.js's freshness check does not recompile for nothing.
 * Run by compile.js and before `tsc -p cms`.
 */
const fs = require('node:fs');
const path = require('node:path');

const sharedSrc = path.resolve(__dirname, '../../shared/src');
const generated = path.resolve(__dirname, '../src/generated');

/** Whole folders (tests left out), mirrored: a file removed from shared is removed here too. */
const folders = ['participation', 'content', 'demo-data'];
/** Single modules the CMS or those folders import; each imports only zod and this list. */
const singleFiles = ['ics.ts', 'privacy/retention.ts', 'geo.ts', 'dates.ts', 'locales.ts', 'readability.ts', 'i18n.ts', 'i18n/fr.ts', 'i18n/en.ts'];

function writeIfChanged(target, content) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (current !== content) fs.writeFileSync(target, content);
}

function copy(name) {
  const source = fs.readFileSync(path.join(sharedSrc, name), 'utf8');
  const rewritten =
    `// GENERATED from shared/src/${name} by cms/scripts/sync-shared.js — edit the original.\n` +
    source.replace(/(from\s+['"]\.\.?\/[\w./-]+?)\.ts(['"])/g, '$1$2');
  fs.mkdirSync(path.dirname(path.join(generated, name)), { recursive: true });
  writeIfChanged(path.join(generated, name), rewritten);
}

function syncShared() {
  fs.mkdirSync(generated, { recursive: true });
  for (const name of singleFiles) copy(name);
  for (const folder of folders) {
    const to = path.join(generated, folder);
    fs.mkdirSync(to, { recursive: true });
    const wanted = new Set(fs.readdirSync(path.join(sharedSrc, folder)).filter((name) => name.endsWith('.ts') && !name.includes('.test.')));
    for (const name of wanted) copy(`${folder}/${name}`);
    for (const name of fs.readdirSync(to)) if (!wanted.has(name)) fs.rmSync(path.join(to, name));
  }
}

module.exports = { syncShared };
if (require.main === module) syncShared();
