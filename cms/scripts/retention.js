#!/usr/bin/env node
'use strict';
/**
 * Applies the Law 25 retention periods once, now, and prints what it did (the CMS also does it
 * every night by cron). Uses the same database settings as the CMS (DATABASE_* variables).
 *
 *   pnpm --filter @passerelle/cms retention
 */
process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
process.env.CRON_ENABLED ??= 'false'; // this one run is the job: no scheduler in this process
process.env.LOG_LEVEL ??= 'warn';

const path = require('node:path');
const { compileApp } = require('./compile');

async function main() {
  const { appDir, distDir } = await compileApp();
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  await strapi.load();
  const { applyRetention } = require(path.join(distDir, 'src/participation/retention.js'));
  const report = await applyRetention(strapi);
  console.log(JSON.stringify(report, null, 2));
  await strapi.destroy();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
