import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../../publisher/src/pipeline.ts';
import { createPublisherServer } from '../../publisher/src/server.ts';
import { podcastAudio } from '@passerelle/shared/content';
import { aValidDocument } from '@passerelle/shared/testing';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * An OC's episode from upload to podcast apps: the real CMS makes both versions with Debian's
 * ffmpeg, its webhook reaches the real publisher, which builds the real Astro site into
 * builds/<id>/ and swaps builds/current, served by the real static server (site/server/serve.mjs).
 * What a podcast app reads is the served `/balado/fil.xml`: the episode is there with a guid that
 * a new title does not change, the standard MP3 as enclosure (its exact length), the low-data
 * version as alternate, and its transcript; unpublished, the next build takes it out.
 *
 * Booted as oc-publishes-and-the-site-follows.publishing.test.ts boots (Strapi in-process, the
 * publisher's pipeline and webhook server, the site server on builds/current). One build per step.
 */
const SECRET = 'secret-du-test-du-balado';
const EPISODE = 'api::episode.episode';
const SITE = 'http://127.0.0.1:4321';
const siteDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../site');
const buildsDir = mkdtempSync(path.join(tmpdir(), 'passerelle-publishing-balado-'));
const workDir = mkdtempSync(path.join(tmpdir(), 'passerelle-balado-audio-'));

let app: StartedStrapi;
let strapi: Strapi;
let pipeline: Pipeline;
let siteUrl = '';
const servers: Server[] = [];
/** `X-Strapi-Event` of every webhook the publisher has answered, in order. */
const webhooksAnswered: string[] = [];

const listen = async (server: Server) => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Forwards to Strapi: the builds need the CMS's address before Strapi (which needs the publisher's) has started. */
function cmsProxy(target: () => string): Server {
  return createServer((req, res) => {
    const upstream = request(target() + req.url, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
}

beforeAll(async () => {
  const cmsUrl = await listen(cmsProxy(() => app.baseUrl));
  pipeline = new Pipeline({
    buildsDir,
    siteDir,
    debounceMs: 1_500,
    keepBuilds: 3,
    buildTimeoutMs: 240_000,
    minPageRatio: 0.5,
    pageBudgetBytes: 14 * 1024,
    buildEnv: { ...process.env, CMS_URL: cmsUrl, PUBLIC_SITE_URL: SITE, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  await pipeline.init();
  const publisherServer = createPublisherServer(pipeline, SECRET);
  publisherServer.on('request', (req, res) => res.on('finish', () => webhooksAnswered.push(String(req.headers['x-strapi-event']))));
  process.env.PUBLISHER_URL = `${await listen(publisherServer)}/webhooks/strapi`;
  process.env.PUBLISHER_SECRET = SECRET;
  app = await startStrapi();
  strapi = app.strapi;

  process.env.SITE_DIR = path.join(buildsDir, 'current');
  const { createSiteServer } = await import('../../site/server/serve.mjs');
  const { siteServerConfig } = await import('../../site/server/config.mjs');
  siteUrl = await listen(createSiteServer(siteServerConfig(process.env)));
});

afterAll(async () => {
  delete process.env.PUBLISHER_URL;
  delete process.env.PUBLISHER_SECRET;
  await pipeline?.queue.whenIdle();
  await pipeline?.releases.whenPruned();
  await app?.stop();
  for (const server of servers) server.close();
  rmSync(buildsDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

/**
 * Runs `act`, then waits until the builds it caused are over. Returns how many builds started.
 * Webhooks arrive within ~100 ms, then the debounce: wait for the queue to leave `idle` first.
 */
async function waitForBuilds(act: () => unknown): Promise<number> {
  const before = pipeline.status.snapshot.buildsStarted;
  await act();
  const deadline = Date.now() + 10_000;
  while (pipeline.queue.state === 'idle' && pipeline.status.snapshot.buildsStarted === before) {
    if (Date.now() > deadline) throw new Error('no build was triggered');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await pipeline.queue.whenIdle();
  return pipeline.status.snapshot.buildsStarted - before;
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const served = async (urlOrPath: string) => {
  const res = await fetch(siteUrl + new URL(urlOrPath, SITE).pathname, { redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
};

/** Speech-like, as the balado integration test makes it: a voice's harmonics at a syllable rate, stereo MP3. */
function speechLike(file: string, seconds: number): string {
  const voice = '(0.06*sin(2*PI*140*t)+0.04*sin(2*PI*280*t)+0.03*sin(2*PI*560*t)+0.02*sin(2*PI*1120*t))';
  const envelope = '(0.2+0.8*abs(sin(2*PI*2.5*t)))';
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc='${voice}*${envelope}':s=44100:d=${seconds}`, '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', file]);
  return file;
}

type Attrs = Record<string, string>;
interface FeedItem {
  title: string;
  link: string;
  guid: { '#text': string; '@_isPermaLink': string };
  enclosure: Attrs;
  'podcast:transcript': Attrs;
  'podcast:chapters': Attrs;
  'podcast:alternateEnclosure': Array<Attrs & { 'podcast:source': Attrs }>;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['item', 'podcast:alternateEnclosure'].includes(name) });

/** The served feed's items; the feed itself must be there and be RSS. */
async function feedItems(feedPath: string): Promise<FeedItem[]> {
  const feed = await served(feedPath);
  expect(feed.status).toBe(200);
  const rss = parser.parse(feed.bytes.toString('utf8')) as { rss: { channel: { item?: FeedItem[] } } };
  return rss.rss.channel.item ?? [];
}

const guidOf = (documentId: string) => `passerelle-balado-${documentId}-fr`;

describe('an OC publishes an episode, and the podcast feed follows through the publisher', () => {
  let documentId: string;
  let slug: string;
  let title: string;
  let standardUrl: string;
  let lowDataUrl: string;
  const transcript = 'Julie : Bonjour, bienvenue au balado.\n\nSamira : On rejoint les gens par texto et par les affiches à l’épicerie.';

  it('the upload gets both versions, and a draft with its transcript causes no build', async () => {
    const file = speechLike(path.join(workDir, 'episode.mp3'), 60);
    const name = path.basename(file);
    const [source] = await strapi.plugin('upload').service('upload').upload({
      data: { fileInfo: { name } },
      files: { filepath: file, originalFilename: name, mimetype: 'audio/mpeg', size: statSync(file).size },
    });
    const draft = aValidDocument(EPISODE, 'Le texto plutôt que Facebook');
    delete draft.transcript;
    const created = await strapi.documents(EPISODE).create({ locale: 'fr', data: { ...draft, audio: source.id } });
    documentId = created.documentId;
    slug = String(draft.slug);
    title = String(draft.title);
    const withTranscript = await strapi.documents(EPISODE).update({ documentId, locale: 'fr', data: { transcript }, populate: ['standardAudio', 'lowDataAudio'] });
    standardUrl = withTranscript.standardAudio.url;
    lowDataUrl = withTranscript.lowDataAudio.url;
    expect(standardUrl).toMatch(/\.mp3$/);
    expect(lowDataUrl).toMatch(/\.m4a$/);
    // The uploads and the draft saves reached the publisher and were answered: none asked for a build.
    await until(() => webhooksAnswered.includes('media.create') && webhooksAnswered.filter((e) => e === 'entry.update').length >= 1, 10_000);
    expect(pipeline.status.snapshot.buildsStarted).toBe(0);
    expect(pipeline.queue.state).toBe('idle');
  });

  it('publishing builds once, and the served feed carries the episode as podcast apps need it', async () => {
    expect(await waitForBuilds(() => strapi.documents(EPISODE).publish({ documentId, locale: 'fr' }))).toBe(1);
    const s = pipeline.status.snapshot;
    expect(s.lastFailure).toBeNull();
    expect(s.lastSuccess?.reasons.join(' ')).toMatch(/entry\.publish/);

    const items = await feedItems('/balado/fil.xml');
    const item = items.find((i) => i.guid['#text'] === guidOf(documentId));
    expect(item, 'the episode is in the feed under its document id').toBeDefined();
    expect(item!.guid['@_isPermaLink']).toBe('false');
    expect(item!.title).toBe(title);
    expect(new URL(item!.link).pathname).toBe(`/balado/${slug}/`);

    // The enclosure is the standard MP3, served by the site (copied into the build), its length exact.
    const enclosure = await served(item!.enclosure['@_url']!);
    expect(enclosure.status).toBe(200);
    expect(item!.enclosure['@_type']).toBe(podcastAudio.standard.mime);
    expect(new URL(item!.enclosure['@_url']!).pathname).toBe(`/media/balado/${path.basename(standardUrl)}`);
    expect(Number(item!.enclosure['@_length'])).toBe(enclosure.bytes.length);
    expect(enclosure.bytes.length).toBe(statSync(path.join(strapi.dirs.static.public, standardUrl)).size);

    // Both versions as alternates: the standard one by default, the low-data AAC beside it, both served.
    const alternates = item!['podcast:alternateEnclosure'];
    expect(alternates.map((a) => a['@_type'])).toEqual([podcastAudio.standard.mime, podcastAudio.lowData.mime]);
    expect(alternates[0]!['@_default']).toBe('true');
    expect(alternates[0]!['podcast:source']['@_uri']).toBe(item!.enclosure['@_url']);
    const lowData = await served(alternates[1]!['podcast:source']['@_uri']!);
    expect(lowData.status).toBe(200);
    expect(new URL(alternates[1]!['podcast:source']['@_uri']!).pathname).toBe(`/media/balado/${path.basename(lowDataUrl)}`);
    expect(Number(alternates[1]!['@_length'])).toBe(lowData.bytes.length);

    // The transcript podcast apps show, and the chapters, beside the episode's page.
    expect(item!['podcast:transcript']['@_type']).toBe('text/plain');
    const text = await served(item!['podcast:transcript']['@_url']!);
    expect(text.status).toBe(200);
    expect(text.bytes.toString('utf8')).toContain('On rejoint les gens par texto');
    expect((await served(item!['podcast:chapters']['@_url']!)).status).toBe(200);

    // The page exists, plays both versions and announces the feed.
    const page = await served(`/balado/${slug}/`);
    expect(page.status).toBe(200);
    const html = page.bytes.toString('utf8');
    expect(html).toContain(title);
    expect(html).toContain(path.basename(standardUrl));
    expect(html).toContain(path.basename(lowDataUrl));
    expect(html).toMatch(/<link[^>]+type="application\/rss\+xml"[^>]+href="[^"]*\/balado\/fil\.xml"/);

    // Published in French only: the English feed does not list it.
    expect((await feedItems('/en/podcast/feed.xml')).map((i) => i.guid['#text'])).not.toContain(`passerelle-balado-${documentId}-en`);
  });

  it('a new title, published again, keeps the same guid (apps do not see a new episode)', async () => {
    await strapi.documents(EPISODE).update({ documentId, locale: 'fr', data: { title: 'Rejoindre son quartier sans Facebook' } });
    expect(await waitForBuilds(() => strapi.documents(EPISODE).publish({ documentId, locale: 'fr' }))).toBe(1);
    const items = await feedItems('/balado/fil.xml');
    const ours = items.filter((i) => i.guid['#text'] === guidOf(documentId));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.title).toBe('Rejoindre son quartier sans Facebook');
    expect(items.some((i) => i.title === title)).toBe(false);
  });

  it('unpublishing builds once more, and the episode leaves the feed, its page and its transcript', async () => {
    expect(await waitForBuilds(() => strapi.documents(EPISODE).unpublish({ documentId, locale: 'fr' }))).toBe(1);
    expect(pipeline.status.snapshot.lastFailure).toBeNull();
    expect((await feedItems('/balado/fil.xml')).map((i) => i.guid['#text'])).not.toContain(guidOf(documentId));
    expect((await served(`/balado/${slug}/`)).status).toBe(404);
    expect((await served(`/balado/${slug}/transcription.txt`)).status).toBe(404);
  });
});
