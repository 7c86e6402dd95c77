import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewConfig, signPreviewQuery } from '../../site/server/preview.mjs';
import { startSiteServer, type StartedSiteServer } from '../support/site-server.ts';

/**
 * The site server's /apercu/ gate, without a CMS or a render build: the URL's signature is checked
 * first, requests are validated, failures are pages with no-store, never crashes. The signature
 * and expiry rules are in tests/security/preview-signature.security.test.ts; the preview itself (a
 * draft rendered) runs in the browser journeys against the seeded CMS.
 */
const SECRET = 'unit-preview-secret-0123456789';
let site: StartedSiteServer | undefined;
let base = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-preview-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, '404.html'), '<!doctype html><title>404</title>');
  site = await startSiteServer({
    SITE_DIR: dir,
    CMS_URL: 'http://127.0.0.1:9', // nothing listens: the renderer is never reached here
    CMS_PUBLIC_URL: 'https://cms.example.org/admin',
    PREVIEW_SECRET: SECRET,
    PREVIEW_API_TOKEN: 'unit-preview-token-0123456789',
    PREVIEW_DATA_STORE: join(dir, 'no-such-store.json'),
  });
  base = site.base;
});

afterAll(() => site?.close());

const preview = (query: Record<string, string>) => fetch(`${base}/apercu/?${new URLSearchParams(query)}`);
/** A URL as the CMS signs it, valid ten minutes. */
const signed = (target: { type: string; documentId: string; locale: string; status?: string }) =>
  fetch(`${base}/apercu/?${signPreviewQuery(SECRET, { status: 'draft', ...target }, Math.floor(Date.now() / 1000) + 600)}`);

describe('previewConfig', () => {
  it('is off unless the secret, the token and the CMS are all set', () => {
    expect(previewConfig({ PREVIEW_SECRET: 's', PREVIEW_API_TOKEN: 't' })).toBeNull();
    expect(previewConfig({ PREVIEW_SECRET: 's', CMS_URL: 'http://cms:1337' })).toBeNull();
    expect(previewConfig({ PREVIEW_API_TOKEN: 't', CMS_URL: 'http://cms:1337' })).toBeNull();
    expect(previewConfig({ PREVIEW_SECRET: 's', PREVIEW_API_TOKEN: 't', CMS_URL: 'http://cms:1337', CMS_PUBLIC_URL: 'https://cms.example.org/' })).toEqual({
      secret: 's',
      apiToken: 't',
      cmsUrl: 'http://cms:1337',
      frameAncestors: ['https://cms.example.org', 'http://cms:1337'],
    });
  });
});

describe('GET /apercu/', () => {
  it('refuses without a signature, with a wrong one, or with the secret itself: 401, no-store, noindex, framable by the CMS only', async () => {
    const queries: Array<Record<string, string>> = [
      { type: 'events', documentId: 'abc', locale: 'fr', status: 'draft' },
      { type: 'events', documentId: 'abc', locale: 'fr', status: 'draft', exp: '4102444800', sig: '0'.repeat(64) },
      { type: 'events', documentId: 'abc', locale: 'fr', status: 'draft', secret: SECRET },
    ];
    for (const query of queries) {
      const response = await preview(query);
      expect(response.status).toBe(401);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://cms.example.org http://127.0.0.1:9;");
      expect(await response.text()).toContain('Aperçu refusé');
    }
  });

  it('rejects a signed request for an unknown type, a malformed documentId, locale or status with 400', async () => {
    const queries = [
      { type: 'signatures', documentId: 'abc', locale: 'fr' },
      { type: 'events', documentId: 'a/b', locale: 'fr' },
      { type: 'events', documentId: 'abc', locale: 'es' },
      { type: 'events', documentId: 'abc', locale: 'fr', status: 'archived' },
    ];
    for (const query of queries) {
      const response = await signed(query);
      expect(response.status, JSON.stringify(query)).toBe(400);
    }
  });

  it('says the preview is unavailable (503) when the renderer cannot load, and keeps serving', async () => {
    const response = await signed({ type: 'events', documentId: 'abc', locale: 'fr' });
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('Aperçu indisponible');
    expect((await fetch(`${base}/`)).status).toBe(200);
  });

  it('the rest of the site keeps its own headers', async () => {
    const response = await fetch(`${base}/`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-robots-tag')).toBeNull();
  });
});
