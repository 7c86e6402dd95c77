/**
 * Builds @passerelle/shared into dist/: ESM (.js) and CommonJS (.cjs) with their type declarations
 * (.d.ts, .d.cts), one entry per source module so every `@passerelle/shared/<path>` import keeps
 * working. The CMS needs the CommonJS build: Strapi compiles to CommonJS and cannot require the
 * TypeScript sources. Vite (site, Vitest) and tsc read the sources through the `passerelle-source`
 * export condition, so tests and the dev server need no rebuild.
 *
 * Run by scripts/lib.sh after `pnpm install`, and with `--if-stale` by the CMS's compile, build and
 * typecheck: then it does nothing when dist/ is newer than every source (a build takes ~20 s).
 */
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built-at');

/** Every file under `dir`, as absolute paths. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every module under src/ except tests (absolute: tsup would resolve relative ones from the caller's directory). */
const entries = () => filesUnder(src).filter((file) => file.endsWith('.ts') && !file.includes('.test.'));

function isFresh() {
  if (!existsSync(stamp)) return false;
  const builtAt = statSync(stamp).mtimeMs;
  const inputs = [...filesUnder(src), path.join(root, 'package.json'), path.join(root, 'tsconfig.json'), fileURLToPath(import.meta.url)];
  return inputs.every((file) => statSync(file).mtimeMs <= builtAt);
}

if (process.argv.includes('--if-stale') && isFresh()) process.exit(0);

// tsup names its outputs (.js/.cjs, .d.ts/.d.cts) after the `type` of the package it runs in, read
// when it loads: enter this one first, whichever directory the script is called from.
process.chdir(root);
const { build } = await import('tsup');
const startedAt = new Date();
rmSync(dist, { recursive: true, force: true });
await build({
  entry: entries(),
  outDir: dist,
  format: ['esm', 'cjs'],
  target: 'node20',
  platform: 'neutral',
  dts: true,
  // Shared chunks in both formats: one copy of each module per process, whichever subpaths load it.
  splitting: true,
  sourcemap: false,
  clean: false,
  silent: true,
  tsconfig: path.join(root, 'tsconfig.json'),
  external: ['zod'],
});
writeFileSync(stamp, '');
// Stamped with the start time, so a source edited during the build triggers the next one.
utimesSync(stamp, startedAt, startedAt);
console.log('@passerelle/shared built into shared/dist');
