#!/usr/bin/env node
'use strict';
/**
 * All answers to one consultation as a CSV file for the OCs (UTF-8 with BOM, formula-safe):
 *
 *   pnpm --filter @passerelle/cms consultation-csv -- <slug> [out-dir]
 *
 * Uses the CMS's database settings (DATABASE_* variables). The file holds personal information
 * (follow-up contacts, free text): keep it on the CISSS's storage and delete it when done.
 */
process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
process.env.CRON_ENABLED ??= 'false';
process.env.LOG_LEVEL ??= 'warn';

const fs = require('node:fs');
const path = require('node:path');
const { compileApp } = require('./compile');

async function main() {
  // pnpm passes the `--` separator through to the script.
  const [slug, outDir = '.'] = process.argv.slice(2).filter((arg) => arg !== '--');
  if (!slug) {
    console.error('Usage: consultation-csv <slug> [out-dir]');
    process.exit(2);
  }
  const { appDir, distDir } = await compileApp();
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  await strapi.load();
  const { consultationCsv } = require(path.join(distDir, 'src/participation/consultations/export.js'));
  try {
    const result = await consultationCsv(strapi, slug);
    if (!result) throw new Error(`No published consultation with the slug "${slug}".`);
    const file = path.join(path.resolve(outDir), `consultation-${slug}-${new Date().toISOString().slice(0, 10)}.csv`);
    fs.writeFileSync(file, result.csv);
    console.log(`${result.rows} response(s) → ${file}`);
  } finally {
    await strapi.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
