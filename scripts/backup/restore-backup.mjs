/** `pnpm restore`: verify the whole archive, check the targets, then replace database, uploads and the space's documents. */
import path from 'node:path';
import { ArchiveError, dumpFileFor, readVerifiedManifest, spaceFilesFile, uploadsFile } from './archive.mjs';
import { postgresFileKeys, postgresIsEmpty, restorePostgres } from './postgres.mjs';
import { describeTarget } from './settings.mjs';
import { assertPrivateFolder, fileKeyColumn, fileKeyTable, spaceFilesAreEmpty, unpackSpaceFiles } from './space-files.mjs';
import { restoreSqlite, sqliteFileKeys, sqliteIsEmpty } from './sqlite.mjs';
import { unpackUploads, uploadsAreEmpty } from './uploads.mjs';

/** A refusal: nothing was changed. */
export class RestoreRefused extends Error {
  name = 'RestoreRefused';
}

/**
 * @param {import('./settings.mjs').DataSettings} settings
 * @param {string} archiveDir
 * @param {{ force: boolean }} options
 * @param {(line: string) => void} say
 */
export async function restoreBackup(settings, archiveDir, { force }, say) {
  let manifest;
  try {
    manifest = await readVerifiedManifest(archiveDir);
  } catch (error) {
    if (error instanceof ArchiveError) throw new RestoreRefused(error.message, { cause: error });
    throw error;
  }
  const spaceFiles = manifest.spaceFiles === undefined ? 'no space documents (made before they were saved)' : `${manifest.spaceFiles} space document(s)`;
  say(`Archive ${archiveDir}: ${manifest.database} backup of ${manifest.createdAt}, Strapi ${manifest.strapiVersion}, ${manifest.uploads} uploaded file(s), ${spaceFiles}; checksums verified.`);
  if (manifest.database !== settings.kind) {
    throw new RestoreRefused(`this is a ${manifest.database} backup and DATABASE_CLIENT selects ${settings.kind}: restore it into the same kind of database`);
  }

  const target = describeTarget(settings);
  const databaseEmpty = settings.kind === 'sqlite' ? sqliteIsEmpty(settings.sqliteFile) : await postgresIsEmpty(settings.postgres);
  try {
    assertPrivateFolder(settings.spaceFilesDir, settings.publicDir);
  } catch (error) {
    throw new RestoreRefused(`${error instanceof Error ? error.message : String(error)}: nothing was changed`);
  }
  const uploadsEmpty = uploadsAreEmpty(settings.uploadsDir);
  const spaceFilesEmpty = spaceFilesAreEmpty(settings.spaceFilesDir);
  if (!force && (!databaseEmpty || !uploadsEmpty || !spaceFilesEmpty)) {
    const occupied = [
      ...(databaseEmpty ? [] : [`the database (${target}) has tables`]),
      ...(uploadsEmpty ? [] : [`${settings.uploadsDir} has files`]),
      ...(spaceFilesEmpty ? [] : [`${settings.spaceFilesDir} has files`]),
    ];
    throw new RestoreRefused(`${occupied.join(' and ')}: nothing was changed. Stop the CMS and add --force to replace them.`);
  }

  const dumpFile = path.join(archiveDir, dumpFileFor(manifest.database));
  if (settings.kind === 'sqlite') restoreSqlite(dumpFile, settings.sqliteFile);
  else await restorePostgres(settings.postgres, dumpFile);
  say(`Database restored into ${target}${databaseEmpty ? '' : ' (its previous content was replaced)'}.`);
  unpackUploads(path.join(archiveDir, uploadsFile), settings.uploadsDir);
  say(`Uploads restored into ${settings.uploadsDir}${uploadsEmpty ? '' : ' (its previous files were removed)'}.`);
  // Only the documents the restored database names go back; the rest of the archive is dropped.
  const named = settings.kind === 'sqlite' ? sqliteFileKeys(settings.sqliteFile, fileKeyTable, fileKeyColumn) : await postgresFileKeys(settings.postgres, fileKeyTable, fileKeyColumn);
  const space = unpackSpaceFiles(manifest.spaceFiles === undefined ? null : path.join(archiveDir, spaceFilesFile), settings.spaceFilesDir, named);
  say(`Space documents restored into ${settings.spaceFilesDir}: ${space.restored} file(s)${spaceFilesEmpty ? '' : ' (its previous files were removed)'}.`);
  if (space.notNamed > 0) say(`${space.notNamed} file(s) of the archive named by no resource of the restored database were not restored.`);
  if (space.missing.length > 0) {
    say(`WARNING: ${space.missing.length} space document(s) named by the restored database are not in the backup (their downloads will answer 404): ${space.missing.join(', ')}`);
  }
  return manifest;
}
