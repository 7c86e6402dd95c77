import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline.ts';
import { createPublisherServer } from './server.ts';
import { fakeBuilder, testPipelineConfig } from './test-support.ts';
import { decide, SECRET_HEADER } from './webhook.ts';

const SECRET = 'un-secret-de-test-assez-long';
let base = '';
let pipeline: Pipeline;
let builder: ReturnType<typeof fakeBuilder>;
let close = () => {};

beforeAll(async () => {
  builder = fakeBuilder({ pages: 3 });
  pipeline = new Pipeline(testPipelineConfig({ debounceMs: 50 }), builder);
  await pipeline.init();
  const server = createPublisherServer(pipeline, SECRET);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const hook = (body: unknown, secret: string | null = SECRET) =>
  fetch(`${base}/webhooks/strapi`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { [SECRET_HEADER]: secret }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const publishEvent = { event: 'entry.publish', model: 'event', uid: 'api::event.event', entry: { documentId: 'abc', publishedAt: '2026-11-28T12:00:00.000Z' } };

describe('webhook receiver', () => {
  it('answers 401 to a wrong or missing secret, and builds nothing', async () => {
    expect((await hook(publishEvent, 'not-the-secret')).status).toBe(401);
    expect((await hook(publishEvent, null)).status).toBe(401);
    expect(pipeline.queue.state).toBe('idle');
  });

  it('answers 400 to a body that is not a Strapi webhook', async () => {
    expect((await hook('{not json')).status).toBe(400);
    expect((await hook({ model: 'event' })).status).toBe(400);
  });

  it('ignores a draft being saved', async () => {
    const res = await hook({ event: 'entry.update', model: 'event', entry: { documentId: 'abc', publishedAt: null } });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ queued: false });
    expect(pipeline.queue.state).toBe('idle');
  });

  it('ignores a new upload, but rebuilds when a file is replaced', async () => {
    const upload = await hook({ event: 'media.create', media: { id: 1, name: 'photo.jpg' } });
    expect(await upload.json()).toMatchObject({ queued: false });
    expect(pipeline.queue.state).toBe('idle');
    expect(decide({ event: 'media.update', media: { id: 1 } }).build).toBe(true);
    expect(decide({ event: 'entry.unpublish', model: 'event', entry: { publishedAt: null } }).build).toBe(true);
    expect(decide({ event: 'entry.create', model: 'event', entry: { publishedAt: null } }).build).toBe(false);
  });

  it('queues a build on publish, answers 202 at once, and the build goes live', async () => {
    const res = await hook(publishEvent);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ queued: true, queue: 'waiting' });
    await pipeline.queue.whenIdle();
    expect(builder.calls).toBe(1);
    const status = await (await fetch(`${base}/status.json`)).json();
    expect(status.current).toBeTruthy();
    expect(status.lastSuccess.reasons).toEqual(['entry.publish event']);
  });

  it('shows the status as a French page without scripts', async () => {
    const res = await fetch(`${base}/status`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Le site est à jour.');
    expect(html).not.toContain('<script');
  });

  it('refuses other methods on the webhook path', async () => {
    expect((await fetch(`${base}/webhooks/strapi`)).status).toBe(405);
  });
});
