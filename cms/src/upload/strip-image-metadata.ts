import type { Core } from '@strapi/strapi';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Editors upload phone photos that carry GPS coordinates in EXIF. Strapi 5.54's `optimize` re-encodes
 * the original with sharp (which drops metadata) only while "size optimization" or "auto-orientation"
 * is on in the Media Library settings, which any admin can switch off; it also has a branch that keeps
 * the untouched original when the re-encode is larger. In those cases the stored original still says
 * where the photo was taken. Responsive formats and the thumbnail are resized by sharp without
 * `keepMetadata`, so they are clean; the original is the one to guard.
 *
 * We wrap `optimize`: after Strapi's own step, any file that still carries EXIF, XMP or IPTC is
 * re-encoded once with `.rotate()` (applies the EXIF orientation, then drops all metadata).
 * tests/integration/uploaded-images.integration.test.ts fails without this wrapper.
 */
interface UploadFile {
  hash: string;
  filepath?: string;
  tmpWorkingDirectory?: string;
  getStream: () => NodeJS.ReadableStream;
  width?: number;
  height?: number;
  size?: number;
  sizeInBytes?: number;
  [key: string]: unknown;
}

type Optimize = (file: UploadFile) => Promise<UploadFile>;

/** Formats sharp can write back in place; anything else (SVG, GIF) has no EXIF block to strip. */
type Reencodable = 'jpeg' | 'png' | 'webp' | 'tiff' | 'heif';
const REENCODABLE = new Set<string>(['jpeg', 'png', 'webp', 'tiff', 'heif']);

export async function carriesPrivateMetadata(filepath: string): Promise<boolean> {
  const meta = await sharp(filepath).metadata();
  return Boolean(meta.exif || meta.xmp || meta.iptc);
}

export async function stripMetadata(file: UploadFile): Promise<UploadFile> {
  if (!file.filepath) return file;
  const meta = await sharp(file.filepath).metadata();
  if (!meta.format || !REENCODABLE.has(meta.format)) return file;
  const format = meta.format as Reencodable;
  if (!meta.exif && !meta.xmp && !meta.iptc) return file;

  const target = path.join(file.tmpWorkingDirectory ?? path.dirname(file.filepath), `stripped-${file.hash}`);
  // High quality: this is the editor's master copy, not what the site shows.
  const info = await sharp(file.filepath)
    .rotate()
    .toFormat(format, { quality: 90 })
    .toFile(target);
  return {
    ...file,
    filepath: target,
    getStream: () => fs.createReadStream(target),
    width: info.width,
    height: info.height,
    size: Math.round((info.size / 1000) * 100) / 100,
    sizeInBytes: info.size,
  };
}

export function stripMetadataOnUpload(strapi: Core.Strapi): void {
  // A plain object shared by every caller: upload.js looks `optimize` up on it at each upload.
  const service = strapi.plugin('upload').service('image-manipulation') as { optimize: Optimize };
  const optimize = service.optimize;
  service.optimize = async (file) => stripMetadata(await optimize(file));
}

/** Media-library settings live in the plugin store, not in config: enforce ours at every boot. */
export async function applyUploadSettings(strapi: Core.Strapi): Promise<void> {
  const upload = strapi.plugin('upload').service('upload') as {
    getSettings(): Promise<Record<string, unknown> | null>;
    setSettings(value: Record<string, unknown>): Promise<unknown>;
  };
  const current = (await upload.getSettings()) ?? {};
  const wanted = { sizeOptimization: true, responsiveDimensions: true, autoOrientation: true, aiMetadata: false };
  if (Object.entries(wanted).every(([key, value]) => current[key] === value)) return;
  await upload.setSettings({ ...current, ...wanted });
}
