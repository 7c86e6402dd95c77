/**
 * `pnpm backup`: database first, then uploads and the space's documents the database names, then
 * the manifest; the folder appears only when complete.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describeFiles, dumpFileFor, manifestName, manifestSchema, spaceFilesFile, uploadsFile, writeManifest } from './archive.mjs';
import { dumpPostgres } from './postgres.mjs';
import { cmsRequire } from './settings.mjs';
import { assertPrivateFolder, fileKeyColumn, fileKeyTable, packSpaceFiles } from './space-files.mjs';
import { dumpSqlite, sqliteFileKeys } from './sqlite.mjs';
import { countUploads, packUploads } from './uploads.mjs';

export const archivePrefix = 'passerelle-';

/** `passerelle-20261205T031500Z-1a2b`: sorts by time; the suffix keeps two backups in one second apart. */
const archiveName = (date) => `${archivePrefix}${date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;

/**
 * @param {import('./settings.mjs').DataSettings} settings
 * @param {string} backupsDir
 * @returns {Promise<{ dir: string, manifest: import('./archive.mjs').Manifest, spaceFilesLeftOut: number }>}
 */
export async function makeBackup(settings, backupsDir) {
  const createdAt = new Date();
  assertPrivateFolder(settings.spaceFilesDir, settings.publicDir);
  mkdirSync(backupsDir, { recursive: true, mode: 0o700 });
  const name = archiveName(createdAt);
  const partial = path.join(backupsDir, `.${name}.partial`);
  mkdirSync(partial, { mode: 0o700 });
  try {
    const dumpFile = dumpFileFor(settings.kind);
    // The file keys come from the dump's own snapshot (the copy, or pg_dump's exported snapshot).
    const { marker, fileKeys } =
      settings.kind === 'sqlite'
        ? { marker: dumpSqlite(settings.sqliteFile, path.join(partial, dumpFile)), fileKeys: sqliteFileKeys(path.join(partial, dumpFile), fileKeyTable, fileKeyColumn) }
        : await dumpPostgres(settings.postgres, path.join(partial, dumpFile), fileKeyTable, fileKeyColumn);
    packUploads(settings.uploadsDir, path.join(partial, uploadsFile));
    const space = packSpaceFiles(settings.spaceFilesDir, fileKeys, path.join(partial, spaceFilesFile));
    const manifest = {
      format: /** @type {const} */ ('passerelle-backup/1'),
      createdAt: createdAt.toISOString(),
      database: settings.kind,
      strapiVersion: String(cmsRequire('@strapi/strapi/package.json').version),
      ...marker,
      uploads: countUploads(settings.uploadsDir),
      spaceFiles: space.saved.length,
      spaceFilesMissing: space.missing,
      files: await describeFiles(partial, [dumpFile, uploadsFile, spaceFilesFile]),
    };
    writeManifest(partial, manifest);
    const dir = path.join(backupsDir, name);
    renameSync(partial, dir);
    return { dir, manifest, spaceFilesLeftOut: space.leftOut };
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
