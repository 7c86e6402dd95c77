import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { podcastAudio } from '@passerelle/shared/content';

/**
 * ffprobe and ffmpeg (Debian's 5.1) as the balado needs them: sniff an upload, measure its loudness
 * (EBU R128, first pass of `loudnorm`), then write both versions in one decode (second pass).
 * Nothing here touches Strapi: episode-audio.ts registers the files.
 */
export interface AudioTools {
  ffmpeg: string;
  ffprobe: string;
  maxSeconds: number;
}

/** Why a file was refused; episode-audio.ts words each one for editors. */
export type AudioProblem = 'notAudio' | 'corrupt' | 'tooLong' | 'tools';

export class AudioRefusal extends Error {
  constructor(
    readonly problem: AudioProblem,
    readonly detail: { seconds?: number } = {},
  ) {
    super(`audio refused: ${problem}`);
    this.name = 'AudioRefusal';
  }
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Logs are capped: a corrupt file can make ffmpeg print a line per broken frame.
const MAX_OUTPUT = 1_000_000;

function run(program: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the end: loudnorm prints its JSON last.
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_OUTPUT);
    });
    child.on('error', (error) => reject(Object.assign(new AudioRefusal('tools'), { cause: error })));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Whether a file ffprobe could not read at least starts like an audio file (then it is damaged,
 * not the wrong file): ID3, an MPEG audio frame, RIFF/WAVE, Ogg, FLAC, an MP4 box, CAF, AIFF.
 */
async function looksLikeAudio(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    const ascii = (from: number, to: number) => head.subarray(from, to).toString('latin1');
    return (
      ['ID3', 'fLa'].includes(ascii(0, 3)) ||
      ['RIFF', 'OggS', 'caff', 'FORM'].includes(ascii(0, 4)) ||
      ascii(4, 8) === 'ftyp' ||
      (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)
    );
  } finally {
    await handle.close();
  }
}

export interface Probe {
  seconds: number;
  codec: string;
  channels: number;
}

/**
 * What the file is, from its headers. Refuses a file with no audio stream (a text file renamed .mp3),
 * one ffprobe cannot read (a truncated MP4 has no `moov`), and one over the limit. Headers can lie
 * about the length: `transcode` checks the decoded length against this one.
 */
export async function probeAudio(tools: AudioTools, file: string): Promise<Probe> {
  const result = await run(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
  if (result.code !== 0) throw new AudioRefusal((await looksLikeAudio(file)) ? 'corrupt' : 'notAudio');
  let parsed: { format?: { duration?: string }; streams?: Array<{ codec_type?: string; codec_name?: string; channels?: number; duration?: string }> };
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new AudioRefusal('corrupt');
  }
  const audio = parsed.streams?.find((s) => s.codec_type === 'audio');
  if (!audio) throw new AudioRefusal('notAudio');
  const seconds = Number(parsed.format?.duration ?? audio.duration);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new AudioRefusal('corrupt');
  if (seconds > tools.maxSeconds) throw new AudioRefusal('tooLong', { seconds });
  return { seconds, codec: audio.codec_name ?? 'unknown', channels: audio.channels ?? 1 };
}

interface Loudness {
  input_i: string;
  input_tp: string;
  input_lra: string;
  input_thresh: string;
  target_offset: string;
}

const { loudnessLufs, truePeakDbtp, loudnessRange, lowData, standard, phone } = podcastAudio;
const target = `I=${loudnessLufs}:TP=${truePeakDbtp}:LRA=${loudnessRange}`;
// Spoken word: both versions are mono, measured once on the mono mix so they sound equally loud.
const toMono = 'aformat=channel_layouts=mono';

/** First pass: decodes the whole file (a broken stream fails here) and measures it. */
export async function measureLoudness(tools: AudioTools, file: string): Promise<{ loudness: Loudness; decodedSeconds: number }> {
  const result = await run(tools.ffmpeg, [
    // Stats stay on: their last `time=` is the decoded length.
    '-hide_banner', '-nostdin', '-xerror', '-i', file, '-vn', '-map', '0:a:0',
    '-af', `${toMono},loudnorm=${target}:print_format=json`, '-f', 'null', '-',
  ]);
  if (result.code !== 0) throw new AudioRefusal('corrupt');
  const json = /\{[^{}]*"input_i"[^{}]*\}/.exec(result.stderr)?.[0];
  if (!json) throw new AudioRefusal('corrupt');
  const loudness = JSON.parse(json) as Loudness;
  // A silent or all-but-silent file measures -inf: nothing to publish.
  if (!Number.isFinite(Number(loudness.input_i))) throw new AudioRefusal('corrupt');
  const times = [...result.stderr.matchAll(/time=(\d+):(\d+):(\d+(?:\.\d+)?)/g)];
  const last = times.at(-1);
  const decodedSeconds = last ? Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]) : Number.NaN;
  return { loudness, decodedSeconds };
}

export interface Versions {
  lowData: string;
  standard: string;
  /** For the phone line's <Play>: MP3, mono, telephone quality. */
  phone: string;
  seconds: number;
}

/**
 * Second pass: loudnorm with the measured values (linear where it can), then the three encodes
 * (low-data, standard, phone) from the same filtered signal. Files are written into `dir`, which the caller owns and removes.
 */
export async function transcode(tools: AudioTools, file: string, dir: string, base: string): Promise<Versions> {
  const probe = await probeAudio(tools, file);
  const { loudness, decodedSeconds } = await measureLoudness(tools, file);
  // A file whose headers announce more than it holds was cut short (an interrupted upload or copy).
  if (Number.isFinite(decodedSeconds) && probe.seconds - decodedSeconds > Math.max(2, probe.seconds * 0.02)) {
    throw new AudioRefusal('corrupt');
  }
  const measured =
    `measured_I=${loudness.input_i}:measured_TP=${loudness.input_tp}:measured_LRA=${loudness.input_lra}` +
    `:measured_thresh=${loudness.input_thresh}:offset=${loudness.target_offset}:linear=true`;
  const lowDataFile = path.join(dir, `${base}-leger.${lowData.extension}`);
  const standardFile = path.join(dir, `${base}.${standard.extension}`);
  const phoneFile = path.join(dir, `${base}-telephone.${phone.extension}`);
  const result = await run(tools.ffmpeg, [
    '-hide_banner', '-nostdin', '-nostats', '-xerror', '-y', '-i', file,
    '-filter_complex', `[0:a:0]${toMono},loudnorm=${target}:${measured},asplit=3[low][std][tel]`,
    '-map', '[low]', '-map_metadata', '-1', '-ac', '1', '-ar', String(lowData.sampleRate), '-c:a', lowData.codec,
    '-b:a', `${lowData.bitrateKbps}k`, '-movflags', '+faststart', lowDataFile,
    '-map', '[std]', '-map_metadata', '-1', '-ac', '1', '-ar', String(standard.sampleRate), '-c:a', standard.codec,
    '-b:a', `${standard.bitrateKbps}k`, standardFile,
    '-map', '[tel]', '-map_metadata', '-1', '-ac', '1', '-ar', String(phone.sampleRate), '-c:a', phone.codec,
    '-b:a', `${phone.bitrateKbps}k`, phoneFile,
  ]);
  if (result.code !== 0) throw new AudioRefusal('corrupt');
  const made = await probeAudio({ ...tools, maxSeconds: Number.POSITIVE_INFINITY }, lowDataFile);
  return { lowData: lowDataFile, standard: standardFile, phone: phoneFile, seconds: Math.round(made.seconds * 100) / 100 };
}
