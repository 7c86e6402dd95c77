import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Pipeline } from './pipeline.ts';

/**
 * The publisher's Prometheus metrics — how long full builds take and whether they went live, and
 * how many publishes wait for the next build — served on a private port of their own
 * (PUBLISHER_METRICS_PORT), never beside the webhook and status page.
 */
export function publisherMetrics(pipeline: Pipeline): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const durations = new Histogram({
    name: 'passerelle_publisher_build_duration_seconds',
    help: 'Full builds, from start to live (or to refusal), by outcome (live, failed).',
    labelNames: ['outcome'] as const,
    buckets: [5, 10, 20, 30, 60, 120, 300, 600, 900],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'passerelle_publisher_build_failures_total',
    help: 'Full builds that did not go live (build error, timeout, refused by a check).',
    registers: [registry],
  });
  new Gauge({
    name: 'passerelle_publisher_pending_publishes',
    help: 'Publishes received and waiting for the next full build.',
    registers: [registry],
    collect() {
      this.set(pipeline.queue.pending.length);
    },
  });
  pipeline.onBuildFinished = ({ live, seconds }) => {
    durations.observe({ outcome: live ? 'live' : 'failed' }, seconds);
    if (!live) failures.inc();
  };
  return registry;
}

/** `GET /metrics` and nothing else (404), on its own address and port. */
export async function startMetricsServer(registry: Registry, host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the handler catches every error itself (500)
  const server: Server = createServer(async (req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end('not found\n');
    }
    try {
      const body = await registry.metrics();
      res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('metrics unavailable\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
