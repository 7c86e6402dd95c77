'use strict';
/**
 * Compiles the TypeScript app into cms/dist (server code only, no admin build) and returns the
 * directories createStrapi needs. Shared by scripts/serve.js and the integration tests.
 * Skipped when dist/ is newer than every source file: even an up-to-date tsc run costs seconds.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, 'dist');
const stampFile = path.join(distDir, '.compiled-at');
const sharedDir = path.resolve(appDir, '../shared');

function newestSourceMtime() {
  let newest = fs.statSync(path.join(appDir, 'tsconfig.json')).mtimeMs;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(appDir, 'config'));
  walk(path.join(appDir, 'src'));
  // The app is type-checked against @passerelle/shared's build: a new build is a reason to compile.
  return Math.max(newest, fs.statSync(path.join(sharedDir, 'dist', '.built-at')).mtimeMs);
}

function isUpToDate() {
  try {
    return fs.statSync(stampFile).mtimeMs >= newestSourceMtime() && fs.existsSync(path.join(distDir, 'src', 'index.js'));
  } catch {
    return false;
  }
}

async function compileApp() {
  // The CMS requires @passerelle/shared's CommonJS build (shared/dist), never its TypeScript sources.
  execFileSync(process.execPath, [path.join(sharedDir, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
  if (isUpToDate()) return { appDir, distDir };
  // tsc's incremental state outlives a deleted dist/ and would then emit nothing: start clean.
  if (!fs.existsSync(path.join(distDir, 'src', 'index.js'))) {
    fs.rmSync(path.join(appDir, '.tsbuildinfo'), { force: true });
  }
  const startedAt = new Date();
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir });
  fs.writeFileSync(stampFile, '');
  // Stamp with the start time, so a source edited during compilation triggers the next compile.
  fs.utimesSync(stampFile, startedAt, startedAt);
  return { appDir, distDir };
}

module.exports = { appDir, distDir, compileApp };
if (require.main === module) {
  compileApp().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
