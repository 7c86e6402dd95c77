/**
 * The practitioners' space's uploaded documents (SPACE_FILES_DIR), as one tar file holding exactly
 * the files the database snapshot names (`practitioner_resources.file_key`). Files are written
 * once under a random name and never changed in place, so copying them while the CMS runs is safe.
 * A file the snapshot names but the folder lacks (deleted between the snapshot and the copy, or
 * lost before) is reported; a file the snapshot does not name (a document deleted since, or one
 * still arriving in `incoming/`) is left out. The folder is private: 0700, its files 0600.
 * See docs/decisions/0053-space-files-in-backups-quotas-and-widened-digests.md.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The table and column that name the stored files (cms/src/api/practitioners/content-types/resource). */
export const fileKeyTable = 'practitioner_resources';
export const fileKeyColumn = 'file_key';

/** Only a name of this exact form is ever a stored file (cms/src/participation/space/resource-files.ts). */
const fileKeyPattern = /^[0-9a-f]{32}$/;
export const isFileKey = (name) => typeof name === 'string' && fileKeyPattern.test(name);

/** The stored files in the folder (not `incoming/`, not anything else). */
export function storedFileKeys(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isFileKey(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export const spaceFilesAreEmpty = (dir) => storedFileKeys(dir).length === 0;

/** `child` is `parent` or inside it. */
const isInside = (child, parent) => {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** A restore, like the CMS, must never put private documents where Strapi serves files to anyone. */
export function assertPrivateFolder(spaceFilesDir, publicDir) {
  if (isInside(spaceFilesDir, publicDir) || isInside(publicDir, spaceFilesDir)) {
    throw new Error(`SPACE_FILES_DIR (${spaceFilesDir}) overlaps PUBLIC_DIR (${publicDir}), which the CMS serves to anyone: move it out first`);
  }
}

/**
 * Writes the files `named` (keys from the database snapshot) that exist in `dir` into `tarFile`.
 * @returns {{ saved: string[], missing: string[], leftOut: number }}
 */
export function packSpaceFiles(dir, named, tarFile) {
  const present = new Set(storedFileKeys(dir));
  const wanted = [...new Set(named.filter(isFileKey))].sort();
  const saved = wanted.filter((key) => present.has(key));
  const missing = wanted.filter((key) => !present.has(key));
  const list = `${tarFile}.list`;
  writeFileSync(list, saved.map((key) => `${key}\n`).join(''));
  try {
    // Plain names relative to the folder; an empty list makes an empty archive.
    execFileSync('tar', ['--create', '--file', tarFile, ...(saved.length ? ['--directory', dir] : []), '--files-from', list]);
  } finally {
    rmSync(list, { force: true });
  }
  return { saved, missing, leftOut: [...present].filter((key) => !wanted.includes(key)).length };
}

/**
 * Unpacks `tarFile` next to `dir`, keeps only the files the restored database names (`named`),
 * then swaps the folder in: the old one goes only once the new one is complete.
 * @returns {{ restored: number, missing: string[], notNamed: number }}
 */
export function unpackSpaceFiles(tarFile, dir, named) {
  const parent = path.dirname(dir);
  mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `.space-files-restoring-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { mode: 0o700 });
  try {
    const unpacked = path.join(staging, 'files');
    mkdirSync(unpacked, { mode: 0o700 });
    // --no-same-owner / --no-same-permissions: the files become the restoring user's, modes set below.
    if (tarFile) execFileSync('tar', ['--extract', '--no-same-owner', '--no-same-permissions', '--file', tarFile, '--directory', unpacked]);
    const wanted = new Set(named.filter(isFileKey));
    let notNamed = 0;
    for (const entry of readdirSync(unpacked)) {
      const full = path.join(unpacked, entry);
      if (!wanted.has(entry) || !statSync(full).isFile()) {
        rmSync(full, { recursive: true, force: true });
        notNamed += 1;
      } else chmodSync(full, 0o600);
    }
    const restoredKeys = new Set(storedFileKeys(unpacked));
    chmodSync(unpacked, 0o700);
    rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked, dir);
    return { restored: restoredKeys.size, missing: [...wanted].filter((key) => !restoredKeys.has(key)).sort(), notNamed };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
