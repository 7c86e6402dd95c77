import { createHash } from 'node:crypto';
import {
  episodeAudioPath,
  episodeChaptersPath,
  episodeTranscriptPath,
  localeTags,
  pathTo,
  podcastArtworkPath,
  podcastAudio,
  podcastFeedPath,
  type Episode,
  type Locale,
} from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { buildPodcastRss, chaptersJson, type PodcastChannel } from '@passerelle/shared/podcast-feed';

/**
 * The balado's files besides its pages, one set per locale: the RSS feed, each episode's JSON
 * chapters and plain-text transcript. Pure: the build integration (integrations/podcast-files.ts)
 * copies the audio, measures it and writes what this returns.
 */

/** Podcasting 2.0's namespace for `podcast:guid` (UUID v5 of the feed URL without its scheme). */
const PODCAST_NAMESPACE = 'ead4c236-bf58-58c6-a2c6-a6b28d128cb6';

export function uuidV5(name: string, namespace = PODCAST_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Stable whatever the title or the site's address: the CMS document id never changes. */
export const episodeGuid = (episode: Pick<Episode, 'documentId'>, locale: Locale) => `passerelle-balado-${episode.documentId}-${locale}`;

export interface PodcastFile {
  path: string;
  body: string;
}

/** Byte sizes of the audio files as written into the build, by site path; Strapi's kB as a fallback. */
export type AudioBytes = (sitePath: string, fallbackKb: number) => number;

export interface PodcastOwner {
  name: string;
  email: string;
}

export function podcastChannel(episodes: readonly Episode[], locale: Locale, site: string, bytes: AudioBytes, owner: PodcastOwner): PodcastChannel {
  const abs = (path: string) => new URL(path, site).href;
  const selfUrl = abs(podcastFeedPath(locale));
  return {
    title: t(locale, 'podcastHeading'),
    description: t(locale, 'podcastDescription'),
    language: localeTags[locale],
    pageUrl: abs(pathTo(locale, 'episodes')),
    selfUrl,
    imageUrl: abs(podcastArtworkPath),
    author: t(locale, 'podcastAuthor'),
    ownerName: owner.name,
    ownerEmail: owner.email,
    category: ['Society & Culture'],
    podcastGuid: uuidV5(selfUrl.replace(/^[a-z]+:\/\//, '').replace(/\/$/, '')),
    copyright: `© ${owner.name}`,
    items: episodes.map((e) => {
      const standard = episodeAudioPath(e.standardAudio.url);
      const low = episodeAudioPath(e.lowDataAudio.url);
      return {
        guid: episodeGuid(e, locale),
        title: e.title,
        summary: e.summary,
        pageUrl: abs(pathTo(locale, 'episodes', e.slug)),
        published: e.releaseDate,
        durationSeconds: e.durationSeconds,
        season: e.season,
        episodeNumber: e.episodeNumber,
        explicit: e.explicit,
        enclosure: { url: abs(standard), length: bytes(standard, e.standardAudio.size), type: e.standardAudio.mime, bitrateKbps: podcastAudio.standard.bitrateKbps },
        lowData: { url: abs(low), length: bytes(low, e.lowDataAudio.size), type: e.lowDataAudio.mime, bitrateKbps: podcastAudio.lowData.bitrateKbps },
        transcriptUrl: abs(episodeTranscriptPath(locale, e.slug)),
        chaptersUrl: abs(episodeChaptersPath(locale, e.slug)),
      };
    }),
  };
}

export function podcastFiles(episodes: readonly Episode[], locale: Locale, site: string, bytes: AudioBytes, owner: PodcastOwner): PodcastFile[] {
  return [
    { path: podcastFeedPath(locale), body: buildPodcastRss(podcastChannel(episodes, locale, site, bytes, owner)) },
    ...episodes.flatMap((e) => [
      { path: episodeChaptersPath(locale, e.slug), body: chaptersJson(e.title, e.chapters) },
      { path: episodeTranscriptPath(locale, e.slug), body: `${e.title}\n\n${e.transcript.trim()}\n` },
    ]),
  ];
}
