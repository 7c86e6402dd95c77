import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { IMAGE_DISPLAY_WIDTH } from '@passerelle/shared';

/**
 * Turns one stored image into the three files a `<picture>` needs (AVIF, WebP, JPEG fallback), at
 * most the display width, each within the per-image budget. Results are cached on disk under the
 * source's content hash, so a rebuild re-encodes nothing that did not change.
 */

/** What one image may add to a detail page, for whichever format the browser picks. */
export const IMAGE_BUDGET_BYTES = 35 * 1024;

export type MediaFormat = 'avif' | 'webp' | 'jpeg';
export const MEDIA_EXTENSIONS: Record<MediaFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };

/**
 * Qualities tried in order until the file fits the budget. The first ones look like a photo at
 * 500 px; the last ones only serve unusually detailed pictures (grain, foliage).
 */
const QUALITY_LADDERS: Record<MediaFormat, number[]> = {
  avif: [50, 40, 30, 22],
  webp: [72, 60, 48, 36, 26],
  jpeg: [72, 60, 48, 36, 26],
};

export interface EncodedImage {
  /** Content hash of the source bytes: the cache key. */
  hash: string;
  width: number;
  height: number;
  /** File names, the same in the cache and under `/media/` in the built site. */
  files: Record<MediaFormat, string>;
  /** Bytes of each file. */
  bytes: Record<MediaFormat, number>;
  /** True when every file came from the cache. */
  cached: boolean;
}

interface CacheRecord {
  width: number;
  height: number;
  files: Record<MediaFormat, string>;
  bytes: Record<MediaFormat, number>;
}

export function sourceHash(source: Buffer): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 20);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Write then rename: an interrupted build never leaves a half file under a final name. */
async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

function encoder(format: MediaFormat, quality: number): (image: Sharp) => Sharp {
  switch (format) {
    case 'avif':
      return (image) => image.avif({ quality, effort: 4 });
    case 'webp':
      return (image) => image.webp({ quality, effort: 4 });
    case 'jpeg':
      return (image) => image.jpeg({ quality, mozjpeg: true, progressive: true });
  }
}

async function encodeWithinBudget(resized: Sharp, format: MediaFormat): Promise<Buffer> {
  let encoded = Buffer.alloc(0);
  for (const quality of QUALITY_LADDERS[format]) {
    encoded = await encoder(format, quality)(resized.clone()).toBuffer();
    if (encoded.length <= IMAGE_BUDGET_BYTES) break;
  }
  // Over budget even at the lowest quality: still better than no picture; the budget test says so.
  return encoded;
}

export async function encodeImage(source: Buffer, cacheDir: string): Promise<EncodedImage> {
  const hash = sourceHash(source);
  const recordFile = path.join(cacheDir, `${hash}.json`);
  if (await exists(recordFile)) {
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as CacheRecord;
    const present = await Promise.all(Object.values(record.files).map((name) => exists(path.join(cacheDir, name))));
    if (present.every(Boolean)) return { hash, ...record, cached: true };
  }

  await mkdir(cacheDir, { recursive: true });
  // `.rotate()` applies EXIF orientation; sharp writes no metadata unless asked, so none leaks here.
  const base = sharp(source, { failOn: 'error' }).rotate();
  const resized = base.resize({ width: IMAGE_DISPLAY_WIDTH, withoutEnlargement: true });
  const { info } = await resized.clone().raw().toBuffer({ resolveWithObject: true });
  const files = {} as Record<MediaFormat, string>;
  const bytes = {} as Record<MediaFormat, number>;
  for (const format of Object.keys(MEDIA_EXTENSIONS) as MediaFormat[]) {
    const encoded = await encodeWithinBudget(resized, format);
    const name = `${hash}-${info.width}.${MEDIA_EXTENSIONS[format]}`;
    await writeAtomically(path.join(cacheDir, name), encoded);
    files[format] = name;
    bytes[format] = encoded.length;
  }
  const record: CacheRecord = { width: info.width, height: info.height, files, bytes };
  // The record last: its presence means every file above is complete.
  await writeAtomically(recordFile, JSON.stringify(record));
  return { hash, ...record, cached: false };
}
