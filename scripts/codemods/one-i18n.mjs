#!/usr/bin/env node
/**
 * Moves every call site from the two former string tables (`shared/src/ui/common.ts`: `t`, `ui`,
 * `UiKey`; `shared/src/participation/strings.ts`: `pt`, `participationStrings`, `ParticipationKey`,
 * `ParticipationLocale`, `toParticipationLocale`, `confirmedCountSentence`) to the one dictionary in
 * `shared/src/i18n.ts`, and every old key to its camelCase name (./one-i18n-keys.mjs).
 *
 * Written as a codemod, not as a hand edit, because the call sites change on other branches at the
 * same time: after a merge, run it again. It is idempotent (a second run changes nothing).
 * It understands the three ways code reaches those modules: relative paths inside shared/, the
 * package (`@passerelle/shared/...`, barrel or file) and the CMS's compiled copy
 * (`../generated/participation`).
 *
 *   node scripts/codemods/one-i18n.mjs           rewrite the files, list them
 *   node scripts/codemods/one-i18n.mjs --check   change nothing; exit 1 if a file still needs it
 *
 * Plain text rewriting (no new dependency): it refuses a file where renaming `pt` to `t` would
 * meet a local `t`, and says so, rather than guess.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { camel, newParticipationKey, newUiKey, participationRenames, uiRenames } from './one-i18n-keys.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const check = process.argv.includes('--check');

const scanned = ['shared', 'cms/src', 'site', 'tests', 'publisher'];
const skippedDirs = new Set(['node_modules', 'dist', 'build', '.astro', '.tmp', 'generated', 'coverage', 'playwright-report', 'test-results', '.cache']);
const extensions = /\.(ts|tsx|mts|cts|js|mjs|cjs|astro)$/;
/** The new module itself, and the old tables (their own text is what the check compares against). */
const untouched = new Set(['shared/src/i18n.ts', 'shared/src/ui/common.ts', 'shared/src/participation/strings.ts']);

const sharedSrc = path.join(root, 'shared/src');
const generated = path.join(root, 'cms/src/generated');

// ---------------------------------------------------------------------------------------------
// Which module an import specifier names.

const stripExt = (p) => p.replace(/\.(ts|js|mjs|cjs)$/, '');

/** `{ kind: 'ui' | 'participation' | 'barrel' | 'other', style, base }` for a specifier seen from `file`. */
function classify(spec, file) {
  let style;
  let rest;
  if (spec.startsWith('@passerelle/shared')) {
    style = 'package';
    rest = spec.slice('@passerelle/shared'.length).replace(/^\//, '');
  } else if (spec.startsWith('.')) {
    const absolute = stripExt(path.resolve(path.dirname(file), spec));
    if (absolute.startsWith(sharedSrc + path.sep)) {
      style = 'shared';
      rest = path.relative(sharedSrc, absolute).split(path.sep).join('/');
    } else if (absolute.startsWith(generated + path.sep)) {
      style = 'generated';
      rest = path.relative(generated, absolute).split(path.sep).join('/');
    } else return { kind: 'other' };
  } else return { kind: 'other' };
  rest = stripExt(rest);
  const withTs = /\.ts$/.test(spec);
  if (rest === 'ui/common') return { kind: 'ui', style, withTs };
  if (rest === 'participation/strings') return { kind: 'participation', style, withTs };
  if (rest === 'participation' || rest === 'participation/index' || rest === '' || rest === 'index') return { kind: 'barrel', style, withTs };
  return { kind: 'other' };
}

/** The specifier, in the same style, of shared's `i18n` or `locales` module seen from `file`. */
function target(module, style, withTs, file) {
  if (style === 'package') return `@passerelle/shared/${module}`;
  const base = style === 'shared' ? sharedSrc : generated;
  let rel = path.relative(path.dirname(file), path.join(base, module)).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return withTs ? `${rel}.ts` : rel;
}

/** Old exported name → new name and the module it now lives in. `t` and `ui` only from ui/common. */
const moved = {
  pt: { name: 't', module: 'i18n' },
  participationStrings: { name: 'messages', module: 'i18n' },
  ParticipationKey: { name: 'MessageKey', module: 'i18n' },
  ParticipationLocale: { name: 'Locale', module: 'locales' },
  toParticipationLocale: { name: 'toLocale', module: 'i18n' },
  confirmedCountSentence: { name: 'confirmedCountSentence', module: 'i18n' },
};
const movedFromUi = {
  t: { name: 't', module: 'i18n' },
  ui: { name: 'messages', module: 'i18n' },
  UiKey: { name: 'MessageKey', module: 'i18n' },
};

// ---------------------------------------------------------------------------------------------
// Import declarations, as text.

const importPattern = /^import\s+(type\s+)?\{([^}]*)\}\s*from\s*(['"])([^'"]+)\3;?[ \t]*$/gm;
const reexportPattern = /^export\s+\*\s+from\s+(['"])([^'"]+)\1;?[ \t]*\r?\n?/gm;

function parseSpecifiers(list, declIsType) {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(s);
      if (!m) throw new Error(`cannot read import specifier "${s}"`);
      return { type: Boolean(declIsType || m[1]), name: m[2], alias: m[3] ?? null };
    });
}

function printImport(specifiers, spec, quote, multiline) {
  const allTypes = specifiers.every((s) => s.type);
  const one = (s) => `${s.type && !allTypes ? 'type ' : ''}${s.name}${s.alias ? ` as ${s.alias}` : ''}`;
  const head = allTypes ? 'import type' : 'import';
  if (multiline) return `${head} {\n${specifiers.map((s) => `  ${one(s)},`).join('\n')}\n} from ${quote}${spec}${quote};`;
  return `${head} { ${specifiers.map(one).join(', ')} } from ${quote}${spec}${quote};`;
}

const local = (s) => s.alias ?? s.name;

function addSpecifier(list, spec) {
  const existing = list.find((s) => local(s) === local(spec));
  if (existing) {
    if (!spec.type) existing.type = false;
    return;
  }
  list.push(spec);
}

// ---------------------------------------------------------------------------------------------
// Keys.

const uiSnake = [];
const participationSnake = [];
/** Old snake_case keys of both tables (unique names: safe to rename wherever they are quoted). */
const snakeKeys = new Map();
/** Prefixes of enumerated-value keys used in template literals: `callKind_${kind}`. */
const enumPrefixes = new Set();

function loadOldKeys() {
  // The key lists are read from the text of the old tables when they exist, and from the list
  // below (frozen from them) when they are gone, so the codemod keeps working after the merge.
  for (const key of frozenUiSnakeKeys) uiSnake.push(key);
  for (const key of frozenParticipationSnakeKeys) participationSnake.push(key);
  for (const key of uiSnake) {
    snakeKeys.set(key, newUiKey(key));
    enumPrefixes.add(key.slice(0, key.indexOf('_')));
  }
  for (const key of participationSnake) snakeKeys.set(key, newParticipationKey(key));
}

const frozenUiSnakeKeys = [
  'callKind_volunteering', 'callKind_committee', 'callKind_public_meeting', 'callKind_survey', 'callKind_other',
  'questionKind_single', 'questionKind_multiple', 'questionKind_text', 'questionKind_scale',
  'petitionStatus_open', 'petitionStatus_closed', 'petitionStatus_delivered', 'petitionStatus_answered',
  'orgKind_community_group', 'orgKind_health_network', 'orgKind_municipality', 'orgKind_other',
];
const frozenParticipationSnakeKeys = [
  'err_name_required', 'err_name_too_long', 'err_name_formula', 'err_name_url', 'err_name_invalid',
  'err_postal_required', 'err_postal_invalid', 'err_contact_required', 'err_contact_any_required',
  'err_email_invalid', 'err_phone_invalid', 'err_consent_required', 'err_code_invalid', 'err_code_wrong',
  'err_people_invalid', 'err_people_over_max', 'err_needs_too_long',
  'err_answer_required', 'err_answer_not_an_option', 'err_answer_scale', 'err_answer_too_long', 'err_followup_consent',
  'err_contact_time_too_long',
  'err_field_required', 'err_field_too_long_200', 'err_field_too_long_280', 'err_field_too_long_300', 'err_field_invalid',
  'err_date_required', 'err_date_invalid', 'err_date_past', 'err_time_required', 'err_time_invalid',
];

/** The frozen lists must match the old tables while those exist: a key added there since is caught here. */
function verifyFrozenKeys() {
  const tables = [
    ['shared/src/ui/common.ts', frozenUiSnakeKeys],
    ['shared/src/participation/strings.ts', frozenParticipationSnakeKeys],
  ];
  for (const [file, frozen] of tables) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) continue;
    const text = fs.readFileSync(full, 'utf8');
    const frenchTable = text.slice(text.indexOf('const fr = {'), text.indexOf('\n}', text.indexOf('const fr = {')));
    const found = [...frenchTable.matchAll(/^\s+([A-Za-z]\w*_\w+):/gm)].map((m) => m[1]);
    const missing = found.filter((k) => !frozen.includes(k));
    if (missing.length) throw new Error(`${String(file)} has snake_case keys this codemod does not know: ${missing.join(', ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// One file.

const identifier = (name) => new RegExp(`(?<![\\w$.'"\`/-])${name.replace(/\$/g, '\\$')}(?![\\w$'"\`:-])`, 'g');

/** Does the file, outside its imports, declare something called `t` (a parameter, a variable, a function)? */
function declaresLocalT(body) {
  return /(?:\b(?:const|let|var|function)\s+t\b|[(,]\s*t\s*[,):=]|(?<![\w$.])t\s*=>)/.test(body);
}

function transform(file, text) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  let out = text;
  const problems = [];
  let needsI18nNames = new Set();

  // 1. Imports from the old modules (and old names from barrels).
  const decls = [...out.matchAll(importPattern)].map((m) => ({
    whole: m[0],
    index: m.index,
    declIsType: Boolean(m[1]),
    specifiers: parseSpecifiers(m[2], Boolean(m[1])),
    quote: m[3],
    spec: m[4],
    multiline: m[2].includes('\n'),
  }));
  /** Renames to apply in the body: local name → new local name. */
  const renames = new Map();
  let usesUiT = false;
  let usesParticipationT = false;
  /** New specifiers per target module specifier. */
  const additions = new Map();
  const edits = [];
  let style = null;

  for (const decl of decls) {
    const where = classify(decl.spec, file);
    if (where.kind === 'other') continue;
    const table = where.kind === 'ui' ? movedFromUi : where.kind === 'participation' ? moved : moved;
    const keep = [];
    let changed = false;
    for (const s of decl.specifiers) {
      const move = (where.kind === 'barrel' ? (Object.hasOwn(moved, s.name) ? moved[s.name] : null) : table[s.name]) ?? null;
      if (!move) {
        if (where.kind !== 'barrel') problems.push(`unknown name ${s.name} imported from ${decl.spec}`);
        keep.push(s);
        continue;
      }
      changed = true;
      if (s.name === 'pt') usesParticipationT = true;
      if (where.kind === 'ui' && s.name === 't') usesUiT = true;
      if (!s.alias) renames.set(s.name, move.name);
      const spec = target(move.module, where.style, where.withTs, file);
      if (!additions.has(spec)) additions.set(spec, { quote: decl.quote, specifiers: [] });
      addSpecifier(additions.get(spec).specifiers, { type: s.type, name: move.name, alias: s.alias });
      style ??= where;
    }
    if (!changed) continue;
    edits.push({ decl, keep });
  }

  // 2. Body rewrites, on the text after the imports.
  const importsEnd = decls.length ? decls[decls.length - 1].index + decls[decls.length - 1].whole.length : 0;
  let head = out.slice(0, importsEnd);
  let body = out.slice(importsEnd);

  if (renames.get('pt') === 't' && !usesUiT && declaresLocalT(body)) {
    problems.push('declares a local `t`: rename it, then run the codemod again');
  }
  if (problems.length) return { text, problems: problems.map((p) => `${rel}: ${p}`) };

  // Collision keys, by the call that reads them: ui's t(locale, 'phone'), pt(locale, 'phone'), and
  // the petition form's textField(o, 'phone', 'phone', …) label.
  if (usesUiT) {
    for (const [from, to] of Object.entries(uiRenames)) {
      body = body.replace(new RegExp(`(\\bt\\(\\s*[^,()]+?,\\s*)(['"])${from}\\2`, 'g'), `$1$2${to}$2`);
    }
  }
  if (usesParticipationT || /^shared\/src\/participation\//.test(rel)) {
    for (const [from, to] of Object.entries(participationRenames)) {
      body = body.replace(new RegExp(`(\\bpt\\(\\s*[^,()]+?,\\s*)(['"])${from}\\2`, 'g'), `$1$2${to}$2`);
    }
    body = body.replace(/(\b(?:textField|field)\([^,()]*,\s*(['"])phone\2,\s*)(['"])phone\3/g, `$1$3${participationRenames.phone}$3`);
    body = body.replace(
      /(\b(?:textField|field)\([^,()]*,\s*(['"])postalCode\2,\s*(['"])postalCode\3,\s*)(['"])postalCodeHint\4/g,
      `$1$4${participationRenames.postalCodeHint}$4`,
    );
  }

  // Error keys carried as zod messages: `m.startsWith('err_') ? (m as ParticipationKey)` and
  // `if (m.startsWith('err_')) return m as ParticipationKey;`.
  body = body.replace(/([\w$.]+)\.startsWith\((['"])err_\2\)\s*\?\s*\(\1 as ParticipationKey\)/g, (_, m) => {
    needsI18nNames.add('isErrorKey');
    return `isErrorKey(${m}) ? ${m}`;
  });
  body = body.replace(/if \(([\w$.]+)\.startsWith\((['"])err_\2\)\) return \1 as ParticipationKey;/g, (_, m) => {
    needsI18nNames.add('isErrorKey');
    return `if (isErrorKey(${m})) return ${m};`;
  });
  if (/startsWith\((['"])err_\1\)/.test(body)) problems.push("`startsWith('err_')` left: use isErrorKey()");

  // Enumerated-value labels: `callKind_${call.kind}` → enumKey('callKind', call.kind).
  body = body.replace(/`([A-Za-z]\w*)_\$\{([^`{}]+)\}`/g, (whole, prefix, expr) => {
    if (!enumPrefixes.has(prefix)) return whole;
    needsI18nNames.add('enumKey');
    return `enumKey('${prefix}', ${expr.trim()})`;
  });

  // Old snake_case keys wherever they are quoted.
  body = body.replace(/(['"])([A-Za-z]\w*_\w+)\1/g, (whole, q, key) => (snakeKeys.has(key) ? `${q}${snakeKeys.get(key)}${q}` : whole));

  // Renamed identifiers.
  for (const [from, to] of renames) if (from !== to) body = body.replace(identifier(from), to);

  if (problems.length) return { text, problems: problems.map((p) => `${rel}: ${p}`) };

  // 3. Helpers the body now calls, imported beside `t` (or from i18n in the file's own style).
  if (needsI18nNames.size) {
    const i18nSpec =
      [...additions.keys()].find((s) => /(^|\/)i18n(\.ts)?$/.test(s)) ??
      [...out.matchAll(importPattern)].map((m) => m[4]).find((s) => /(^|\/)i18n(\.ts)?$/.test(s)) ??
      (() => {
        const where = style ?? inferStyle(file, decls);
        return target('i18n', where.style, where.withTs, file);
      })();
    const quote = decls[0]?.quote ?? "'";
    if (!additions.has(i18nSpec)) additions.set(i18nSpec, { quote, specifiers: [] });
    for (const name of needsI18nNames) addSpecifier(additions.get(i18nSpec).specifiers, { type: false, name, alias: null });
  }

  // 4. Rewrite the import block: old declarations lose their moved names; the new names join an
  // existing import of the same module, or a new declaration takes the old one's place.
  const sameModule = (a, b) => {
    const ca = a.startsWith('.') ? stripExt(path.resolve(path.dirname(file), a)) : a;
    const cb = b.startsWith('.') ? stripExt(path.resolve(path.dirname(file), b)) : b;
    return ca === cb;
  };
  const replacements = new Map(); // decl.index → new text
  const placed = new Set();
  for (const decl of decls) {
    const spec = [...additions.keys()].find((s) => sameModule(s, decl.spec));
    if (spec === undefined) continue;
    const edit = edits.find((e) => e.decl === decl);
    const list = edit ? edit.keep.map((s) => ({ ...s })) : decl.specifiers.map((s) => ({ ...s }));
    for (const s of additions.get(spec).specifiers) addSpecifier(list, s);
    replacements.set(decl.index, printImport(list, decl.spec, decl.quote, decl.multiline));
    placed.add(spec);
  }
  for (const { decl, keep } of edits) {
    const fresh = [...additions.entries()]
      .filter(([spec]) => !placed.has(spec))
      .map(([spec, a]) => {
        placed.add(spec);
        return printImport(a.specifiers, spec, a.quote, false);
      });
    const already = replacements.get(decl.index);
    const own = already ?? (keep.length ? printImport(keep, decl.spec, decl.quote, decl.multiline) : null);
    replacements.set(decl.index, [own, ...fresh].filter(Boolean).join('\n'));
  }
  const unplaced = [...additions.entries()].filter(([spec]) => !placed.has(spec));
  if (unplaced.length) {
    // Only helpers were added (no old import in this file): put them after the last import.
    const last = decls[decls.length - 1];
    const extra = unplaced.map(([spec, a]) => printImport(a.specifiers, spec, a.quote, false)).join('\n');
    if (last) replacements.set(last.index, `${replacements.get(last.index) ?? last.whole}\n${extra}`);
    else head = `${extra}\n${head}`;
  }
  // The body's rewrites are all after the imports, so the declarations' offsets still hold.
  out = head + body;
  for (const decl of [...decls].sort((a, b) => b.index - a.index)) {
    if (!replacements.has(decl.index)) continue;
    const text = replacements.get(decl.index);
    // A declaration left with no name goes away with its line break.
    const end = decl.index + decl.whole.length + (text === '' && out[decl.index + decl.whole.length] === '\n' ? 1 : 0);
    out = out.slice(0, decl.index) + text + out.slice(end);
  }

  // 5. Barrels stop re-exporting the old modules.
  out = out.replace(reexportPattern, (whole, _q, spec) => {
    const where = classify(spec, file);
    return where.kind === 'ui' || where.kind === 'participation' ? '' : whole;
  });
  return { text: out, problems: [] };
}

/** A file that imports nothing from the old modules but needs a helper: follow its other shared imports. */
function inferStyle(file, decls) {
  for (const d of decls) {
    if (d.spec.startsWith('@passerelle/shared')) return { style: 'package', withTs: false };
    const where = classify(d.spec, file);
    if (where.kind !== 'other') return where;
    if (d.spec.startsWith('.')) {
      const absolute = path.resolve(path.dirname(file), d.spec);
      if (absolute.startsWith(sharedSrc + path.sep)) return { style: 'shared', withTs: /\.ts$/.test(d.spec) };
      if (absolute.startsWith(generated + path.sep)) return { style: 'generated', withTs: false };
    }
  }
  const rel = path.relative(root, file);
  if (rel.startsWith('shared')) return { style: 'shared', withTs: true };
  if (rel.startsWith(path.join('cms', 'src'))) return { style: 'generated', withTs: false };
  return { style: 'package', withTs: false };
}

// ---------------------------------------------------------------------------------------------

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skippedDirs.has(entry.name) && !entry.name.startsWith('.')) yield* walk(path.join(dir, entry.name));
    } else if (extensions.test(entry.name)) yield path.join(dir, entry.name);
  }
}

function main() {
  verifyFrozenKeys();
  const changed = [];
  const problems = [];
  for (const top of scanned) {
    for (const file of walk(path.join(root, top))) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (untouched.has(rel) || rel.startsWith('shared/src/i18n/')) continue;
      const text = fs.readFileSync(file, 'utf8');
      const result = transform(file, text);
      problems.push(...result.problems);
      if (result.text !== text) {
        changed.push(rel);
        if (!check) fs.writeFileSync(file, result.text);
      }
    }
  }
  for (const p of problems) console.error(`one-i18n: ${p}`);
  for (const c of changed) console.log(`${check ? 'needs' : 'rewrote'} ${c}`);
  console.log(`one-i18n: ${changed.length} file(s) ${check ? 'to rewrite' : 'rewritten'}, ${problems.length} problem(s)`);
  if (problems.length || (check && changed.length)) process.exitCode = 1;
}

loadOldKeys();
export { camel, transform };
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
