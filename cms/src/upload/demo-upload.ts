import type { Core } from '@strapi/strapi';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoPhotoJpeg } from './demo-photo';

/**
 * Uploads a generated phone-sized photo through Strapi's own upload service, so demo images take the
 * exact path an editor's photo takes (formats, optimization, metadata stripping).
 */
export async function uploadDemoPhoto(strapi: Core.Strapi, photoSeed: number, name: string): Promise<{ id: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-demo-photo-'));
  try {
    const filename = `${name}.jpg`;
    const filepath = path.join(dir, filename);
    const photo = await demoPhotoJpeg({ seed: photoSeed });
    await writeFile(filepath, photo);
    const [file] = (await strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: { fileInfo: { name: filename } },
        files: { filepath, originalFilename: filename, mimetype: 'image/jpeg', size: photo.length },
      })) as Array<{ id: number }>;
    if (!file) throw new Error('the upload service returned no file');
    return file;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
