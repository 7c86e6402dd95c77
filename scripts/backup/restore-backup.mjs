/** `pnpm restore`: verify the whole archive, check the targets, then replace database and uploads. */
import path from 'node:path';
import { ArchiveError, dumpFileFor, readVerifiedManifest, uploadsFile } from './archive.mjs';
import { postgresIsEmpty, restorePostgres } from './postgres.mjs';
import { describeTarget } from './settings.mjs';
import { restoreSqlite, sqliteIsEmpty } from './sqlite.mjs';
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
  say(`Archive ${archiveDir}: ${manifest.database} backup of ${manifest.createdAt}, Strapi ${manifest.strapiVersion}, ${manifest.uploads} uploaded file(s); checksums verified.`);
  if (manifest.database !== settings.kind) {
    throw new RestoreRefused(`this is a ${manifest.database} backup and DATABASE_CLIENT selects ${settings.kind}: restore it into the same kind of database`);
  }

  const target = describeTarget(settings);
  const databaseEmpty = settings.kind === 'sqlite' ? sqliteIsEmpty(settings.sqliteFile) : await postgresIsEmpty(settings.postgres);
  const uploadsEmpty = uploadsAreEmpty(settings.uploadsDir);
  if (!force && (!databaseEmpty || !uploadsEmpty)) {
    const occupied = [...(databaseEmpty ? [] : [`the database (${target}) has tables`]), ...(uploadsEmpty ? [] : [`${settings.uploadsDir} has files`])];
    throw new RestoreRefused(`${occupied.join(' and ')}: nothing was changed. Stop the CMS and add --force to replace them.`);
  }

  const dumpFile = path.join(archiveDir, dumpFileFor(manifest.database));
  if (settings.kind === 'sqlite') restoreSqlite(dumpFile, settings.sqliteFile);
  else await restorePostgres(settings.postgres, dumpFile);
  say(`Database restored into ${target}${databaseEmpty ? '' : ' (its previous content was replaced)'}.`);
  unpackUploads(path.join(archiveDir, uploadsFile), settings.uploadsDir);
  say(`Uploads restored into ${settings.uploadsDir}${uploadsEmpty ? '' : ' (its previous files were removed)'}.`);
  return manifest;
}
