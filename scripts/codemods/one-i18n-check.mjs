#!/usr/bin/env node
/**
 * Proves the one dictionary says, word for word, what the two former tables said: for every old
 * key of `shared/src/ui/common.ts` and `shared/src/participation/strings.ts`, in French and in
 * English, the text under its new key (./one-i18n-keys.mjs) must be identical. Also checks that the
 * new dictionary holds nothing the old tables did not.
 *
 *   node scripts/codemods/one-i18n-check.mjs [git-revision]
 *
 * The old tables are read from the working tree while they exist, otherwise from the given
 * revision (default: the last commit that still had them). Needs only the root `typescript`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { newParticipationKey, newUiKey } from './one-i18n-keys.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const oldFiles = { ui: 'shared/src/ui/common.ts', participation: 'shared/src/participation/strings.ts' };

function oldSource(file) {
  if (fs.existsSync(path.join(root, file))) return fs.readFileSync(path.join(root, file), 'utf8');
  if (process.argv[2]) return git('show', `${process.argv[2]}:${file}`);
  // The last commit that touched the file either still has it (a change) or deleted it.
  const last = git('log', '-1', '--format=%H', '--', file).trim();
  try {
    return execFileSync('git', ['show', `${last}:${file}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return git('show', `${last}^:${file}`);
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'one-i18n-check-'));
/** Type-only imports vanish in transpiling, and these tables have no other import. */
async function load(name, source) {
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  if (/^import\s/m.test(outputText)) throw new Error(`${name} imports something at run time; this check cannot load it alone`);
  const file = path.join(work, `${name}.mjs`);
  fs.writeFileSync(file, outputText);
  return import(pathToFileURL(file).href);
}

const { ui } = await load('ui-common', oldSource(oldFiles.ui));
const { participationStrings } = await load('participation-strings', oldSource(oldFiles.participation));
const { fr } = await load('fr', fs.readFileSync(path.join(root, 'shared/src/i18n/fr.ts'), 'utf8'));
const { en } = await load('en', fs.readFileSync(path.join(root, 'shared/src/i18n/en.ts'), 'utf8'));
const now = { fr, en };
fs.rmSync(work, { recursive: true, force: true });

let checks = 0;
const differences = [];
const covered = { fr: new Set(), en: new Set() };
for (const [table, strings, rename] of [
  ['ui/common', ui, newUiKey],
  ['participation/strings', participationStrings, newParticipationKey],
]) {
  for (const locale of ['fr', 'en']) {
    for (const [oldKey, oldText] of Object.entries(strings[locale])) {
      const newKey = rename(oldKey);
      checks += 1;
      covered[locale].add(newKey);
      if (now[locale][newKey] !== oldText) differences.push(`${table} ${locale}.${oldKey} → ${newKey}: ${JSON.stringify(oldText)} ≠ ${JSON.stringify(now[locale][newKey])}`);
    }
  }
}
for (const locale of ['fr', 'en']) {
  for (const key of Object.keys(now[locale])) if (!covered[locale].has(key)) differences.push(`${locale}.${key} is new: not in either old table`);
}
for (const d of differences) console.error(d);
console.log(`one-i18n-check: ${checks} checks (${Object.keys(fr).length} keys now), ${differences.length} difference(s)`);
process.exitCode = differences.length ? 1 : 0;
