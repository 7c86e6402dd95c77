/**
 * One backup is one folder: the database dump, `uploads.tar`, `space-files.tar` (the practitioners'
 * space's private documents; absent from backups made before it was saved) and `manifest.json`
 * (when, which database, Strapi's schema marker, and a SHA-256 of each file). A restore checks every checksum
 * before it touches anything.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cmsRequire } from './settings.mjs';

/** @type {typeof import('zod')} */
const { z } = cmsRequire('zod');

export const manifestName = 'manifest.json';
export const uploadsFile = 'uploads.tar';
export const spaceFilesFile = 'space-files.tar';
export const dumpFileFor = (/** @type {'sqlite' | 'postgres'} */ kind) => (kind === 'sqlite' ? 'database.sqlite' : 'database.pgdump');

const fileName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'a plain file name in the archive folder');
export const manifestSchema = z.object({
  format: z.literal('passerelle-backup/1'),
  createdAt: z.string().datetime(),
  database: z.enum(['sqlite', 'postgres']),
  strapiVersion: z.string(),
  schemaHash: z.string().nullable(),
  lastMigration: z.string().nullable(),
  uploads: z.number().int().min(0),
  /** The space's documents saved, and those the database named but the folder lacked (absent: a backup made before they were saved). */
  spaceFiles: z.number().int().min(0).optional(),
  spaceFilesMissing: z.array(z.string().regex(/^[0-9a-f]{32}$/)).optional(),
  files: z.record(fileName, z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) })),
});
/** @typedef {import('zod').infer<typeof manifestSchema>} Manifest */

export async function sha256File(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

export async function describeFiles(dir, names) {
  const files = {};
  for (const name of names) {
    const full = path.join(dir, name);
    files[name] = { sha256: await sha256File(full), bytes: statSync(full).size };
  }
  return files;
}

export function writeManifest(dir, /** @type {Manifest} */ manifest) {
  writeFileSync(path.join(dir, manifestName), `${JSON.stringify(manifestSchema.parse(manifest), null, 2)}\n`);
}

export class ArchiveError extends Error {
  name = 'ArchiveError';
}

/** The manifest, once every file it lists is present with its checksum, and the files a restore needs are listed. */
export async function readVerifiedManifest(dir) {
  const manifestFile = path.join(dir, manifestName);
  if (!existsSync(manifestFile)) throw new ArchiveError(`${dir} is not a backup: no ${manifestName}`);
  let raw;
  try {
    raw = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (error) {
    throw new ArchiveError(`${manifestName} is not valid JSON`, { cause: error });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ArchiveError(`${manifestName} is not a Passerelle backup manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const manifest = parsed.data;
  const required = [dumpFileFor(manifest.database), uploadsFile, ...(manifest.spaceFiles === undefined ? [] : [spaceFilesFile])];
  for (const needed of required) {
    if (!manifest.files[needed]) throw new ArchiveError(`${manifestName} does not list ${needed}`);
  }
  const problems = [];
  for (const [name, expected] of Object.entries(manifest.files)) {
    const full = path.join(dir, name);
    if (!existsSync(full)) problems.push(`${name} is missing`);
    else if ((await sha256File(full)) !== expected.sha256) problems.push(`${name} does not match its checksum`);
  }
  if (problems.length > 0) throw new ArchiveError(`the backup is damaged or was changed: ${problems.join('; ')}`);
  return manifest;
}
