import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPreviewQuery, verifyPreviewQuery } from '../../site/server/preview.mjs';
import { startSiteServer, type StartedSiteServer } from '../support/site-server.ts';

/**
 * The site server's half of the draft preview: `/apercu/` opens only the type, document, locale
 * and status its URL was signed for (HMAC-SHA256 with PREVIEW_SECRET), and only until the URL's
 * expiry. Checked on the verification function with a given clock, and on the real server.
 * (preview-access.security.test.ts proves the CMS signs what this accepts.)
 */
const SECRET = 'signature-preview-secret-0123456789';
const target = { type: 'events', documentId: 'abcdefghijklmnopqrstuvwx', locale: 'fr', status: 'draft' } as const;
const NOW = Date.UTC(2026, 10, 5, 12, 0, 0);
const EXP = Math.floor(NOW / 1000) + 1800;

let site: StartedSiteServer | undefined;
const saved = { nodeEnv: process.env.NODE_ENV };

beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-preview-signature-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, '404.html'), '<!doctype html><title>404</title>');
  site = await startSiteServer({
    SITE_DIR: dir,
    CMS_URL: 'http://127.0.0.1:9',
    PREVIEW_SECRET: SECRET,
    PREVIEW_API_TOKEN: 'signature-preview-token-0123456789',
    // No render build here: a URL that passes the gate gets the 503 "unavailable" page.
    PREVIEW_DATA_STORE: join(dir, 'no-such-store.json'),
  });
});

afterAll(() => {
  site?.close();
  if (saved.nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = saved.nodeEnv;
});

const with_ = (query: URLSearchParams, changes: Record<string, string | null>) => {
  const copy = new URLSearchParams(query);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) copy.delete(key);
    else copy.set(key, value);
  }
  return copy;
};

describe('verifyPreviewQuery', () => {
  const genuine = signPreviewQuery(SECRET, target, EXP);

  it('accepts the URL as signed, before its expiry, and gives back what it was signed for', () => {
    expect([...genuine.keys()].sort()).toEqual(['documentId', 'exp', 'locale', 'sig', 'status', 'type']);
    expect(verifyPreviewQuery(genuine, SECRET, NOW)).toEqual({ ok: true, target });
    expect(verifyPreviewQuery(genuine, SECRET, EXP * 1000 - 1)).toEqual({ ok: true, target });
  });

  it('signs HMAC-SHA256 over the type, document, locale, status and expiry, with the secret as key', () => {
    const canonical = JSON.stringify(['passerelle-preview', target.type, target.documentId, target.locale, target.status, String(EXP)]);
    expect(genuine.get('sig')).toBe(createHmac('sha256', SECRET).update(canonical).digest('hex'));
    expect(genuine.toString()).not.toContain(SECRET);
  });

  it('refuses the URL for any other type, document, locale, status or expiry', () => {
    const others: Array<Record<string, string | null>> = [
      { type: 'petitions' },
      { type: 'calls' },
      { documentId: 'abcdefghijklmnopqrstuvwy' },
      { documentId: `${target.documentId}x` },
      { locale: 'en' },
      { status: 'published' },
      { exp: String(EXP + 1) },
      { exp: String(EXP + 86_400) },
      { exp: `0${EXP}` },
    ];
    for (const change of others) {
      expect(verifyPreviewQuery(with_(genuine, change), SECRET, NOW), JSON.stringify(change)).toEqual({ ok: false, failure: 'refused' });
    }
  });

  it('refuses a missing, malformed or foreign signature, and a repeated parameter', () => {
    const sig = genuine.get('sig')!;
    const bad: Array<Record<string, string | null>> = [
      { sig: null },
      { sig: '' },
      { sig: sig.slice(0, -1) },
      { sig: `${sig}0` },
      { sig: sig.toUpperCase() },
      { sig: sig.replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
      { sig: signPreviewQuery(`${SECRET}x`, target, EXP).get('sig') },
      { exp: null },
      { exp: 'demain' },
      { type: null },
      { documentId: null },
    ];
    for (const change of bad) {
      expect(verifyPreviewQuery(with_(genuine, change), SECRET, NOW), JSON.stringify(change)).toEqual({ ok: false, failure: 'refused' });
    }
    const repeated = new URLSearchParams(genuine);
    repeated.append('documentId', 'autredocument000000000000');
    expect(verifyPreviewQuery(repeated, SECRET, NOW)).toEqual({ ok: false, failure: 'refused' });
  });

  it('says a genuine URL has expired from its expiry second on, and only when its signature holds', () => {
    expect(verifyPreviewQuery(genuine, SECRET, EXP * 1000)).toEqual({ ok: false, failure: 'expired' });
    expect(verifyPreviewQuery(genuine, SECRET, NOW + 31 * 60_000)).toEqual({ ok: false, failure: 'expired' });
    // A forged old link is refused, not "expired": the page must not vouch for it.
    const forged = with_(signPreviewQuery(SECRET, target, EXP - 3600), { documentId: 'autredocument000000000000' });
    expect(verifyPreviewQuery(forged, SECRET, NOW)).toEqual({ ok: false, failure: 'refused' });
  });

  it('after the signature, still rejects what the site cannot show (400)', () => {
    for (const odd of [{ ...target, type: 'signatures' }, { ...target, documentId: '../etc' }, { ...target, locale: 'es' }, { ...target, status: 'archived' }]) {
      expect(verifyPreviewQuery(signPreviewQuery(SECRET, odd, EXP), SECRET, NOW), JSON.stringify(odd)).toEqual({ ok: false, failure: 'bad-request' });
    }
  });
});

describe('GET /apercu/ on the real site server', () => {
  const fresh = () => signPreviewQuery(SECRET, target, Math.floor(Date.now() / 1000) + 600);
  const open = (query: URLSearchParams) => fetch(`${site!.base}/apercu/?${query}`);

  it('lets a fresh signed URL through the gate', async () => {
    const response = await open(fresh());
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('Aperçu indisponible');
  });

  it('answers an expired URL with a 401 page that says to reopen the preview from the CMS', async () => {
    const expired = signPreviewQuery(SECRET, target, Math.floor(Date.now() / 1000) - 1);
    const response = await open(expired);
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    const body = await response.text();
    expect(body).toContain('Ce lien d’aperçu a expiré. Rouvrez l’aperçu depuis le CMS.');
    expect(body).toContain('This preview link has expired. Reopen the preview from the CMS.');
  });

  it('answers an altered URL with the 401 "refused" page', async () => {
    const changes: Array<Record<string, string | null>> = [{ documentId: 'autredocument000000000000' }, { locale: 'en' }, { status: 'published' }, { type: 'calls' }, { sig: null }];
    for (const change of changes) {
      const response = await open(with_(fresh(), change));
      expect(response.status, JSON.stringify(change)).toBe(401);
      expect(await response.text()).toContain('Aperçu refusé');
    }
  });

  it('answers a signed request for something the site cannot show with a 400 page', async () => {
    const response = await open(signPreviewQuery(SECRET, { ...target, locale: 'de' }, Math.floor(Date.now() / 1000) + 600));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Aperçu impossible');
  });
});
