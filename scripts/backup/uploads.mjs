/**
 * The media library's files (the upload provider writes them to `<PUBLIC_DIR>/uploads`), as one
 * tar file. Files are written once and never changed in place, so copying them while the CMS runs
 * is safe; the database is saved first, so every file it names is already there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Strapi's placeholder that keeps the folder in git is not an upload. */
const isUpload = (name) => name !== '.gitkeep';

export function countUploads(uploadsDir) {
  if (!existsSync(uploadsDir)) return 0;
  return readdirSync(uploadsDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && isUpload(entry.name)).length;
}

export const uploadsAreEmpty = (uploadsDir) => countUploads(uploadsDir) === 0;

/** Writes `uploads/…` (possibly empty) into `tarFile`. */
export function packUploads(uploadsDir, tarFile) {
  if (existsSync(uploadsDir)) {
    execFileSync('tar', ['--create', '--file', tarFile, '--directory', path.dirname(uploadsDir), path.basename(uploadsDir)]);
  } else {
    execFileSync('tar', ['--create', '--file', tarFile, '--files-from', '/dev/null']);
  }
}

/** Unpacks next to the target, then swaps: the old folder goes only once the new one is complete. */
export function unpackUploads(tarFile, uploadsDir) {
  const parent = path.dirname(uploadsDir);
  mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `.uploads-restoring-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging);
  try {
    // --no-same-owner: as root, files would otherwise keep the uid of whoever made the backup.
    execFileSync('tar', ['--extract', '--no-same-owner', '--file', tarFile, '--directory', staging]);
    // packUploads names the folder `uploads` (absent when there was none to save).
    const unpacked = path.join(staging, 'uploads');
    mkdirSync(unpacked, { recursive: true });
    rmSync(uploadsDir, { recursive: true, force: true });
    renameSync(unpacked, uploadsDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
