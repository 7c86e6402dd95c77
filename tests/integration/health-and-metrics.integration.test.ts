import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPage, lastMessageTo, postForm, publishedPetition, signPath, tokenFrom, useTestOutbox, validSignature } from '../support/participation.ts';
import { cmsRequire, startStrapi, type StartedStrapi } from '../support/strapi.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/**
 * What an operator and a load balancer see of one CMS instance: liveness and readiness (down when
 * its database is, back when it is), the Prometheus endpoint on its private port only, counters
 * that move when a resident signs, labels that never hold what a resident typed, and the request
 * id that ties a request's log line to the proxy's.
 * On PostgreSQL the CMS reaches its database through a TCP relay the test cuts and restores; on
 * SQLite (a file, nothing to cut) the test closes the connection pool and opens it again.
 */
const usesPostgres = process.env.DATABASE_CLIENT === 'postgres';
let app: StartedStrapi;
let metricsUrl: string;
let proxy: TcpProxy | undefined;
let outbox: string;
const logLines: string[] = [];

const endpointModule = () =>
  cmsRequire(path.join(path.dirname(cmsRequire.resolve('./package.json')), 'dist/src/operations/metrics-endpoint.js')) as {
    metricsEndpointOf(strapi: object): { host: string; port: number } | undefined;
  };

beforeAll(async () => {
  outbox = useTestOutbox();
  const env: Record<string, string | undefined> = { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'http' };
  if (usesPostgres) {
    proxy = await startTcpProxy(process.env.DATABASE_HOST ?? '127.0.0.1', Number(process.env.DATABASE_PORT ?? 5432));
    env.DATABASE_PORT = String(proxy.port);
  }
  app = await startStrapi({ env });
  app.strapi.log.on('data', (info: Record<string | symbol, unknown>) => logLines.push(String(info[Symbol.for('message')])));
  const endpoint = endpointModule().metricsEndpointOf(app.strapi);
  if (!endpoint) throw new Error('no metrics endpoint with METRICS_PORT=0');
  metricsUrl = `http://${endpoint.host}:${endpoint.port}`;
});

afterAll(async () => {
  await proxy?.restore().catch(() => undefined);
  await app?.stop();
  await proxy?.close();
  delete process.env.METRICS_PORT;
  delete process.env.LOG_FORMAT;
});

async function scrape(): Promise<string> {
  const response = await fetch(`${metricsUrl}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series (0 when absent), labels given in any order. */
function valueOf(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries([...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

async function ready(): Promise<{ status: number; body: string }> {
  const response = await fetch(`${app.baseUrl}/_ready`);
  return { status: response.status, body: await response.text() };
}

describe('health and readiness', () => {
  it('answers liveness without the database and readiness with it, saying nothing else', async () => {
    expect((await fetch(`${app.baseUrl}/_health`)).status).toBe(204);
    expect(await ready()).toEqual({ status: 200, body: '{"status":"ready"}' });
  });

  it('is not ready while its database is gone, and ready again once it is back, without a restart', { timeout: 60_000 }, async () => {
    const knex = app.strapi.db.connection;
    if (proxy) await proxy.cut();
    else await knex.destroy();
    try {
      await expect.poll(async () => (await ready()).status, { timeout: 20_000, interval: 200 }).toBe(503);
      const down = await ready();
      expect(JSON.parse(down.body)).toEqual({ status: 'unavailable' });
      // Liveness does not touch the database: the process is fine, only not to be sent traffic.
      expect((await fetch(`${app.baseUrl}/_health`)).status).toBe(204);
    } finally {
      if (proxy) await proxy.restore();
      else knex.initialize();
    }
    await expect.poll(async () => (await ready()).status, { timeout: 30_000, interval: 250 }).toBe(200);
  });
});

describe('the metrics endpoint', () => {
  it('is served on the private port, and nowhere on the public one', async () => {
    const text = await scrape();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('passerelle_http_requests_total');
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/api/petitions`)).status).toBe(404);
  });

  it('shows how many messages wait in the outbox, how old the oldest is, and how many gave up', async () => {
    // Queued two minutes ago and not due for an hour (a provider in back-off): the worker leaves it.
    const now = Date.now();
    const waiting = await app.strapi.db.query('api::participation.outbound-message').create({
      data: {
        channel: 'sms', messageKind: 'petition-confirmation', idempotencyKey: `metrics-${now}`, recipient: '+15145550199',
        recipientHash: 'hash', body: 'Votre code : 000000', deliveryStatus: 'pending', attempts: 1,
        nextAttemptAtMs: now + 3_600_000, queuedAtMs: now - 120_000,
      },
    });
    try {
      const text = await scrape();
      expect(valueOf(text.replace(/^(passerelle_outbox_\w+) /gm, '$1{} '), 'passerelle_outbox_depth', {})).toBeGreaterThanOrEqual(1);
      expect(valueOf(text.replace(/^(passerelle_outbox_\w+) /gm, '$1{} '), 'passerelle_outbox_oldest_age_seconds', {})).toBeGreaterThanOrEqual(120);
      expect(text).toMatch(/^passerelle_outbox_dead \d+$/m);
      expect(text).not.toContain('5550199');
    } finally {
      await app.strapi.db.query('api::participation.outbound-message').delete({ where: { id: waiting.id } });
    }
  });

  it('counts a signature and its confirmation by outcome, and the request by route pattern', async () => {
    const petition = await publishedPetition(app.strapi);
    const before = await scrape();
    const email = `compteur.${randomBytes(3).toString('hex')}@exemple.ca`;
    const signed = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email }));
    expect(signed.status).toBe(303);
    const confirm = await postForm(app.baseUrl, '/participer/petitions/confirmer', { jeton: tokenFrom(lastMessageTo(outbox, email)), locale: 'fr' });
    expect(confirm.status).toBe(303);
    const refused = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: 'pas-un-courriel' }));
    expect(refused.status).toBe(422);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('passerelle_participation_outcomes_total', { form: 'signature', outcome: 'accepted' })).toBe(1);
    expect(delta('passerelle_participation_outcomes_total', { form: 'signature', outcome: 'invalid' })).toBe(1);
    expect(delta('passerelle_participation_outcomes_total', { form: 'signature-confirmation', outcome: 'confirmed' })).toBe(1);
    const route = '/participer/petitions/:slug/signer';
    expect(delta('passerelle_http_requests_total', { method: 'POST', route, status: '303' })).toBe(1);
    expect(delta('passerelle_http_requests_total', { method: 'POST', route, status: '422' })).toBe(1);
    expect(delta('passerelle_http_request_duration_seconds_count', { method: 'POST', route })).toBe(2);
  });

  it('never puts a path, a slug, a contact or a token in a label', async () => {
    const petition = await publishedPetition(app.strapi);
    const email = `etiquette.${randomBytes(3).toString('hex')}@exemple.ca`;
    const phone = '514-555-0142';
    await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, phone }));
    const jeton = tokenFrom(lastMessageTo(outbox, email));
    await getPage(app.baseUrl, `/participer/petitions/confirmer?jeton=${jeton}&locale=fr`);
    await getPage(app.baseUrl, `/api/petitions/${petition.slug}?filters[email][$eq]=${encodeURIComponent(email)}`);
    await getPage(app.baseUrl, `/nulle-part/${jeton}`);

    const text = await scrape();
    const labelValues = [...text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => m[2]!);
    expect(labelValues.length).toBeGreaterThan(10);
    for (const secret of [email.split('@')[0]!, jeton, petition.slug, '5550142', '555-0142', '@', 'nulle-part']) {
      expect(labelValues.filter((v) => v.includes(secret)), secret).toEqual([]);
    }
    // The made-up address is counted under the static files' catch-all, not under its path.
    expect(valueOf(text, 'passerelle_http_requests_total', { method: 'GET', route: 'static', status: '404' })).toBeGreaterThanOrEqual(1);
  });
});

describe('request ids and the JSON request log', () => {
  it('takes the id a trusted proxy sends, echoes it, and logs one JSON line per request with it', async () => {
    const id = `nginx-${randomBytes(8).toString('hex')}`;
    const from = logLines.length;
    const response = await fetch(`${app.baseUrl}/participer/petitions/confirmer?jeton=SecretJeton${randomBytes(6).toString('hex')}&locale=fr`, {
      headers: { 'x-request-id': id },
    });
    expect(response.headers.get('x-request-id')).toBe(id);
    await expect.poll(() => logLines.slice(from).some((l) => l.includes(id))).toBe(true);
    const line = JSON.parse(logLines.slice(from).find((l) => l.includes(id))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'http', method: 'GET', route: '/participer/petitions/confirmer', path: '/participer/petitions/confirmer', status: 404, requestId: id });
    expect(typeof line.durationMs).toBe('number');
    expect(typeof line.time).toBe('string');
    expect(JSON.stringify(line)).not.toContain('SecretJeton');
  });

  it('makes its own id when none comes, or when the one given is not an id', async () => {
    const plain = await fetch(`${app.baseUrl}/_health`);
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const forged = await fetch(`${app.baseUrl}/_health`, { headers: { 'x-request-id': 'marie@exemple.ca <script>' } });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
