/**
 * Builds @passerelle/shared into dist/: ESM (.js) and CommonJS (.cjs) with their type declarations
 * (.d.ts, .d.cts), one entry per source module so every `@passerelle/shared/<path>` import keeps
 * working. The CMS needs the CommonJS build: Strapi compiles to CommonJS and cannot require the
 * TypeScript sources. Vite (site, Vitest) reads the sources through the `passerelle-source`
 * export condition, so tests and the dev server need no rebuild.
 *
 * Run by scripts/lib.sh after `pnpm install` and by the CMS's compile, build and typecheck.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

/** Every module under src/ except tests, as absolute paths (tsup would resolve relative ones from the caller's directory). */
function entries(dir = src) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entries(full);
    if (!entry.name.endsWith('.ts') || entry.name.includes('.test.')) return [];
    return [full];
  });
}

// tsup names its outputs (.js/.cjs, .d.ts/.d.cts) after the `type` of the package it runs in, read
// when it loads: enter this one first, whichever directory the script is called from.
process.chdir(root);
const { build } = await import('tsup');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  entry: entries(),
  outDir: path.join(root, 'dist'),
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
console.log('@passerelle/shared built into shared/dist');
