import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPhotoJpeg } from '../../cms/src/upload/demo-photo.ts';
import { resetSiteBuildConfig } from '../../site/src/config.ts';
import { encodeImage, IMAGE_BUDGET_BYTES } from '../../site/src/lib/media/encode.ts';
import { resetMediaRegistry } from '../../site/src/lib/media/registry.ts';
import { responsiveImage } from '../../site/src/lib/media/responsive-image.ts';

/**
 * The site's image pipeline: one stored image → AVIF, WebP and JPEG at ≤ 500 px, each within the
 * 35 KB a detail page may spend on its picture, cached by content hash across builds.
 */
let cacheDir: string;
let phonePhoto: Buffer;

beforeAll(async () => {
  cacheDir = mkdtempSync(path.join(tmpdir(), 'passerelle-media-'));
  // A phone-sized, grainy photo with GPS EXIF: the hard case for both size and privacy.
  phonePhoto = await demoPhotoJpeg({ seed: 11 });
}, 60_000);

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('encodeImage', () => {
  it('makes AVIF, WebP and JPEG at 500 px, within budget, without metadata', { timeout: 60_000 }, async () => {
    const encoded = await encodeImage(phonePhoto, cacheDir);
    expect(encoded.cached).toBe(false);
    expect(encoded.width).toBe(500);
    expect(encoded.height).toBe(333);
    const expectedFormat = { avif: 'heif', webp: 'webp', jpeg: 'jpeg' } as const;
    for (const [format, name] of Object.entries(encoded.files) as [keyof typeof expectedFormat, string][]) {
      const file = path.join(cacheDir, name);
      const meta = await sharp(file).metadata();
      expect(meta.format, name).toBe(expectedFormat[format]);
      expect(meta.width, name).toBe(500);
      expect(meta.exif, `${name} carries EXIF`).toBeUndefined();
      expect(statSync(file).size, `${name} over budget`).toBeLessThanOrEqual(IMAGE_BUDGET_BYTES);
      expect(encoded.bytes[format]).toBe(statSync(file).size);
    }
    expect(encoded.files.avif).toMatch(/^[a-f0-9]{20}-500\.avif$/);
  });

  it('finds everything in the cache on the next build, without re-encoding', async () => {
    const first = await encodeImage(phonePhoto, cacheDir);
    const mtimes = Object.values(first.files).map((name) => statSync(path.join(cacheDir, name)).mtimeMs);
    const second = await encodeImage(phonePhoto, cacheDir);
    expect(second.cached).toBe(true);
    expect(second.files).toEqual(first.files);
    expect(Object.values(second.files).map((name) => statSync(path.join(cacheDir, name)).mtimeMs)).toEqual(mtimes);
  });

  it('re-encodes when a cached file went missing', async () => {
    const first = await encodeImage(phonePhoto, cacheDir);
    rmSync(path.join(cacheDir, first.files.webp));
    const again = await encodeImage(phonePhoto, cacheDir);
    expect(again.cached).toBe(false);
    expect(statSync(path.join(cacheDir, again.files.webp)).size).toBeGreaterThan(0);
  }, 60_000);

  it('never enlarges a small image', async () => {
    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3a6' } }).jpeg().toBuffer();
    const encoded = await encodeImage(small, cacheDir);
    expect([encoded.width, encoded.height]).toEqual([300, 200]);
  });
});

describe('responsiveImage (what a page renders)', () => {
  let server: Server;
  let requests = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests += 1;
      if (req.url === '/uploads/small_photo.jpg') res.end(phonePhoto);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.CMS_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    resetSiteBuildConfig();
  });
  afterAll(async () => {
    delete process.env.CMS_URL;
    resetSiteBuildConfig();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers local /media/ URLs, records the files for the build output, and fetches once per build', async () => {
    const registry = resetMediaRegistry(cacheDir);
    const image = { source: { url: '/uploads/small_photo.jpg', width: 500, height: 333 }, alt: 'Un jardin communautaire' };
    const [fr, en] = await Promise.all([responsiveImage(image), responsiveImage(image)]);
    expect(en).toEqual(fr);
    expect(requests).toBe(1);
    expect(fr).toMatchObject({ width: 500, height: 333, alt: 'Un jardin communautaire' });
    expect(fr?.avif).toMatch(/^\/media\/[a-f0-9]+-500\.avif$/);
    expect(fr?.jpeg).toMatch(/^\/media\/[a-f0-9]+-500\.jpg$/);
    expect([...registry.used].map((name) => `/media/${name}`).sort()).toEqual([fr?.avif, fr?.jpeg, fr?.webp].sort());
    expect(readFileSync(path.join(cacheDir, path.basename(fr!.webp))).subarray(8, 12).toString()).toBe('WEBP');
  });

  it('leaves out an image the CMS cannot serve instead of failing the build', async () => {
    resetMediaRegistry(cacheDir);
    const missing = await responsiveImage({ source: { url: '/uploads/gone.jpg', width: 500, height: 333 }, alt: 'x' });
    expect(missing).toBeNull();
  });
});
