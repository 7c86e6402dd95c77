import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, UPLOAD_PATH } from '../../site/server/serve.mjs';
import { startSiteServer, type StartedSiteServer } from '../support/site-server.ts';

/** The site server passes /participer/ to the CMS (CMS_URL) with the client in X-Forwarded-For. */
let seen: { method: string; url: string; xff: string; body: string } | undefined;
let cms: Server;
let site: StartedSiteServer | undefined;
let base = '';

/** The upload route: tells the test when its first bytes arrive; `?refuse` answers at once, as a signed-out upload is, and drains. */
let firstUploadBytes: () => void = () => {};
let uploadBytes = 0;
function fakeUpload(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  uploadBytes = 0;
  if ((req.url ?? '').includes('refuse')) {
    res.writeHead(303, { Location: '/participer/espace/connexion' });
    res.end();
    req.resume();
    return;
  }
  req.on('data', (chunk: Buffer) => {
    if (uploadBytes === 0) firstUploadBytes();
    uploadBytes += chunk.length;
  });
  req.on('end', () => {
    res.writeHead(303, { Location: '/participer/espace/ressources' });
    res.end();
  });
}

/** A chunked POST to the upload route whose first part is sent, then `rest` once `sendRest` resolves. */
function postInParts(path: string, first: Buffer, sendRest: Promise<unknown>, rest: Buffer): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    req.write(first);
    void sendRest.then(() => req.end(rest));
  });
}

beforeAll(async () => {
  cms = createServer((req: IncomingMessage, res) => {
    if ((req.url ?? '').startsWith(UPLOAD_PATH)) return fakeUpload(req, res);
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

  it('streams the upload form to the CMS: its first bytes arrive before the client has sent the rest', async () => {
    const arrived = new Promise<'arrived'>((resolve) => (firstUploadBytes = () => resolve('arrived')));
    const waited = Promise.race([arrived, new Promise<'held back'>((resolve) => setTimeout(() => resolve('held back'), 5_000))]);
    const answer = postInParts(UPLOAD_PATH, Buffer.alloc(64 * 1024, 'a'), waited, Buffer.alloc(1024 * 1024, 'b'));
    expect(await waited).toBe('arrived');
    expect(await answer).toEqual({ status: 303, location: '/participer/espace/ressources' });
    expect(uploadBytes).toBe(64 * 1024 + 1024 * 1024);
  });

  it('gives the CMS’s early answer (a signed-out upload) while the body is still coming, and cuts a chunked upload past the limit with a 413', async () => {
    const refused = await postInParts(`${UPLOAD_PATH}?refuse=1`, Buffer.alloc(256 * 1024, 'a'), Promise.resolve(), Buffer.alloc(2 * 1024 * 1024, 'b'));
    expect(refused).toEqual({ status: 303, location: '/participer/espace/connexion' });
    const tooLarge = await postInParts(UPLOAD_PATH, Buffer.alloc(1024 * 1024, 'a'), Promise.resolve(), Buffer.alloc(MAX_UPLOAD_BYTES, 'b'));
    expect(tooLarge.status).toBe(413);
    expect(uploadBytes).toBeLessThanOrEqual(MAX_UPLOAD_BYTES);
  });

  it('still refuses other POSTs and serves pages', async () => {
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/`)).status).toBe(200);
  });
});
