import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { episodeSchema, podcastArtworkPath, type Episode } from '@passerelle/shared';
import { anEpisode, toGraphqlNode } from '@passerelle/shared/testing';
import { episodeGuid, podcastFiles, uuidV5 } from '../../site/src/lib/podcast-feed-files.ts';

/**
 * The balado's RSS feed as podcast apps and directories read it: valid XML a real feed parser
 * reads, every tag Apple and Podcasting 2.0 ask of a show and of an episode, and guids that do not
 * change from one build to the next.
 */
const SITE = 'https://passerelle.example.org';
const owner = { name: 'Passerelle (démonstration)', email: 'balado@passerelle.example.org' };
const bytes = (_path: string, kb: number) => Math.round(kb * 1000);
const now = new Date('2026-12-01T15:00:00Z');

function episode(overrides: Parameters<typeof anEpisode>[0] = {}, documentId?: string): Episode {
  return episodeSchema.parse(toGraphqlNode(anEpisode(overrides), { now, ...(documentId ? { documentId } : {}) }));
}

const two = () => [episode({ slug: 'mobiliser-sans-facebook', episodeNumber: 2 }, 'ep-doc-2'), episode({ slug: 'premier-episode', episodeNumber: 1 }, 'ep-doc-1')];
const feedOf = (episodes: Episode[], site = SITE) => podcastFiles(episodes, 'fr', site, bytes, owner).find((f) => f.path === '/balado/fil.xml')!.body;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false });
type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed XML is untyped by nature

describe('the podcast feed', () => {
  it('is well-formed XML that a feed parser reads as RSS with both episodes', () => {
    const xml = feedOf(two());
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe('rss');
    expect(feed.items.map((i) => i.title)).toEqual(['Mobiliser sans Facebook', 'Mobiliser sans Facebook']);
    expect(feed.items[0]!.url).toBe(`${SITE}/balado/mobiliser-sans-facebook/`);
  });

  it('has every channel tag directories require', () => {
    const channel: Node = parser.parse(feedOf(two())).rss.channel;
    expect(channel.title).toBe('Le balado de Passerelle');
    expect(channel.language).toBe('fr-CA');
    expect(channel['itunes:image']['@href']).toBe(`${SITE}${podcastArtworkPath}`);
    expect(channel['itunes:category']['@text']).toBe('Society & Culture');
    expect(channel['itunes:explicit']).toBe('false');
    expect(channel['itunes:author']).toMatch(/organisat/);
    expect(channel['itunes:owner']['itunes:email']).toBe(owner.email);
    expect(channel['podcast:locked']['#text']).toBe('yes');
    expect(channel['podcast:locked']['@owner']).toBe(owner.email);
    expect(channel['podcast:guid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(channel['atom:link']['@href']).toBe(`${SITE}/balado/fil.xml`);
  });

  it('has, for each episode, an enclosure with length and type, a duration, a transcript and chapters', () => {
    const items: Node[] = parser.parse(feedOf(two())).rss.channel.item;
    for (const item of items) {
      expect(item.enclosure['@url']).toMatch(new RegExp(`^${SITE}/media/balado/.+\\.mp3$`));
      expect(Number(item.enclosure['@length'])).toBeGreaterThan(0);
      expect(item.enclosure['@type']).toBe('audio/mpeg');
      expect(item['itunes:duration']).toBe('1:15');
      expect(item['itunes:explicit']).toBe('false');
      expect(item['podcast:transcript']['@type']).toBe('text/plain');
      expect(item['podcast:transcript']['@url']).toMatch(/\/balado\/[a-z-]+\/transcription\.txt$/);
      expect(item['podcast:chapters']['@type']).toBe('application/json+chapters');
      expect(item.guid['@isPermaLink']).toBe('false');
      expect(new Date(item.pubDate).toString()).not.toBe('Invalid Date');
      const low = item['podcast:alternateEnclosure'].find((a: Node) => a['@type'] === 'audio/mp4');
      expect(low['podcast:source']['@uri']).toMatch(/\.m4a$/);
    }
  });

  it('keeps each guid across builds, a new title and another site address; the channel guid follows the feed URL', () => {
    const first = parser.parse(feedOf(two())).rss.channel;
    const renamed = two().map((e) => ({ ...e, title: `${e.title} (nouveau titre)` }));
    const again = parser.parse(feedOf(renamed, 'https://autre.example.org')).rss.channel;
    expect(again.item.map((i: Node) => i.guid['#text'])).toEqual(first.item.map((i: Node) => i.guid['#text']));
    expect(first.item[0].guid['#text']).toBe(episodeGuid({ documentId: 'ep-doc-2' }, 'fr'));
    expect(parser.parse(feedOf(two())).rss.channel['podcast:guid']).toBe(first['podcast:guid']);
    expect(again['podcast:guid']).not.toBe(first['podcast:guid']);
  });

  it('computes podcast:guid as the Podcasting 2.0 namespace does (UUID v5 of the URL without scheme)', () => {
    // The example the podcast namespace's documentation gives: https://podnews.net/rss.
    expect(uuidV5('podnews.net/rss')).toBe('9b024349-ccf0-5f69-a609-6b82873eab3c');
  });

  it('escapes what editors type (an ampersand, angle brackets)', () => {
    const xml = feedOf([episode({ fr: { title: 'Loyers & <rénovictions>' } })]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parseFeed(xml).items[0]!.title).toBe('Loyers & <rénovictions>');
  });

  it('writes JSON chapters in seconds and the transcript as text', () => {
    const files = podcastFiles([episode({ slug: 'chapitres' })], 'fr', SITE, bytes, owner);
    const chapters = JSON.parse(files.find((f) => f.path === '/balado/chapitres/chapitres.json')!.body);
    expect(chapters.version).toBe('1.2.0');
    expect(chapters.chapters.map((c: { startTime: number }) => c.startTime)).toEqual([0, 20, 50]);
    expect(files.find((f) => f.path === '/balado/chapitres/transcription.txt')!.body).toMatch(/Samira : Dans mon quartier/);
  });
});

describe('the artwork', () => {
  it('is a square JPEG between 1400 and 3000 px, under 200 KB', async () => {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../site/public', podcastArtworkPath);
    const meta = await sharp(readFileSync(file)).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(meta.height);
    expect(meta.width).toBeGreaterThanOrEqual(1400);
    expect(meta.width).toBeLessThanOrEqual(3000);
    expect(readFileSync(file).length).toBeLessThan(200_000);
  });
});
