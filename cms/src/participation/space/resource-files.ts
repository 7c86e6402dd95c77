import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import sharp from 'sharp';
import { cmsConfig } from '../../config';
import { scanUpload } from './antivirus';
import { stripDocument } from './document-strip';
import { documentKinds, sniffDocument, type DocumentKind } from './file-sniff';

/**
 * The private store of documents uploaded to shared resources: one folder (SPACE_FILES_DIR), never
 * under the public folder Strapi serves, files named by 32 random hex digits. A file is read only
 * through the signed-in download route, after the same visibility rule as its resource's page.
 * See docs/decisions/0048-uploaded-documents-in-shared-resources.md.
 */
export const spaceUploadMaxBytes = () => cmsConfig().participation.SPACE_UPLOAD_MAX_BYTES;
/** How many bytes of documents one member, and one table, may keep (decision 0053). */
export const spaceUploadQuotas = () => ({ member: cmsConfig().participation.SPACE_UPLOAD_QUOTA_MEMBER_BYTES, table: cmsConfig().participation.SPACE_UPLOAD_QUOTA_TABLE_BYTES });

export function spaceFilesDir(strapi: Core.Strapi): string {
  return path.resolve(strapi.dirs.app.root, cmsConfig().participation.SPACE_FILES_DIR);
}

/** Where a multipart body's file is written while it arrives, inside the store (never in a shared temporary folder). */
export async function incomingDir(strapi: Core.Strapi): Promise<string> {
  const dir = path.join(spaceFilesDir(strapi), 'incoming');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

const fileKeyPattern = /^[0-9a-f]{32}$/;
export const isFileKey = (value: unknown): value is string => typeof value === 'string' && fileKeyPattern.test(value);

/** A stored file's path from its key; only a key of the exact form ever becomes a path. */
function storedPath(strapi: Core.Strapi, key: string): string {
  if (!isFileKey(key)) throw new Error('space file: not a file key');
  return path.join(spaceFilesDir(strapi), key);
}

/**
 * The original name as display text only: no folders, no control or bidirectional characters,
 * nothing a shell or a header could read as syntax, at most 120 characters; the extension is the
 * one of the type found in the bytes. Never used as a path.
 */
export function displayFileName(original: string, kind: DocumentKind): string {
  const base = (original.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/["<>:*?|;`$%]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  const stem = base.replace(/\.[^.]{1,8}$/, '').slice(0, 100).trim() || 'document';
  return `${stem}.${documentKinds[kind].extension}`;
}

/** An ASCII-only version of a display name, for the header's plain `filename=`. */
export const asciiFileName = (name: string) => name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'document';

export type FileRefusal = 'unknown' | 'active' | 'empty' | 'infected' | 'unscanned' | 'unstrippable';
export type AcceptedFile = { ok: true; key: string; kind: DocumentKind; size: number; name: string } | { ok: false; reason: FileRefusal };

/** Pixels an image may have: a 10 MB PNG can declare billions (a decompression bomb). */
const maxImagePixels = 40_000_000;

/**
 * Checks an incoming file and, when it is one we take, keeps it under a new random name: images
 * re-encoded by sharp (which writes no metadata: EXIF, GPS, XMP, ICC comments are gone; the EXIF
 * orientation is applied first), PDFs and office files rewritten without their metadata
 * (document-strip.ts; the active-content check and the antivirus read the bytes as sent, before).
 * A file that cannot be rewritten is refused, never kept as sent. With a clamd configured, a file
 * it finds infected, or cannot scan, is refused. The incoming file is always removed.
 */
export async function acceptIncomingFile(strapi: Core.Strapi, incoming: string, originalName: string): Promise<AcceptedFile> {
  try {
    const bytes = await readFile(incoming);
    if (bytes.length === 0) return { ok: false, reason: 'empty' };
    const sniffed = sniffDocument(bytes);
    if (!sniffed.ok) return sniffed;
    // The bytes as the member sent them, before anything is kept or rewritten (decision 0058).
    const scan = await scanUpload(strapi, bytes);
    if (scan === 'infected') return { ok: false, reason: 'infected' };
    if (scan === 'unavailable') return { ok: false, reason: 'unscanned' };
    const key = randomBytes(16).toString('hex');
    const target = storedPath(strapi, key);
    if (sniffed.kind === 'png' || sniffed.kind === 'jpeg' || sniffed.kind === 'webp') {
      let output: Buffer;
      try {
        const image = sharp(bytes, { limitInputPixels: maxImagePixels, failOn: 'error' }).rotate();
        output = await (sniffed.kind === 'png' ? image.png() : sniffed.kind === 'jpeg' ? image.jpeg({ quality: 90 }) : image.webp({ quality: 90 })).toBuffer();
      } catch {
        return { ok: false, reason: 'unknown' };
      }
      await writeFile(target, output, { mode: 0o600, flag: 'wx' });
      return { ok: true, key, kind: sniffed.kind, size: output.length, name: displayFileName(originalName, sniffed.kind) };
    }
    const stripped = await stripDocument(bytes, sniffed.kind, { qpdf: cmsConfig().participation.QPDF_PATH, workDir: path.dirname(incoming), maxBytes: spaceUploadMaxBytes() });
    if (!stripped.ok) return stripped;
    await writeFile(target, stripped.bytes, { mode: 0o600, flag: 'wx' });
    return { ok: true, key, kind: sniffed.kind, size: stripped.bytes.length, name: displayFileName(originalName, sniffed.kind) };
  } finally {
    await rm(incoming, { force: true });
  }
}

/** A stored file to stream, with its size, or null when it is missing. */
export async function openStoredFile(strapi: Core.Strapi, key: string): Promise<{ size: number; stream: () => NodeJS.ReadableStream } | null> {
  if (!isFileKey(key)) return null;
  const file = storedPath(strapi, key);
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : null),
    () => null,
  );
  return size === null ? null : { size, stream: () => createReadStream(file) };
}

/** Removes a stored file; a file already gone is not an error. */
export async function removeStoredFile(strapi: Core.Strapi, key: string | null | undefined): Promise<void> {
  if (!isFileKey(key)) return;
  try {
    await rm(storedPath(strapi, key), { force: true });
  } catch (error) {
    strapi.log.warn(`[space] could not remove a resource's file: ${(error as Error).message}`);
  }
}
