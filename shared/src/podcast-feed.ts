/**
 * The balado's feed: RSS 2.0 with Apple's `itunes:` and Podcasting 2.0's `podcast:` namespaces, what
 * podcast apps and directories read. Pure, no dependency, as atom.ts; the site's build writes it.
 * Each episode's `guid` is made from its CMS document id: stable across builds and title changes.
 */
import { escapeXml } from './atom.ts';
import { formatClock } from './content/episode.ts';

export interface PodcastEnclosure {
  url: string;
  /** Bytes, as `enclosure length` requires. */
  length: number;
  type: string;
  bitrateKbps: number;
}

export interface PodcastItem {
  guid: string;
  title: string;
  summary: string;
  pageUrl: string;
  /** The day it came out (`YYYY-MM-DD`), or a full date-time. */
  published: string;
  durationSeconds: number;
  season: number | null;
  episodeNumber: number | null;
  explicit: boolean;
  /** The standard version: what apps download. */
  enclosure: PodcastEnclosure;
  /** The low-data version, offered as an alternate (`podcast:alternateEnclosure`). */
  lowData: PodcastEnclosure;
  transcriptUrl: string;
  chaptersUrl: string;
}

export interface PodcastChannel {
  title: string;
  description: string;
  /** BCP 47 (`fr-CA`). */
  language: string;
  pageUrl: string;
  selfUrl: string;
  imageUrl: string;
  author: string;
  ownerName: string;
  ownerEmail: string;
  /** Apple's category and optional subcategory. */
  category: readonly [string, string?];
  /** Podcasting 2.0 `podcast:guid`: UUID v5 of the feed URL without its scheme. */
  podcastGuid: string;
  copyright: string;
  items: readonly PodcastItem[];
}

/** RFC 822 dates, as RSS 2.0 wants them; a bare day is taken at noon Eastern so it is that day everywhere in Québec. */
export function rfc822(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00-05:00`) : new Date(value);
  return date.toUTCString().replace('GMT', '+0000');
}

function itemXml(item: PodcastItem): string {
  const lines = [
    '<item>',
    `<title>${escapeXml(item.title)}</title>`,
    `<description>${escapeXml(item.summary)}</description>`,
    `<link>${escapeXml(item.pageUrl)}</link>`,
    `<guid isPermaLink="false">${escapeXml(item.guid)}</guid>`,
    `<pubDate>${rfc822(item.published)}</pubDate>`,
    `<enclosure url="${escapeXml(item.enclosure.url)}" length="${item.enclosure.length}" type="${escapeXml(item.enclosure.type)}"/>`,
    `<itunes:title>${escapeXml(item.title)}</itunes:title>`,
    `<itunes:summary>${escapeXml(item.summary)}</itunes:summary>`,
    `<itunes:duration>${formatClock(item.durationSeconds)}</itunes:duration>`,
    `<itunes:explicit>${item.explicit ? 'true' : 'false'}</itunes:explicit>`,
    `<itunes:episodeType>full</itunes:episodeType>`,
  ];
  if (item.season) lines.push(`<itunes:season>${item.season}</itunes:season>`, `<podcast:season>${item.season}</podcast:season>`);
  if (item.episodeNumber) lines.push(`<itunes:episode>${item.episodeNumber}</itunes:episode>`, `<podcast:episode>${item.episodeNumber}</podcast:episode>`);
  lines.push(
    `<podcast:transcript url="${escapeXml(item.transcriptUrl)}" type="text/plain"/>`,
    `<podcast:chapters url="${escapeXml(item.chaptersUrl)}" type="application/json+chapters"/>`,
  );
  for (const [version, isDefault] of [[item.enclosure, true], [item.lowData, false]] as const) {
    lines.push(
      `<podcast:alternateEnclosure type="${escapeXml(version.type)}" length="${version.length}" bitrate="${version.bitrateKbps * 1000}"${isDefault ? ' default="true"' : ''}>`,
      `<podcast:source uri="${escapeXml(version.url)}"/>`,
      '</podcast:alternateEnclosure>',
    );
  }
  lines.push('</item>');
  return lines.join('\n');
}

export function buildPodcastRss(channel: PodcastChannel): string {
  const [category, subcategory] = channel.category;
  const categoryXml = subcategory
    ? `<itunes:category text="${escapeXml(category)}"><itunes:category text="${escapeXml(subcategory)}"/></itunes:category>`
    : `<itunes:category text="${escapeXml(category)}"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${escapeXml(channel.title)}</title>`,
    `<description>${escapeXml(channel.description)}</description>`,
    `<link>${escapeXml(channel.pageUrl)}</link>`,
    `<atom:link href="${escapeXml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    `<language>${escapeXml(channel.language)}</language>`,
    `<copyright>${escapeXml(channel.copyright)}</copyright>`,
    `<image><url>${escapeXml(channel.imageUrl)}</url><title>${escapeXml(channel.title)}</title><link>${escapeXml(channel.pageUrl)}</link></image>`,
    `<itunes:image href="${escapeXml(channel.imageUrl)}"/>`,
    `<itunes:author>${escapeXml(channel.author)}</itunes:author>`,
    `<itunes:owner><itunes:name>${escapeXml(channel.ownerName)}</itunes:name><itunes:email>${escapeXml(channel.ownerEmail)}</itunes:email></itunes:owner>`,
    categoryXml,
    '<itunes:explicit>false</itunes:explicit>',
    '<itunes:type>episodic</itunes:type>',
    // Locked: no other host may import this show into its own account (Podcasting 2.0).
    `<podcast:locked owner="${escapeXml(channel.ownerEmail)}">yes</podcast:locked>`,
    `<podcast:guid>${escapeXml(channel.podcastGuid)}</podcast:guid>`,
    ...channel.items.map(itemXml),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** Podcasting 2.0 JSON chapters (version 1.2.0): start times in seconds. */
export function chaptersJson(title: string, chapters: ReadonlyArray<{ seconds: number; title: string }>): string {
  return `${JSON.stringify({ version: '1.2.0', title, chapters: chapters.map((c) => ({ startTime: c.seconds, title: c.title })) }, null, 2)}\n`;
}
