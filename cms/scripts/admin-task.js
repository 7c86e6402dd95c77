'use strict';
/**
 * Runs one administrator's task against the CMS's database (DATABASE_* variables), without the
 * HTTP server or the scheduler: compiles the app, loads Strapi, calls `task`, shuts down, and
 * exits 0, or 1 with the error's message.
 * Used by retention.js, person.js and consultation-csv.js.
 */
process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
process.env.CRON_ENABLED ??= 'false'; // the task is the job: no scheduler in this process
process.env.LOG_LEVEL ??= 'warn';

const path = require('node:path');
const { compileApp } = require('./compile');

/** Command-line arguments, without the `--` separator pnpm passes through. */
const taskArgs = () => process.argv.slice(2).filter((arg) => arg !== '--');

/** @param {(context: { strapi: any, load: (file: string) => any, args: string[] }) => Promise<void>} task */
function runAdminTask(task) {
  const main = async () => {
    const args = taskArgs();
    const { appDir, distDir } = await compileApp();
    const { createStrapi } = require('@strapi/strapi');
    const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
    await strapi.load();
    try {
      await task({ strapi, args, load: (file) => require(path.join(distDir, file)) });
    } finally {
      await strapi.destroy();
    }
  };
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

module.exports = { runAdminTask, taskArgs };
