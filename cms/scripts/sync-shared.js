'use strict';
/**
 * Copies shared/src/participation/*.ts into cms/src/generated/participation/ (git-ignored), with
 * the `.ts` import suffixes removed, so Strapi's CommonJS tsc build compiles the very same form
 * schemas and renderers the site uses. The folder imports only zod, itself and the dictionary
 * (i18n.ts, its two locale files and locales.ts, copied beside it), which keeps this a plain copy.
 * Files are rewritten only when their content changes, so compile.js's freshness check does not
 * recompile for nothing. Run by compile.js and before `tsc -p cms`.
 */
const fs = require('node:fs');
const path = require('node:path');

const sharedSrc = path.resolve(__dirname, '../../shared/src');
const generated = path.resolve(__dirname, '../src/generated');
const from = path.join(sharedSrc, 'participation');
const to = path.join(generated, 'participation');

/**
 * Shared modules the CMS also needs, whose imports stay within this list: the RSVP's calendar
 * file, the retention policy, and the words of the forms and messages.
 */
const singleFiles = ['ics.ts', 'privacy/retention.ts', 'locales.ts', 'i18n.ts', 'i18n/fr.ts', 'i18n/en.ts'];

/** CommonJS tsc resolves `./x`, not `./x.ts`: drop the suffix of relative imports. */
const withoutTsSuffix = (source) => source.replace(/(from\s+['"]\.\.?\/[\w./-]+)\.ts(['"])/g, '$1$2');

function writeIfChanged(target, content) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (current !== content) fs.writeFileSync(target, content);
}

function syncShared() {
  fs.mkdirSync(generated, { recursive: true });
  for (const name of singleFiles) {
    const source = fs.readFileSync(path.join(sharedSrc, name), 'utf8');
    fs.mkdirSync(path.dirname(path.join(generated, name)), { recursive: true });
    writeIfChanged(path.join(generated, name), `// GENERATED from shared/src/${name} by cms/scripts/sync-shared.js — edit the original.\n${withoutTsSuffix(source)}`);
  }
  fs.mkdirSync(to, { recursive: true });
  const wanted = new Set();
  for (const name of fs.readdirSync(from)) {
    if (!name.endsWith('.ts') || name.includes('.test.')) continue;
    wanted.add(name);
    const source = fs.readFileSync(path.join(from, name), 'utf8');
    const rewritten =
      `// GENERATED from shared/src/participation/${name} by cms/scripts/sync-shared.js — edit the original.\n` +
      withoutTsSuffix(source);
    writeIfChanged(path.join(to, name), rewritten);
  }
  for (const name of fs.readdirSync(to)) if (!wanted.has(name)) fs.rmSync(path.join(to, name));
}

module.exports = { syncShared };
if (require.main === module) syncShared();
