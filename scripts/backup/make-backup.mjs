/** `pnpm backup`: database first, then uploads, then the manifest; the folder appears only when complete. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describeFiles, dumpFileFor, manifestName, manifestSchema, uploadsFile, writeManifest } from './archive.mjs';
import { dumpPostgres } from './postgres.mjs';
import { cmsRequire } from './settings.mjs';
import { dumpSqlite } from './sqlite.mjs';
import { countUploads, packUploads } from './uploads.mjs';

export const archivePrefix = 'passerelle-';

/** `passerelle-20261205T031500Z-1a2b`: sorts by time; the suffix keeps two backups in one second apart. */
const archiveName = (date) => `${archivePrefix}${date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;

/**
 * @param {import('./settings.mjs').DataSettings} settings
 * @param {string} backupsDir
 * @returns {Promise<{ dir: string, manifest: import('./archive.mjs').Manifest }>}
 */
export async function makeBackup(settings, backupsDir) {
  const createdAt = new Date();
  mkdirSync(backupsDir, { recursive: true, mode: 0o700 });
  const name = archiveName(createdAt);
  const partial = path.join(backupsDir, `.${name}.partial`);
  mkdirSync(partial, { mode: 0o700 });
  try {
    const dumpFile = dumpFileFor(settings.kind);
    const marker =
      settings.kind === 'sqlite' ? dumpSqlite(settings.sqliteFile, path.join(partial, dumpFile)) : await dumpPostgres(settings.postgres, path.join(partial, dumpFile));
    packUploads(settings.uploadsDir, path.join(partial, uploadsFile));
    const manifest = {
      format: /** @type {const} */ ('passerelle-backup/1'),
      createdAt: createdAt.toISOString(),
      database: settings.kind,
      strapiVersion: String(cmsRequire('@strapi/strapi/package.json').version),
      ...marker,
      uploads: countUploads(settings.uploadsDir),
      files: await describeFiles(partial, [dumpFile, uploadsFile]),
    };
    writeManifest(partial, manifest);
    const dir = path.join(backupsDir, name);
    renameSync(partial, dir);
    return { dir, manifest };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Deletes the backups in `backupsDir` made more than `days` days ago (by their manifest), and
 * leftovers of interrupted ones. Returns the names deleted.
 */
export function pruneBackups(backupsDir, days, now = new Date()) {
  const cutoff = now.getTime() - days * 86_400_000;
  const deleted = [];
  for (const entry of readdirSync(backupsDir)) {
    const full = path.join(backupsDir, entry);
    const interrupted = entry.startsWith(`.${archivePrefix}`) && entry.endsWith('.partial');
    let expired = false;
    if (entry.startsWith(archivePrefix) && existsSync(path.join(full, manifestName))) {
      // A folder whose manifest is unreadable is left for a person to look at, not deleted blindly.
      let raw;
      try {
        raw = JSON.parse(readFileSync(path.join(full, manifestName), 'utf8'));
      } catch {
        raw = undefined;
      }
      const parsed = manifestSchema.safeParse(raw);
      expired = parsed.success && Date.parse(parsed.data.createdAt) < cutoff;
    }
    if (interrupted || expired) {
      rmSync(full, { recursive: true, force: true });
      deleted.push(entry);
    }
  }
  return deleted;
}
