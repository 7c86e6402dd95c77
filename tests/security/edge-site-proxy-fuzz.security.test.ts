import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedEventWithForm, publishedPetition, useTestOutbox, validRsvp, validSignature } from '../support/participation.ts';
import { startSiteProcess, type SiteProcess } from '../support/site-process.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * Malformed, oversized and odd requests through the site server to the CMS behind it, as in
 * production: no answer may be a 5xx (a 5xx means "our fault", and pages people see must never
 * say the service is down because someone sent junk). A body over the limit is refused by the site
 * server itself (413, like nginx's client_max_body_size), with or without Content-Length. The
 * random generator is seeded, so a failure replays exactly.
 */
useTestOutbox();
const SEED = 20261204;
const REQUESTS = 320;
let cms: StartedStrapi;
let site: SiteProcess;
let slugs: { petition: string; event: string };

beforeAll(async () => {
  cms = await startStrapi();
  slugs = {
    petition: (await publishedPetition(cms.strapi, 'open')).slug,
    event: (await publishedEventWithForm(cms.strapi, 5)).slug,
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-edge-fuzz-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Accueil</title>');
  writeFileSync(path.join(dir, '404.html'), '<!doctype html><title>Introuvable</title>');
  site = await startSiteProcess({ SITE_DIR: dir, CMS_URL: cms.baseUrl });
});

afterAll(async () => {
  await site?.stop();
  await cms?.stop();
});

/** mulberry32: small, seeded, good enough to pick cases. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes };
}

interface Case {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Sent as chunks of this size without Content-Length (Transfer-Encoding: chunked). */
  chunked?: number;
}

interface Outcome {
  status: number | null;
  error?: string;
}

function generate(count: number): Case[] {
  const r = rng(SEED);
  const paths = () => [
    `/participer/petitions/${slugs.petition}/signer?locale=fr`,
    `/participer/petitions/${slugs.petition}/signer?locale=en`,
    `/participer/evenements/${slugs.event}/inscription?locale=fr`,
    '/participer/petitions/confirmer',
    '/participer/petitions/code?locale=fr',
    '/participer/evenements/annuler',
    '/participer/activites/proposer',
    '/participer/appels/inconnu/interesse',
    '/participer/consultations/inconnue/repondre',
    `/participer/petitions/${slugs.petition}/compte.json`,
    '/participer/altcha/defi.json',
    '/participer/nulle-part',
    '/participer',
    `/participer/petitions/${'x'.repeat(r.int(3000))}/signer`,
    '/participer/petitions/%E0%A4%A/signer',
    '/participer/petitions/%00/signer',
    '/participer/../admin',
    `/participer/petitions/${slugs.petition}/signer?${'locale=fr&'.repeat(r.int(400))}`,
  ];
  const types = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=ISO-8859-1', 'application/json', 'multipart/form-data; boundary=x', 'text/plain', '', 'application/x-www-form-urlencoded;;;'];
  const sizes = () => r.pick([0, 10, 500, 4_000, 16 * 1024, 16 * 1024 + 1, 20_000, 40_000, 200_000, 500_000, 1_000_000, 1_300_000]);
  const forms = () => [
    new URLSearchParams(validSignature()).toString(),
    new URLSearchParams(validRsvp()).toString(),
    `name=${'%'.repeat(r.int(50))}&email=${encodeURIComponent('<script>')}`,
    'a=1&a=2&__proto__=x&constructor=y',
  ];
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 16 === 0) {
      // Honest forms among the junk: the proxy must keep passing them on.
      const rsvp = r.next() < 0.5;
      cases.push({
        label: `#${i} honest`,
        method: 'POST',
        path: rsvp ? `/participer/evenements/${slugs.event}/inscription?locale=fr` : `/participer/petitions/${slugs.petition}/signer?locale=fr`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(new URLSearchParams(rsvp ? validRsvp() : validSignature()).toString()),
      });
      continue;
    }
    const method = r.pick(['POST', 'POST', 'POST', 'POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
    const size = sizes();
    const body = r.next() < 0.5 && size < 16 * 1024 ? Buffer.from(r.pick(forms())) : r.next() < 0.5 ? Buffer.alloc(size, 'a=b&') : r.bytes(Math.min(size, 50_000));
    const headers: Record<string, string> = {};
    const type = r.pick(types);
    if (type) headers['content-type'] = type;
    if (r.next() < 0.2) headers.origin = r.pick(['https://evil.example', 'null', 'http://127.0.0.1:4321']);
    if (r.next() < 0.2) headers['sec-fetch-site'] = r.pick(['cross-site', 'same-origin', 'none', 'garbage']);
    if (r.next() < 0.2) headers['x-forwarded-for'] = r.pick(['unknown', '1.2.3.4, 5.6.7.8', '::1', '[2001:db8::1]:80', 'x'.repeat(2000)]);
    if (r.next() < 0.1) headers.expect = '100-continue';
    if (r.next() < 0.1) headers['accept-encoding'] = 'br, gzip';
    const bodyless = method === 'GET' || method === 'HEAD';
    // Tiny chunks only for small bodies: a megabyte one byte at a time tests nothing more, slowly.
    const chunked = !bodyless && r.next() < 0.3 ? (body.length > 20_000 ? r.pick([8_192, 65_536]) : r.pick([1, 100, 8_192])) : undefined;
    cases.push({ label: `#${i} ${method}`, method, path: r.pick(paths()), headers, body: bodyless && r.next() < 0.7 ? Buffer.alloc(0) : body, chunked });
  }
  return cases;
}

/** Sends one case and waits for its answer; a write error after the answer arrived is fine. */
function send(base: string, c: Case): Promise<Outcome> {
  return new Promise((resolve) => {
    const url = new URL(base);
    let status: number | null = null;
    const headers = { ...c.headers };
    if (c.chunked === undefined && c.body.length > 0) headers['content-length'] = String(c.body.length);
    // Said outright: Node would otherwise send a DELETE's or an OPTIONS's chunks with no framing.
    if (c.chunked !== undefined) headers['transfer-encoding'] = 'chunked';
    const req = request({ host: url.hostname, port: url.port, method: c.method, path: c.path, headers, agent: false }, (res) => {
      status = res.statusCode ?? null;
      res.resume();
      res.on('end', () => resolve({ status }));
      res.on('error', () => resolve({ status }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status, ...(status === null ? { error: error.message } : {}) }));
    if (c.chunked !== undefined) {
      for (let at = 0; at < c.body.length; at += c.chunked) req.write(c.body.subarray(at, at + c.chunked));
      req.end();
    } else req.end(c.body);
  });
}

/** Raw bytes for what a client library would refuse to send. */
function sendRaw(base: string, raw: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const url = new URL(base);
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
      resolve(match ? { status: Number(match[1]) } : { status: null, error: `no answer: ${JSON.stringify(answer.slice(0, 80))}` });
    });
    socket.setTimeout(10_000, () => socket.destroy());
    socket.end(raw);
  });
}

describe('fuzz through the site server', () => {
  it(`answers ${REQUESTS} malformed, oversized and odd requests without a single 5xx`, { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const cases = generate(REQUESTS);
    const concurrency = 4;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const outcome = await send(site.base, c);
          if (outcome.status !== null) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
          if (outcome.status === null || outcome.status >= 500) {
            failures.push(`${c.label} ${c.path.slice(0, 80)} body=${c.body.length}${c.chunked ? ' chunked' : ''} → ${outcome.status ?? outcome.error}`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    // The run did exercise the paths it claims to: accepted forms, refusals, size limits.
    expect(statuses.get(303) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(413) ?? 0).toBeGreaterThan(20);
    expect([...statuses.keys()].some((s) => s >= 400 && s < 500 && s !== 413)).toBe(true);
  });

  it('refuses an oversized form itself, declared or chunked, with a 413 page', async () => {
    const path = `/participer/petitions/${slugs.petition}/signer?locale=fr`;
    for (const size of [200_000, 600_000, 1_000_000]) {
      for (const chunked of [undefined, 16_384]) {
        const body = Buffer.alloc(size, 'a=b&');
        const outcome = await send(site.base, { label: 'big', method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, chunked });
        expect(outcome, `${size} ${chunked ? 'chunked' : 'declared'}`).toEqual({ status: 413 });
      }
    }
    const page = await fetch(site.base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x'.repeat(40_000),
    });
    expect(page.status).toBe(413);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('trop long');
  });

  it('answers malformed HTTP framing with a 4xx', async () => {
    const target = `/participer/petitions/${slugs.petition}/signer`;
    const raws = [
      `POST ${target} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n`,
      `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde`,
      `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`,
      `GET /participer/\u0000 HTTP/1.1\r\nHost: x\r\n\r\n`,
    ];
    for (const raw of raws) {
      const outcome = await sendRaw(site.base, raw);
      expect(outcome.status, JSON.stringify(raw.slice(0, 60))).not.toBeNull();
      expect(outcome.status, JSON.stringify(raw.slice(0, 60))).toBeLessThan(500);
    }
  });
});
