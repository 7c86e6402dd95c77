import { z } from 'zod';
import { isoDateTime, optionalDateTime, optionalText, slugSchema } from './common.ts';

/**
 * The balado (podcast): one episode, in French with an optional English version. The CMS makes two
 * versions of the uploaded audio (docs/balado.md, decision 0034); these numbers are the one place
 * the CMS's ffmpeg commands, the site's pages, the feed and the tests read them from.
 */
export const podcastAudio = {
  /** EBU R128 integrated loudness for spoken podcasts (Apple and most directories ask for −16 LUFS). */
  loudnessLufs: -16,
  truePeakDbtp: -1.5,
  loudnessRange: 11,
  /** AAC-LC mono in MP4: every iPhone and Android since 2010 plays it; ffmpeg's native encoder. */
  lowData: { bitrateKbps: 32, sampleRate: 24_000, channels: 1, codec: 'aac', extension: 'm4a', mime: 'audio/mp4' },
  /** MP3 mono: the format every podcast app and car radio reads. */
  standard: { bitrateKbps: 96, sampleRate: 44_100, channels: 1, codec: 'libmp3lame', extension: 'mp3', mime: 'audio/mpeg' },
  /**
   * MP3 mono at telephone quality for the phone line: Twilio's and Telnyx's <Play> take MP3 or WAV,
   * not AAC or Opus, and a call carries 8 kHz anyway; 16 kHz keeps a little air for wideband calls.
   */
  phone: { bitrateKbps: 24, sampleRate: 16_000, channels: 1, codec: 'libmp3lame', extension: 'mp3', mime: 'audio/mpeg' },
} as const;

export type AudioVersion = 'lowData' | 'standard';

/** `12:30` or `1:02:03` → seconds; null when it is not a time. */
export function parseChapterTime(text: string): number | null {
  const match = /^(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  const [, hours, minutes, seconds] = match;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** Seconds → `12:30` or `1:02:03`, as chapters and `itunes:duration` print them. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

const mediaSelection = `url size mime`;
const mediaSchema = z.object({
  url: z.string().min(1),
  /** Kilobytes, as Strapi stores them (decimal). */
  size: z.number().positive(),
  mime: z.string().min(1),
});
export type EpisodeMedia = z.infer<typeof mediaSchema>;

export const chapterSchema = z.object({
  start: z.string().refine((t) => parseChapterTime(t) !== null, 'a chapter starts at MM:SS or H:MM:SS'),
  title: z.string().min(1),
});

export const guestSchema = z.object({ name: z.string().min(1), role: optionalText });

export const episodeSelection = `documentId slug title summary transcript series season episodeNumber releaseDate durationSeconds explicit locale updatedAt publishedAt
  chapters { start title }
  guests { name role }
  lowDataAudio { ${mediaSelection} }
  standardAudio { ${mediaSelection} }`;

export const episodeSchema = z
  .object({
    documentId: z.string().min(1),
    slug: slugSchema,
    title: z.string().min(1),
    summary: z.string().min(1).max(280),
    transcript: z.string().min(1),
    series: optionalText,
    season: z.number().int().positive().nullish().transform((v) => v ?? null),
    episodeNumber: z.number().int().positive().nullish().transform((v) => v ?? null),
    releaseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    durationSeconds: z.number().positive(),
    explicit: z.boolean().nullish().transform((v) => v ?? false),
    locale: z.enum(['fr', 'en']),
    updatedAt: isoDateTime,
    publishedAt: optionalDateTime,
    chapters: z.array(chapterSchema).nullish().transform((v) => v ?? []),
    guests: z.array(guestSchema).nullish().transform((v) => v ?? []),
    lowDataAudio: mediaSchema,
    standardAudio: mediaSchema,
  })
  .transform((e) => ({
    ...e,
    chapters: e.chapters
      .map((c) => ({ ...c, seconds: parseChapterTime(c.start)! }))
      .sort((a, b) => a.seconds - b.seconds),
  }));

export type Episode = z.infer<typeof episodeSchema>;
