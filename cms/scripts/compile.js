'use strict';
/**
 * Compiles the TypeScript app into cms/dist (server code only, no admin build) and returns the
 * directories createStrapi needs. Shared by scripts/serve.js and the integration tests.
 */
const fs = require('node:fs');
const path = require('node:path');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, 'dist');

async function compileApp() {
  // tsc's incremental state outlives a deleted dist/ and would then emit nothing: start clean.
  if (!fs.existsSync(path.join(distDir, 'src', 'index.js'))) {
    fs.rmSync(path.join(appDir, '.tsbuildinfo'), { force: true });
  }
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir });
  return { appDir, distDir };
}

module.exports = { appDir, distDir, compileApp };
