#!/usr/bin/env node
'use strict';
/**
 * Law 25 requests of one person, for an administrator (after checking who is asking):
 *
 *   pnpm --filter @passerelle/cms person -- export marie@exemple.ca [out-dir]   → JSON + CSV files
 *   pnpm --filter @passerelle/cms person -- delete 514-555-0123                 → erases, prints counts
 *
 * Uses the CMS's database settings (DATABASE_* variables).
 */
process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
process.env.CRON_ENABLED ??= 'false';
process.env.LOG_LEVEL ??= 'warn';

const fs = require('node:fs');
const path = require('node:path');
const { compileApp } = require('./compile');

async function main() {
  // pnpm passes its `--` separator through: ignore it.
  const [action, identifier, outDir = '.'] = process.argv.slice(2).filter((arg) => arg !== '--');
  if (!['export', 'delete'].includes(action) || !identifier) {
    console.error('Usage: person export|delete <email or phone> [out-dir]');
    process.exit(2);
  }
  const { appDir, distDir } = await compileApp();
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  await strapi.load();
  const personData = require(path.join(distDir, 'src/participation/person-data.js'));
  try {
    if (action === 'export') {
      const { records, json, csv } = await personData.exportPersonData(strapi, identifier);
      const base = path.join(path.resolve(outDir), `renseignements-${new Date().toISOString().slice(0, 10)}`);
      fs.writeFileSync(`${base}.json`, json);
      fs.writeFileSync(`${base}.csv`, csv);
      console.log(`${records.length} record(s) → ${base}.json, ${base}.csv`);
    } else {
      console.log(JSON.stringify(await personData.deletePersonData(strapi, identifier)));
    }
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
