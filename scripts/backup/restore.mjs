#!/usr/bin/env node
/**
 * `pnpm restore <backup folder> [--force] [--skip-retention]`: puts a `pnpm backup` folder back
 * into the database, uploads folder and space documents folder the DATABASE_*, PUBLIC_DIR and
 * SPACE_FILES_DIR variables name (only the documents the restored database names). Stop the CMS
 * first. Refuses a folder whose checksums do not match, and a target that is not empty unless
 * `--force`. Then applies the retention periods (Law 25) to the restored data, as the nightly job
 * would have since the backup was made: an old backup must not bring erased data back online.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RestoreRefused, restoreBackup } from './restore-backup.mjs';
import { cmsDir, readDataSettings } from './settings.mjs';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { force: { type: 'boolean', default: false }, 'skip-retention': { type: 'boolean', default: false } },
  allowPositionals: true,
});

const retentionCommand = 'pnpm --filter @passerelle/cms retention';

async function main() {
  if (positionals.length !== 1) throw new RestoreRefused('usage: pnpm restore <backup folder> [--force] [--skip-retention]');
  const settings = await readDataSettings(process.env);
  await restoreBackup(settings, path.resolve(positionals[0]), { force: values.force }, (line) => console.log(line));
  if (values['skip-retention']) {
    console.log(`Retention NOT applied (--skip-retention). Before the CMS goes live on this data, run: ${retentionCommand}`);
    return;
  }
  console.log('Applying the retention periods to the restored data (cms/scripts/retention.js)…');
  const retention = spawnSync(process.execPath, [path.join(cmsDir, 'scripts', 'retention.js')], { cwd: cmsDir, stdio: 'inherit', env: process.env });
  if (retention.status !== 0) {
    throw new Error(`the retention job failed (exit ${retention.status}): the data is restored but NOT swept; fix it and run ${retentionCommand} before going live`);
  }
  console.log('Retention applied. The CMS can be started.');
}

main().catch((error) => {
  const refused = error instanceof RestoreRefused;
  console.error(`${refused ? 'Restore refused' : 'Restore failed'}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(refused ? 2 : 1);
});
