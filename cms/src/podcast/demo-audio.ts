import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { cmsConfig } from '../config';
import type { UploadedFile } from './episode-audio';

/**
 * Real audio for a demo episode, made at seed time: espeak-ng reads the start of the French
 * transcript, padded with silence to the entry's length; without espeak-ng, a soft tone. The file is
 * uploaded as an editor's would be, and the episode's save transcodes it like any other.
 */
function run(program: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

export async function uploadDemoEpisodeAudio(strapi: Core.Strapi, slug: string, transcript: string, seconds: number): Promise<UploadedFile> {
  const { FFMPEG_PATH } = cmsConfig().podcast;
  const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-demo-audio-'));
  try {
    const speech = path.join(dir, 'speech.wav');
    const filename = `${slug}.wav`;
    const filepath = path.join(dir, filename);
    // The first 600 characters: enough to hear, short enough to speak in a few seconds of CPU.
    const spoken = await run('espeak-ng', ['-v', 'fr', '-s', '150', '-w', speech, transcript.slice(0, 600)]);
    const input = spoken ? ['-i', speech] : ['-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=22050,volume=0.2'];
    const made = await run(FFMPEG_PATH, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...input, '-af', `apad=whole_dur=${seconds}`, '-t', String(seconds), '-ac', '1', '-ar', '22050', filepath]);
    if (!made) throw new Error('ffmpeg could not make the demo episode audio (is ffmpeg installed?)');
    const { size } = await stat(filepath);
    const [file] = (await strapi
      .plugin('upload')
      .service('upload')
      .upload({ data: { fileInfo: { name: filename, caption: 'Son de démonstration (voix de synthèse)' } }, files: { filepath, originalFilename: filename, mimetype: 'audio/wav', size } })) as UploadedFile[];
    if (!file) throw new Error('the upload service returned no file');
    return file;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
