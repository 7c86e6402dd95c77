import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../../publisher/src/pipeline.ts';
import { createPublisherServer } from '../../publisher/src/server.ts';
import { cmsExpressSource } from '../../publisher/src/express-source.ts';
import { SiteRenderer } from '../../publisher/src/site-renderer.ts';
import { aValidDocument } from '@passerelle/shared/testing';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The publishing pipeline for real: Strapi in-process sends its webhook to the publisher, which
 * builds the real Astro site from it into builds/<id>/, checks it and swaps builds/current, which
 * the real static server (site/server/serve.mjs) serves. Between the publisher's builds and the
 * CMS sits a switchable proxy, to make the CMS unreachable for one build.
 *
 * Runs once (its own Vitest project): it tests the publisher, not the database.
 */
const SECRET = 'secret-du-test-de-publication';
const siteDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../site');
const buildsDir = mkdtempSync(path.join(tmpdir(), 'passerelle-publishing-'));

let app: StartedStrapi;
let strapi: Strapi;
let pipeline: Pipeline;
let cmsDown = false;
const servers: Server[] = [];
let siteUrl = '';
let cmsUrlForBuilds = '';
let renderer: SiteRenderer | undefined;
let neighbourhood: { documentId: string; slug: string };
/** `X-Strapi-Event` of every webhook the publisher has answered, in order. */
const webhooksAnswered: string[] = [];

const listen = async (server: Server) => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Forwards to Strapi, or drops every connection while `cmsDown`. */
function cmsProxy(target: () => string): Server {
  return createServer((req, res) => {
    if (cmsDown) return req.socket.destroy();
    const upstream = request(target() + req.url, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
}

beforeAll(async () => {
  const proxyUrl = await listen(cmsProxy(() => app.baseUrl));
  cmsUrlForBuilds = proxyUrl;
  pipeline = new Pipeline({
    buildsDir,
    siteDir,
    debounceMs: 1_500,
    keepBuilds: 5,
    buildTimeoutMs: 240_000,
    minPageRatio: 0.5,
    pageBudgetBytes: 14 * 1024,
    buildEnv: { ...process.env, CMS_URL: proxyUrl, PUBLIC_SITE_URL: 'http://127.0.0.1:4321', ASTRO_TELEMETRY_DISABLED: '1' },
  });
  await pipeline.init();
  const publisherServer = createPublisherServer(pipeline, SECRET);
  // The fence for "no build": the publisher has answered the webhook, so it has already decided.
  publisherServer.on('request', (req, res) => res.on('finish', () => webhooksAnswered.push(String(req.headers['x-strapi-event']))));
  const publisherUrl = await listen(publisherServer);

  process.env.PUBLISHER_URL = `${publisherUrl}/webhooks/strapi`;
  process.env.PUBLISHER_SECRET = SECRET;
  app = await startStrapi();
  strapi = app.strapi;

  process.env.SITE_DIR = path.join(buildsDir, 'current');
  const { createSiteServer } = await import('../../site/server/serve.mjs');
  const { siteServerConfig } = await import('../../site/server/config.mjs');
  siteUrl = await listen(createSiteServer(siteServerConfig(process.env)));

  // A small published base; its publication's webhook causes the first build.
  await waitForBuilds(async () => {
    neighbourhood = await publish('api::neighbourhood.neighbourhood', aValidDocument('api::neighbourhood.neighbourhood', 'Villeray'));
  });
});

afterAll(async () => {
  delete process.env.PUBLISHER_URL;
  delete process.env.PUBLISHER_SECRET;
  await pipeline?.queue.whenIdle();
  await pipeline?.express?.whenIdle();
  await pipeline?.releases.whenPruned();
  await renderer?.stop();
  await app?.stop();
  for (const server of servers) server.close();
  rmSync(buildsDir, { recursive: true, force: true });
});

async function publish(uid: string, data: Record<string, unknown>): Promise<{ documentId: string; slug: string; title: string }> {
  const created = await strapi.documents(uid).create({ locale: 'fr', data });
  await strapi.documents(uid).publish({ documentId: created.documentId, locale: 'fr' });
  return { documentId: created.documentId, slug: String(data.slug), title: String(data.title ?? data.name) };
}

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

const page = async (urlPath: string) => {
  const res = await fetch(siteUrl + urlPath, { redirect: 'manual' });
  return { status: res.status, text: await res.text() };
};

const status = async () => pipeline.snapshot();

let firstEvent: { documentId: string; slug: string; title: string };

describe('an OC publishes, and the site follows within one build', () => {
  it('serves the first build from builds/current', async () => {
    const s = await status();
    expect(s.buildsStarted).toBe(1);
    expect(s.lastFailure).toBeNull();
    expect(s.current).toBe(s.lastSuccess?.id);
    expect((await page('/')).status).toBe(200);
  });

  it('publishing an event puts its page live', async () => {
    const builds = await waitForBuilds(async () => {
      firstEvent = await publish('api::event.event', {
        ...aValidDocument('api::event.event', 'Corvée de ruelle'),
        neighbourhoods: [neighbourhood.documentId],
      });
    });
    expect(builds).toBe(1);
    const res = await page(`/evenements/${firstEvent.slug}/`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(firstEvent.title);
    expect((await page(`/carte/points/${neighbourhood.slug}.json`)).text).toContain(firstEvent.slug);
    // The build proved it shows the version the webhook announced (publisher/src/freshness.ts): the
    // site's versions file has the event under the key and version the ledger compares, and the
    // publish left the ledger once live. Not served.
    const live = await status();
    const versions = JSON.parse(readFileSync(path.join(buildsDir, 'logs', `${live.lastSuccess!.id}.versions.json`), 'utf8')) as Record<string, string>;
    const published = await strapi.documents('api::event.event').findOne({ documentId: firstEvent.documentId, locale: 'fr', status: 'published' });
    expect(versions[`api::event.event:${firstEvent.documentId}:fr`]).toBe(new Date(String(published?.updatedAt)).toISOString());
    expect(pipeline.ledger.pending).toEqual([]);
    expect((await page('/rendered-versions.json')).status).toBe(404);
  });

  it('saving a draft triggers no build', async () => {
    const before = pipeline.status.snapshot.buildsStarted;
    const answered = webhooksAnswered.length;
    await strapi.documents('api::event.event').update({ documentId: firstEvent.documentId, locale: 'fr', data: { summary: 'Brouillon.' } });
    // The draft's webhook reached the publisher and was answered: a build it asked for would be queued now.
    await until(async () => webhooksAnswered.slice(answered).includes('entry.update'), 10_000);
    expect(pipeline.queue.state).toBe('idle');
    expect(pipeline.queue.pending).toEqual([]);
    expect(pipeline.status.snapshot.buildsStarted).toBe(before);
  });

  it('unpublishing removes the page, the listing entry and the map point', async () => {
    await waitForBuilds(() => strapi.documents('api::event.event').unpublish({ documentId: firstEvent.documentId, locale: 'fr' }));
    expect((await page(`/evenements/${firstEvent.slug}/`)).status).toBe(404);
    expect((await page('/evenements/')).text).not.toContain(firstEvent.title);
    expect((await page(`/carte/points/${neighbourhood.slug}.json`)).text).not.toContain(firstEvent.slug);
  });

  it('with the CMS unreachable, the build fails, the live site stays, and the status says why', async () => {
    const live = (await status()).current;
    cmsDown = true;
    let lost: { slug: string } | undefined;
    try {
      await waitForBuilds(async () => {
        lost = await publish('api::event.event', aValidDocument('api::event.event', 'Jamais en ligne'));
      });
    } finally {
      cmsDown = false;
    }
    const s = await status();
    expect(s.current).toBe(live);
    expect(s.lastFailure?.reason).toMatch(/Astro a échoué.*unreachable/s);
    expect(s.lastFailure?.logTail).toContain('/graphql');
    expect((await page('/')).status).toBe(200);
    expect((await page(`/evenements/${lost!.slug}/`)).status).toBe(404);
    const statusPage = await (await fetch(`${process.env.PUBLISHER_URL!.replace('/webhooks/strapi', '')}/status`)).text();
    expect(statusPage).toContain('La dernière mise en ligne a échoué');
    expect(statusPage).toContain('unreachable');
  });

  it('rollback puts the previous build back (the one with the event)', async () => {
    const { to } = await pipeline.releases.rollback();
    expect((await status()).current).toBe(to);
    const res = await page(`/evenements/${firstEvent.slug}/`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(firstEvent.title);
  });

  it('ten quick publishes cause one or two builds, and all ten go live', async () => {
    const published: Array<{ slug: string; title: string }> = [];
    const builds = await waitForBuilds(async () => {
      for (let i = 0; i < 10; i++) published.push(await publish('api::event.event', aValidDocument('api::event.event', `Atelier ${i}`)));
    });
    expect(builds).toBeGreaterThanOrEqual(1);
    expect(builds).toBeLessThanOrEqual(2);
    const s = await status();
    expect(s.current).toBe(s.lastSuccess?.id);
    for (const event of published) expect((await page(`/evenements/${event.slug}/`)).status).toBe(200);
  });
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

/** Waits until `urlPath` answers `status`; returns the last full build's id at that moment. */
async function untilLive(urlPath: string, expected: number): Promise<string | undefined> {
  let fullBuildThen: string | undefined;
  await until(async () => {
    fullBuildThen = pipeline.status.snapshot.lastSuccess?.id;
    return (await page(urlPath)).status === expected;
  }, 30_000);
  return fullBuildThen;
}

describe('the express lane puts the published page live before the full build', () => {
  beforeAll(async () => {
    renderer = new SiteRenderer({ siteDir, workDir: path.join(buildsDir, '.express') });
    expect(renderer.available, 'the render build (scripts/test.sh builds it before this project)').toBe(true);
    pipeline.enableExpress(
      cmsExpressSource({ cmsUrl: cmsUrlForBuilds, renderer: () => renderer!.renderer(), mediaCacheDir: renderer.mediaCacheDir }),
      (id) => renderer!.followStore(id),
    );
    await renderer.followStore((await status()).current!);
    await renderer.whenReady();
    expect(renderer.renderer()).not.toBeNull();
  });

  it('serves a newly published event from an express build, then the full build adds it to the lists', async () => {
    const fullBefore = (await status()).lastSuccess?.id;
    const event = await publish('api::event.event', {
      ...aValidDocument('api::event.event', 'Fête de quartier express'),
      neighbourhoods: [neighbourhood.documentId],
    });
    const path = `/evenements/${event.slug}/`;
    // The full build that includes it had not finished when the page went live: the express lane
    // put it there (its status is written just after the swap, so wait for the lane to settle).
    expect(await untilLive(path, 200)).toBe(fullBefore);
    await pipeline.express!.whenIdle();
    expect((await status()).lastExpress?.pages).toContain(path);
    expect((await page(path)).text).toContain(event.title);

    await pipeline.express!.whenIdle();
    await pipeline.queue.whenIdle();
    const after = await status();
    expect(after.lastSuccess?.id).not.toBe(fullBefore);
    expect(after.current).toBe(after.lastSuccess?.id);
    expect((await page('/evenements/')).text).toContain(event.title);
    expect((await page(path)).text).toContain(event.title);

    // Unpublished: the express lane takes the page down before the full build removes it from lists.
    await strapi.documents('api::event.event').unpublish({ documentId: event.documentId, locale: 'fr' });
    expect(await untilLive(path, 404)).toBe(after.lastSuccess?.id);
    await pipeline.express!.whenIdle();
    expect((await status()).lastExpress?.removals).toContain(path);
    await pipeline.express!.whenIdle();
    await pipeline.queue.whenIdle();
    expect((await page('/evenements/')).text).not.toContain(event.title);
    expect((await page(path)).status).toBe(404);
  });
});
