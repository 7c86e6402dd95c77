import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteServer } from '../support/site-server.ts';

/** The static server on a tiny fixture site: headers, compression, 404, postal codes, safety. */
const dir = mkdtempSync(join(tmpdir(), 'passerelle-serve-'));
mkdirSync(join(dir, 'code-postal'), { recursive: true });
mkdirSync(join(dir, '_assets'), { recursive: true });
mkdirSync(join(dir, 'quartiers', 'villeray'), { recursive: true });
writeFileSync(join(dir, 'index.html'), `<!doctype html><title>Accueil</title>${'<p>Bonjour</p>'.repeat(200)}`);
writeFileSync(join(dir, '404.html'), '<!doctype html><title>Introuvable</title><a href="/">Accueil</a>');
writeFileSync(join(dir, 'quartiers', 'villeray', 'index.html'), '<!doctype html><title>Villeray</title>');
writeFileSync(join(dir, 'code-postal', 'index.html'), '<!doctype html><title>Codes postaux</title>');
writeFileSync(join(dir, 'code-postal', 'fsa.json'), JSON.stringify({ H2R: { fr: '/quartiers/villeray/', en: '/en/neighbourhoods/villeray/' } }));
writeFileSync(join(dir, '_assets', 'map.abc123.js'), 'export const x = 1;');

let base = '';
let close: () => void = () => {};
beforeAll(async () => {
  const site = await startSiteServer({ SITE_DIR: dir });
  base = site.base;
  close = site.close;
});
afterAll(() => close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers, redirect: 'manual' });

describe('static site server', () => {
  it('serves pages compressed with brotli, a short cache and security headers', async () => {
    const res = await get('/', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toContain('max-age=60');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    // OWASP ASVS 3.4.3: no plugins, and no <base> to rebase relative links.
    expect(res.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("base-uri 'none'");
    expect(res.headers.get('referrer-policy')).toBeTruthy();
    expect(await res.text()).toContain('Bonjour');
  });
  it('answers 304 to a matching ETag', async () => {
    const etag = (await get('/')).headers.get('etag')!;
    expect((await get('/', { 'if-none-match': etag })).status).toBe(304);
  });
  it('marks hashed assets immutable', async () => {
    expect((await get('/_assets/map.abc123.js')).headers.get('cache-control')).toContain('immutable');
  });
  it('serves the 404 page with status 404', async () => {
    const res = await get('/nulle-part/');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Introuvable');
  });
  it('adds the trailing slash to directories', async () => {
    const res = await get('/quartiers/villeray');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/quartiers/villeray/');
  });
  it('sends a postal code to its neighbourhood, in both languages', async () => {
    const fr = await get('/code-postal/?cp=h2r+1a1');
    expect(fr.status).toBe(303);
    expect(fr.headers.get('location')).toBe('/quartiers/villeray/');
    expect((await get('/en/postal-code/?cp=H2R')).headers.get('location')).toBe('/en/neighbourhoods/villeray/');
  });
  it('shows the postal-code list for an unknown postal code', async () => {
    const res = await get('/code-postal/?cp=A1A1A1');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Codes postaux');
  });
  it('never serves files outside the site folder', async () => {
    expect((await get('/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });
  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(base + '/', { method: 'POST' })).status).toBe(405);
  });
});
