#!/usr/bin/env node
'use strict';
/**
 * Applies the Law 25 retention periods once, now, and prints what it did (the CMS also does it
 * every night by cron). Uses the same database settings as the CMS (DATABASE_* variables).
 *
 *   pnpm --filter @passerelle/cms retention
 */
const { runAdminTask } = require('./admin-task');

runAdminTask(async ({ strapi, load }) => {
  const { applyRetention } = load('src/participation/retention.js');
  console.log(JSON.stringify(await applyRetention(strapi), null, 2));
});
