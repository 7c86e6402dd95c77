import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { publisherMetrics, startMetricsServer } from './metrics.ts';
import { Pipeline } from './pipeline.ts';
import { createPublisherServer } from './server.ts';
import { fakeBuilder, testPipelineConfig } from './test-support.ts';

const valueOf = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1] ?? 0);

describe('publisher metrics', () => {
  it('times builds by outcome, counts failures, and counts publishes waiting', async () => {
    const builder = fakeBuilder({ pages: 3 });
    const pipeline = new Pipeline(testPipelineConfig({ debounceMs: 10_000 }), builder);
    await pipeline.init();
    const registry = publisherMetrics(pipeline);

    pipeline.queue.trigger('publish event abc');
    pipeline.queue.trigger('publish event def');
    expect(valueOf(await registry.metrics(), 'passerelle_publisher_pending_publishes')).toBe(2);
    pipeline.queue.triggerNow('now');
    await pipeline.queue.whenIdle();
    const failing = new Pipeline(testPipelineConfig({ debounceMs: 1 }), fakeBuilder({ pages: 3, failWith: 'astro exited 1' }));
    await failing.init();
    const failingRegistry = publisherMetrics(failing);
    failing.queue.triggerNow('now');
    await failing.queue.whenIdle();

    const ok = await registry.metrics();
    expect(valueOf(ok, 'passerelle_publisher_build_duration_seconds_count{outcome="live"}')).toBe(1);
    expect(valueOf(ok, 'passerelle_publisher_build_failures_total')).toBe(0);
    expect(valueOf(ok, 'passerelle_publisher_pending_publishes')).toBe(0);
    const failed = await failingRegistry.metrics();
    expect(valueOf(failed, 'passerelle_publisher_build_duration_seconds_count{outcome="failed"}')).toBe(1);
    expect(valueOf(failed, 'passerelle_publisher_build_failures_total')).toBe(1);
    expect(failed).toContain('process_cpu_user_seconds_total');
  });

  it('serves /metrics on its own port only, and the public server has none', async () => {
    const pipeline = new Pipeline(testPipelineConfig(), fakeBuilder({ pages: 3 }));
    await pipeline.init();
    const metrics = await startMetricsServer(publisherMetrics(pipeline), '127.0.0.1', 0);
    const server = createPublisherServer(pipeline, 'un-secret-de-test-assez-long');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const publicBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`http://127.0.0.1:${metrics.port}/metrics`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${metrics.port}/status`)).status).toBe(404);
      expect((await fetch(`${publicBase}/metrics`)).status).toBe(404);
    } finally {
      await metrics.close();
      server.close();
    }
  });
});

describe('publisher health', () => {
  it('is live, and ready only while its builds folder is writable', async () => {
    const pipeline = new Pipeline(testPipelineConfig(), fakeBuilder({ pages: 3 }));
    await pipeline.init();
    const server = createPublisherServer(pipeline, 'un-secret-de-test-assez-long');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const health = await fetch(`${base}/_health`);
      expect([health.status, await health.text()]).toEqual([200, '{"status":"ok"}']);
      const ready = await fetch(`${base}/_ready`);
      expect([ready.status, await ready.text()]).toEqual([200, '{"status":"ready"}']);
      // As root, permissions do not stop a write: the folder is removed from under it instead.
      rmSync(pipeline.releases.dir, { recursive: true, force: true });
      const gone = await fetch(`${base}/_ready`);
      expect([gone.status, await gone.text()]).toEqual([503, '{"status":"unavailable"}']);
    } finally {
      server.close();
    }
  });
});
