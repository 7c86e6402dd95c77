import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Pipeline } from './pipeline.ts';
import { renderStatusPage } from './status-page.ts';
import { decide, expressEventFrom, ledgerEntryFrom, SECRET_HEADER, secretMatches, webhookBodySchema } from './webhook.ts';

/**
 * The publisher's HTTP side:
 *   POST /webhooks/strapi  Strapi's webhook (shared secret header), answers 202 at once
 *   GET  /status.json      build status for tools
 *   GET  /status           the same for editors, in French, without JavaScript
 *   GET  /_health          liveness: the process answers (`/health`, its older name, too)
 *   GET  /_ready           readiness: the builds folder is there and writable (503 otherwise)
 * Metrics are not here: they have a port of their own (metrics.ts).
 */
const MAX_BODY_BYTES = 1024 * 1024;

const baseHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createPublisherServer(pipeline: Pipeline, secret: string): Server {
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the handler catches every error itself (500), so the promise Node ignores never rejects
  return createServer(async (req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');

      if (url.pathname === '/webhooks/strapi') {
        if (req.method !== 'POST') {
          res.writeHead(405, { ...baseHeaders, Allow: 'POST' });
          return res.end();
        }
        const given = req.headers[SECRET_HEADER];
        if (!secretMatches(Array.isArray(given) ? given[0] : given, secret)) {
          req.resume();
          return json(401, { error: 'invalid or missing secret' });
        }
        let raw: unknown;
        try {
          raw = JSON.parse(await readBody(req));
        } catch (error) {
          if (error instanceof BodyTooLarge) return json(413, { error: 'body too large' });
          return json(400, { error: 'body is not JSON' });
        }
        const parsed = webhookBodySchema.safeParse(raw);
        if (!parsed.success) return json(400, { error: 'not a Strapi webhook body', issues: parsed.error.issues });
        const decision = decide(parsed.data);
        if (decision.build) {
          // On disk before the answer: a 202 means the publish will be built, even after a crash.
          try {
            await pipeline.publish(ledgerEntryFrom(parsed.data, decision.why));
          } catch (error) {
            console.error(`[publisher] could not record a publish: ${(error as Error).message}`);
            // Strapi does not retry; the status page shows the failure, an editor publishes again.
            return json(503, { error: 'could not record the publish (disk full or not writable?)' });
          }
          const express = pipeline.express && expressEventFrom(parsed.data);
          // Not awaited: the webhook is answered at once; the express lane reports on the status page.
          if (express) void pipeline.express!.enqueue(express);
        }
        return json(202, { queued: decision.build, why: decision.why, queue: pipeline.queue.state });
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...baseHeaders, Allow: 'GET, HEAD' });
        return res.end();
      }
      if (url.pathname === '/status.json') return json(200, await pipeline.snapshot());
      if (url.pathname === '/status' || url.pathname === '/status/') {
        res.writeHead(200, { ...baseHeaders, 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(req.method === 'HEAD' ? undefined : renderStatusPage(await pipeline.snapshot()));
      }
      if (url.pathname === '/health') return json(200, { ok: true });
      if (url.pathname === '/_health') return json(200, { status: 'ok' });
      if (url.pathname === '/_ready') {
        const ok = await access(pipeline.releases.dir, constants.W_OK).then(
          () => true,
          () => false,
        );
        return json(ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable' });
      }
      return json(404, { error: 'not found' });
    } catch (error) {
      console.error('[publisher] request failed', error);
      if (!res.headersSent) json(500, { error: 'internal error' });
      else res.end();
    }
  });
}
