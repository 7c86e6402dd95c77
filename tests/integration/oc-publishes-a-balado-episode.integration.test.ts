import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podcastAudio } from '@passerelle/shared/content';
import { aValidDocument } from '@passerelle/shared/testing';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * An OC uploads an episode's recording: the CMS (real Strapi, Debian's ffmpeg) refuses what is not
 * usable audio with a French message and leaves nothing behind, and otherwise makes a low-data and
 * a standard version, both mono, loudness-normalised to the spoken-podcast target, and a phone
 * version (MP3 at telephone quality) for the phone line's <Play>. Publishing needs the transcript.
 */
const EPISODE = 'api::episode.episode';
let app: StartedStrapi;
let strapi: Strapi;
let workDir: string;

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args]);

/**
 * Speech-like: a voice's harmonics (140 Hz and up), opened and closed at a syllable rate and swelling
 * like sentences; stereo and quiet (about −32 LUFS). Pink noise would not do: a 32 kbps AAC encoder
 * fills noise in, and the low-data version of noise measures louder than what went in.
 */
function speechLike(file: string, seconds: number) {
  const voice = '(0.06*sin(2*PI*140*t)+0.04*sin(2*PI*280*t)+0.03*sin(2*PI*560*t)+0.02*sin(2*PI*1120*t)+0.01*sin(2*PI*2300*t))';
  const envelope = '(0.2+0.8*abs(sin(2*PI*2.5*t)))*(0.6+0.4*sin(2*PI*0.2*t))';
  ffmpeg('-f', 'lavfi', '-i', `aevalsrc='${voice}*${envelope}':s=44100:d=${seconds}`, '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', file);
  return file;
}

function probe(file: string) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' });
  const parsed = JSON.parse(out) as { format: { duration: string; bit_rate: string }; streams: Array<{ codec_type: string; codec_name: string; channels: number; sample_rate: string }> };
  const audio = parsed.streams.find((s) => s.codec_type === 'audio')!;
  return { seconds: Number(parsed.format.duration), bitRate: Number(parsed.format.bit_rate), codec: audio.codec_name, channels: audio.channels, sampleRate: Number(audio.sample_rate) };
}

/** Integrated loudness (EBU R128) as ffmpeg's ebur128 filter measures it: the summary (stderr); per-frame lines only at verbose. */
function loudnessOf(file: string): number {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-nostats', '-i', file, '-af', 'ebur128=framelog=verbose', '-f', 'null', '-'], { encoding: 'utf8' });
  const match = /I:\s*(-?\d+(?:\.\d+)?) LUFS/.exec(run.stderr);
  if (!match) throw new Error(`no loudness in: ${run.stderr.slice(-500)}`);
  return Number(match[1]);
}

const stored = (url: string) => path.join(strapi.dirs.static.public, url);

async function upload(file: string, mimetype = 'audio/mpeg'): Promise<{ id: number; url: string }> {
  const name = path.basename(file);
  const [uploaded] = await strapi.plugin('upload').service('upload').upload({
    data: { fileInfo: { name } },
    files: { filepath: file, originalFilename: name, mimetype, size: statSync(file).size },
  });
  return uploaded;
}

const fileCount = (): Promise<number> => strapi.db.query('plugin::upload.file').count();
const episodes = () => strapi.documents(EPISODE);

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the write to be refused');
}

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
  workDir = mkdtempSync(path.join(tmpdir(), 'passerelle-balado-test-'));
});

afterAll(async () => {
  await app?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('bad audio is refused, in French, with nothing left behind', () => {
  async function expectRefused(file: string, message: RegExp, mimetype?: string) {
    const source = await upload(file, mimetype);
    const before = await fileCount();
    const draft = aValidDocument(EPISODE, 'Épisode refusé');
    const error = await rejection(episodes().create({ locale: 'fr', data: { ...draft, audio: source.id } }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(message);
    expect(await fileCount(), 'no version was left in the media library').toBe(before);
    expect(await strapi.db.query(EPISODE).count({ where: { slug: draft.slug } })).toBe(0);
  }

  it('a text file renamed .mp3', async () => {
    const file = path.join(workDir, 'pas-un-son.mp3');
    writeFileSync(file, 'Ordre du jour de l’assemblée\n1. Accueil\n2. Le loyer\n');
    await expectRefused(file, /n’est pas un son/);
  });

  it('a recording cut short (its header announces more than it holds)', async () => {
    const whole = speechLike(path.join(workDir, 'entier.mp3'), 60);
    const cut = path.join(workDir, 'coupe.mp3');
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    await expectRefused(cut, /abîmé ou incomplet/);
  });

  it('an MP4 whose end is missing (no index)', async () => {
    const whole = path.join(workDir, 'entier.m4a');
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=300:duration=20', '-c:a', 'aac', whole);
    const cut = path.join(workDir, 'coupe.m4a');
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.5)));
    await expectRefused(cut, /abîmé ou incomplet|n’est pas un son/, 'audio/mp4');
  });

  // Just past the limit, and a whole two-hour recording (a meeting recorded from start to end).
  for (const minutes of [91, 120]) {
    it(`a recording of ${minutes} minutes (90 at most)`, async () => {
      const long = path.join(workDir, `trop-long-${minutes}.mp3`);
      // Silence at 8 kHz, 8 kbps: 91 minutes in 5 MB and two seconds of CPU; two hours in 7 MB.
      ffmpeg('-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', String(minutes * 60), '-c:a', 'libmp3lame', '-b:a', '8k', long);
      await expectRefused(long, new RegExp(`dure ${minutes} minutes : 90 minutes au plus`));
    });
  }
});

describe('a usable recording', () => {
  let documentId: string;
  let source: { id: number; url: string };
  let sourceSeconds: number;

  it('gets a low-data and a standard version, mono, at the loudness target', async () => {
    const file = speechLike(path.join(workDir, 'episode-1.mp3'), 90);
    sourceSeconds = probe(file).seconds;
    expect(loudnessOf(file), 'the recording starts far from the target').toBeLessThan(podcastAudio.loudnessLufs - 6);
    source = await upload(file);
    const draft = aValidDocument(EPISODE, 'Mobiliser sans Facebook');
    delete draft.transcript;
    const created = await episodes().create({ locale: 'fr', data: { ...draft, audio: source.id }, populate: ['lowDataAudio', 'standardAudio', 'phoneAudio'] });
    documentId = created.documentId;
    expect(created.lowDataAudio).toBeTruthy();
    expect(created.standardAudio).toBeTruthy();
    expect(created.phoneAudio).toBeTruthy();

    const low = probe(stored(created.lowDataAudio.url));
    expect(low.codec).toBe('aac');
    expect(low.channels).toBe(1);
    expect(low.sampleRate).toBe(podcastAudio.lowData.sampleRate);
    expect(low.bitRate / 1000).toBeGreaterThan(podcastAudio.lowData.bitrateKbps * 0.8);
    expect(low.bitRate / 1000).toBeLessThan(podcastAudio.lowData.bitrateKbps * 1.15);
    expect(Math.abs(low.seconds - sourceSeconds)).toBeLessThan(0.5);
    expect(Math.abs(Number(created.durationSeconds) - sourceSeconds)).toBeLessThan(0.5);

    const standard = probe(stored(created.standardAudio.url));
    expect(standard.codec).toBe('mp3');
    expect(standard.channels).toBe(1);
    expect(standard.sampleRate).toBe(podcastAudio.standard.sampleRate);
    expect(standard.bitRate / 1000).toBeGreaterThan(podcastAudio.standard.bitrateKbps * 0.8);
    expect(standard.bitRate / 1000).toBeLessThan(podcastAudio.standard.bitrateKbps * 1.15);
    expect(Math.abs(standard.seconds - sourceSeconds)).toBeLessThan(0.5);

    // The phone line's version: MP3 (what Twilio's and Telnyx's <Play> take), mono, telephone quality.
    const phone = probe(stored(created.phoneAudio.url));
    expect(phone.codec).toBe('mp3');
    expect(phone.channels).toBe(1);
    expect(phone.sampleRate).toBe(podcastAudio.phone.sampleRate);
    expect(phone.sampleRate).toBeGreaterThanOrEqual(8_000);
    expect(phone.sampleRate).toBeLessThanOrEqual(16_000);
    expect(phone.bitRate / 1000).toBeGreaterThan(podcastAudio.phone.bitrateKbps * 0.8);
    expect(phone.bitRate / 1000).toBeLessThan(podcastAudio.phone.bitrateKbps * 1.15);
    expect(Math.abs(phone.seconds - sourceSeconds)).toBeLessThan(0.5);
    expect(created.phoneAudio.mime).toBe('audio/mpeg');
    expect(created.phoneAudio.url).toMatch(/telephone_?[0-9a-f]*\.mp3$/);

    for (const version of [created.lowDataAudio.url, created.standardAudio.url, created.phoneAudio.url]) {
      expect(Math.abs(loudnessOf(stored(version)) - podcastAudio.loudnessLufs), `${version} loudness`).toBeLessThanOrEqual(1);
    }

    // Old phones on metered data: a 30-minute episode at the measured rate fits in 8 MB.
    const bytesPerSecond = statSync(stored(created.lowDataAudio.url)).size / low.seconds;
    expect(bytesPerSecond * 1800).toBeLessThanOrEqual(8_000_000);
    expect(created.lowDataAudio.mime).toBe(podcastAudio.lowData.mime);
  });

  it('is not published without its transcript, and the message says why', async () => {
    const error = await rejection(episodes().publish({ documentId, locale: 'fr' }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/Ajoutez la transcription complète avant de publier/);
    expect(await strapi.db.query(EPISODE).count({ where: { documentId, publishedAt: { $notNull: true } } })).toBe(0);
  });

  it('saving again without a new file keeps the same versions (no second transcode)', async () => {
    const before = await fileCount();
    const updated = await episodes().update({ documentId, locale: 'fr', data: { transcript: 'Julie : Bonjour.\n\nSamira : On s’organise par texto.', audio: source.id }, populate: ['lowDataAudio'] });
    expect(await fileCount()).toBe(before);
    expect(updated.lowDataAudio).toBeTruthy();
  });

  it('with the transcript, it is published', async () => {
    await episodes().publish({ documentId, locale: 'fr' });
    const published = await episodes().findOne({ documentId, locale: 'fr', status: 'published', populate: ['lowDataAudio', 'standardAudio'] });
    expect(published.transcript).toMatch(/texto/);
    expect(published.lowDataAudio.url).toMatch(/\.m4a$/);
  });

  it('a client cannot point the versions at another file', async () => {
    const other = await upload(speechLike(path.join(workDir, 'autre.mp3'), 12));
    const updated = await episodes().update({ documentId, locale: 'fr', data: { lowDataAudio: other.id, phoneAudio: other.id }, populate: ['lowDataAudio', 'phoneAudio'] });
    expect(updated.lowDataAudio.id).not.toBe(other.id);
    expect(updated.phoneAudio.id).not.toBe(other.id);
  });
});
