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
const fs = require('node:fs');
const path = require('node:path');
const { runAdminTask, taskArgs } = require('./admin-task');

const [action, identifier, outDir = '.'] = taskArgs();
if (!['export', 'delete'].includes(action) || !identifier) {
  console.error('Usage: person export|delete <email or phone> [out-dir]');
  process.exit(2);
}

runAdminTask(async ({ strapi, load }) => {
  const personData = load('src/participation/person-data.js');
  if (action === 'export') {
    const { records, json, csv } = await personData.exportPersonData(strapi, identifier);
    const base = path.join(path.resolve(outDir), `renseignements-${new Date().toISOString().slice(0, 10)}`);
    fs.writeFileSync(`${base}.json`, json);
    fs.writeFileSync(`${base}.csv`, csv);
    console.log(`${records.length} record(s) → ${base}.json, ${base}.csv`);
  } else {
    console.log(JSON.stringify(await personData.deletePersonData(strapi, identifier)));
  }
});

