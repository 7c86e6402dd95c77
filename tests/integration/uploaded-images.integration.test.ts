import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPhotoJpeg } from '../../cms/src/upload/demo-photo.ts';
import { api, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * An editor's phone photo (3000×2000, GPS in EXIF) goes through Strapi's upload service: the
 * responsive formats the site uses exist, and no stored file, the original included, says where the
 * photo was taken.
 */
let app: StartedStrapi;
let strapi: Strapi;
let workDir: string;

const ADMIN = { email: 'oc.images@example.org', password: 'Test-admin-2026!' };

beforeAll(async () => {
  app = await startStrapi({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  strapi = app.strapi;
  workDir = mkdtempSync(path.join(tmpdir(), 'passerelle-upload-'));
});

afterAll(async () => {
  delete process.env.ADMIN_EMAIL;
  delete process.env.ADMIN_PASSWORD;
  await app?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface StoredFile {
  id: number;
  url: string;
  width: number;
  height: number;
  size: number;
  formats: Record<string, { url: string; width: number; height: number; size: number }> | null;
}

async function uploadPhoto(name: string, photo: Buffer): Promise<StoredFile> {
  const filepath = path.join(workDir, name);
  writeFileSync(filepath, photo);
  const [file] = await strapi.plugin('upload').service('upload').upload({
    data: { fileInfo: { name, alternativeText: 'Photo de démonstration' } },
    files: { filepath, originalFilename: name, mimetype: 'image/jpeg', size: photo.length },
  });
  return file as StoredFile;
}

/** Local provider: `/uploads/x.jpg` lives in the app's public dir. */
const storedPath = (url: string) => path.join(strapi.dirs.static.public, url);

async function expectNoMetadata(url: string) {
  const meta = await sharp(storedPath(url)).metadata();
  expect(meta.exif, `${url} still carries EXIF`).toBeUndefined();
  expect(meta.xmp, `${url} still carries XMP`).toBeUndefined();
  expect(meta.iptc, `${url} still carries IPTC`).toBeUndefined();
}

describe('uploaded images', () => {
  const uploaded: StoredFile[] = [];
  afterAll(async () => {
    for (const file of uploaded) await strapi.plugin('upload').service('upload').remove(file);
  });

  it('the test photo really carries GPS EXIF (otherwise the checks below prove nothing)', async () => {
    const meta = await sharp(await demoPhotoJpeg({ seed: 7 })).metadata();
    expect(meta.width).toBe(3000);
    // Tag 0x8825 (GPSInfo), little-endian as the "II" header says: the pointer to the GPS directory.
    expect(meta.exif?.subarray(6, 8).toString('latin1')).toBe('II');
    expect(meta.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
  });

  it('makes the 500 px and 320 px formats and strips EXIF from the original and every format', async () => {
    const file = await uploadPhoto('phone-photo.jpg', await demoPhotoJpeg({ seed: 7 }));
    uploaded.push(file);
    expect(file.width).toBe(3000);
    expect(file.height).toBe(2000);
    expect(file.formats?.small?.width).toBe(500);
    expect(file.formats?.xsmall?.width).toBe(320);
    expect(Object.keys(file.formats ?? {}).sort()).toEqual(['small', 'thumbnail', 'xsmall']);
    await expectNoMetadata(file.url);
    for (const format of Object.values(file.formats ?? {})) await expectNoMetadata(format.url);
  });

  it('strips EXIF even when an admin turned size optimization and auto-orientation off', async () => {
    // With both settings off, Strapi 5.54's `optimize` hands the original back untouched, EXIF and all.
    const upload = strapi.plugin('upload').service('upload');
    const settings = await upload.getSettings();
    await upload.setSettings({ ...settings, sizeOptimization: false, autoOrientation: false });
    try {
      const file = await uploadPhoto('unoptimized.jpg', await demoPhotoJpeg({ seed: 8, width: 1200, height: 800 }));
      uploaded.push(file);
      await expectNoMetadata(file.url);
      for (const format of Object.values(file.formats ?? {})) await expectNoMetadata(format.url);
    } finally {
      await upload.setSettings(settings);
    }
  });

  it('through the admin upload API (what the admin panel sends): formats made, metadata gone', async () => {
    const login = await api(app.baseUrl, '/admin/login', { body: ADMIN });
    expect(login.status).toBe(200);
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await demoPhotoJpeg({ seed: 9 }))], { type: 'image/jpeg' }), 'depuis-le-telephone.jpg');
    const response = await fetch(`${app.baseUrl}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${login.body.data.token}` },
      body: form,
    });
    expect(response.status).toBe(201);
    const [file] = (await response.json()) as StoredFile[];
    uploaded.push(file!);
    expect(file!.formats?.small?.width).toBe(500);
    await expectNoMetadata(file!.url);
    for (const format of Object.values(file!.formats ?? {})) await expectNoMetadata(format.url);

    // An SVG can carry scripts and has nothing to resize: refused, whatever it claims to be.
    const svg = new FormData();
    svg.append('files', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: 'image/svg+xml' }), 'logo.svg');
    const refused = await fetch(`${app.baseUrl}/upload`, { method: 'POST', headers: { authorization: `Bearer ${login.body.data.token}` }, body: svg });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(await refused.json())).toMatch(/not allowed|allowed types/i);
    expect(refused.status).toBeLessThan(500);
  });

  it('keeps the 500 px format small enough to start from', async () => {
    const file = uploaded[0]!;
    // Strapi stores sizes in KB.
    expect(file.formats?.small?.size).toBeLessThan(100);
  });
});
