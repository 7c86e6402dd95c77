#!/usr/bin/env node
/**
 * `pnpm backup [--dir <folder>] [--keep-days <n>]`: one consistent backup of the CMS's database
 * (SQLite or PostgreSQL, from the same DATABASE_* variables as the CMS), its uploaded files and the
 * practitioners' space's documents the database names (SPACE_FILES_DIR),
 * as a folder in `--dir` (default `backups/`), while the CMS keeps running. With `--keep-days`,
 * backups older than that are then deleted. docs/deploy.md#backups gives the schedule.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeBackup, pruneBackups } from './make-backup.mjs';
import { describeTarget, readDataSettings, repoRoot } from './settings.mjs';

// Backups hold residents' personal information: readable by their owner only.
process.umask(0o077);

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { dir: { type: 'string', default: path.join(repoRoot, 'backups') }, 'keep-days': { type: 'string' } },
});

try {
  const keepDays = values['keep-days'] === undefined ? undefined : Number(values['keep-days']);
  if (keepDays !== undefined && !(Number.isInteger(keepDays) && keepDays >= 1)) throw new Error('--keep-days takes a whole number of days (1 or more)');
  const backupsDir = path.resolve(values.dir);
  const settings = await readDataSettings(process.env);
  const started = Date.now();
  const { dir, manifest, spaceFilesLeftOut } = await makeBackup(settings, backupsDir);
  const bytes = Object.values(manifest.files).reduce((sum, file) => sum + file.bytes, 0);
  console.log(`Backup of ${describeTarget(settings)}, ${manifest.uploads} uploaded file(s) and ${manifest.spaceFiles} space document(s) in ${dir} (${(bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms).`);
  const missing = manifest.spaceFilesMissing ?? [];
  if (missing.length > 0) {
    console.warn(`WARNING: ${missing.length} space document(s) named by the database are not in ${settings.spaceFilesDir} (their downloads answer 404): ${missing.join(', ')}`);
  }
  if (spaceFilesLeftOut > 0) console.log(`${spaceFilesLeftOut} file(s) in ${settings.spaceFilesDir} named by no resource were left out.`);
  if (keepDays !== undefined) {
    const deleted = pruneBackups(backupsDir, keepDays);
    console.log(deleted.length ? `Deleted ${deleted.length} backup(s) older than ${keepDays} days or left by an interrupted run: ${deleted.join(', ')}` : `No backup older than ${keepDays} days.`);
  }
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
