import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteServer, type StartedSiteServer } from '../support/site-server.ts';

/** The site server passes /participer/ to the CMS (CMS_URL) with the client in X-Forwarded-For. */
let seen: { method: string; url: string; xff: string; body: string } | undefined;
let cms: Server;
let site: StartedSiteServer | undefined;
let base = '';

beforeAll(async () => {
  cms = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen = { method: req.method ?? '', url: req.url ?? '', xff: String(req.headers['x-forwarded-for'] ?? ''), body };
      res.writeHead(303, { Location: '/participer/petitions/x/merci?locale=fr' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-proxy-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  site = await startSiteServer({ SITE_DIR: dir, CMS_URL: `http://127.0.0.1:${(cms.address() as AddressInfo).port}` });
  base = site.base;
});

afterAll(() => {
  site?.close();
  cms?.close();
});

describe('the /participer/ proxy', () => {
  it('forwards a form post and returns the CMS answer as is', async () => {
    const response = await fetch(`${base}/participer/petitions/x/signer?locale=fr`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9' },
      body: 'name=Marie',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/participer/petitions/x/merci?locale=fr');
    expect(seen).toEqual({ method: 'POST', url: '/participer/petitions/x/signer?locale=fr', xff: '203.0.113.9, 127.0.0.1', body: 'name=Marie' });
  });

  it('still refuses other POSTs and serves pages', async () => {
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/`)).status).toBe(200);
  });
});
