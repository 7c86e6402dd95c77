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
const fs = require('node:fs');
const path = require('node:path');
const { runAdminTask, taskArgs } = require('./admin-task');

const [slug, outDir = '.'] = taskArgs();
if (!slug) {
  console.error('Usage: consultation-csv <slug> [out-dir]');
  process.exit(2);
}

runAdminTask(async ({ strapi, load }) => {
  const { consultationCsv } = load('src/participation/consultations/export.js');
  const result = await consultationCsv(strapi, slug);
  if (!result) throw new Error(`No published consultation with the slug "${slug}".`);
  const file = path.join(path.resolve(outDir), `consultation-${slug}-${new Date().toISOString().slice(0, 10)}.csv`);
  fs.writeFileSync(file, result.csv);
  console.log(`${result.rows} response(s) → ${file}`);
});
