import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteProcess, type SiteProcess } from '../support/site-process.ts';

/**
 * The site server's own answers: every redirect stays on this site (a Location starting with `//`
 * or `/\` sends the browser to another host), and Strict-Transport-Security when the site is
 * served over TLS. The fixture has folders named like hosts, so a redirect to them is possible.
 */
const dir = mkdtempSync(join(tmpdir(), 'passerelle-edge-site-'));
for (const folder of ['evil.example/x', 'x', 'quartiers/villeray', 'code-postal']) {
  mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, folder, 'index.html'), `<!doctype html><title>${folder}</title>`);
}
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Accueil</title>');
writeFileSync(join(dir, '404.html'), '<!doctype html><title>Introuvable</title>');
// A map poisoned through content: the postal-code redirect must not follow it off the site.
writeFileSync(
  join(dir, 'code-postal', 'fsa.json'),
  JSON.stringify({
    H2R: { fr: '/quartiers/villeray/', en: '/en/neighbourhoods/villeray/' },
    H0H: { fr: '//evil.example/', en: '/\\evil.example/' },
    H0A: { fr: 'https://evil.example/', en: '/\t/evil.example/' },
    H0B: { fr: '/.//evil.example/', en: 'javascript:alert(1)' },
  }),
);

let http: SiteProcess;
let https: SiteProcess;
beforeAll(async () => {
  [http, https] = await Promise.all([
    startSiteProcess({ SITE_DIR: dir }),
    startSiteProcess({ SITE_DIR: dir, PUBLIC_SITE_URL: 'https://passerelle.test' }),
  ]);
});
afterAll(async () => {
  await Promise.all([http?.stop(), https?.stop()]);
});

/** Raw request: fetch would normalise `//host` and `/\` before sending them. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; location: string | undefined; hsts: string | undefined }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, location: res.headers.location, hsts: res.headers['strict-transport-security'] });
    });
    req.on('error', reject);
    req.end();
  });
}

/** How a browser reads a Location: relative to the page, then which host it lands on. */
const landsOn = (location: string) => new URL(location, 'https://passerelle.test/page/').host;

describe('redirects stay on the site', () => {
  const attacks = [
    '//evil.example/x',
    '///evil.example/x',
    '/\\evil.example/x',
    '/\\\\evil.example/x',
    '/%2F%2Fevil.example/x',
    '/%5C%5Cevil.example/x',
    '/.//evil.example/x',
    '/./\\evil.example/x',
    '//evil.example/x?cp=1',
  ];

  it.each(attacks)('%s never redirects to another host', async (path) => {
    const answer = await get(http.base, path);
    expect(answer.status).toBeLessThan(500);
    if (answer.location !== undefined) {
      expect(answer.location.startsWith('/')).toBe(true);
      expect(answer.location).not.toMatch(/^[/\\]{2}/);
      expect(landsOn(answer.location)).toBe('passerelle.test');
    }
  });

  it('still adds the trailing slash, on a path of this site', async () => {
    expect((await get(http.base, '/quartiers/villeray')).location).toBe('/quartiers/villeray/');
    // The folder named like a host is reached as a folder, with one slash.
    expect((await get(http.base, '//evil.example/x')).location).toBe('/evil.example/x/');
    expect((await get(http.base, '/.//evil.example/x')).location).toBe('/evil.example/x/');
  });

  it('sends a postal code to its neighbourhood, and nowhere else whatever the map says', async () => {
    expect((await get(http.base, '/code-postal/?cp=H2R1A1')).location).toBe('/quartiers/villeray/');
    for (const path of ['/code-postal/?cp=H0H0H0', '/en/postal-code/?cp=H0H0H0', '/code-postal/?cp=H0A0A0', '/en/postal-code/?cp=H0A0A0', '/code-postal/?cp=H0B0B0', '/en/postal-code/?cp=H0B0B0', '/code-postal/?cp=__proto__']) {
      const answer = await get(http.base, path);
      expect(answer.status, path).toBeLessThan(500);
      if (answer.location !== undefined) {
        expect(landsOn(answer.location), `${path} → ${answer.location}`).toBe('passerelle.test');
        expect(answer.location, path).toMatch(/^\/(?![/\\])/);
      }
    }
  });
});

describe('HTTPS', () => {
  it('sends Strict-Transport-Security when the site is https (PUBLIC_SITE_URL)', async () => {
    for (const path of ['/', '/nulle-part/', '/quartiers/villeray', '/participer/petitions/x/signer']) {
      expect((await get(https.base, path)).hsts, path).toBe('max-age=31536000');
    }
  });

  it('sends it when the TLS proxy in front says so, and not over plain HTTP', async () => {
    expect((await get(http.base, '/', { 'x-forwarded-proto': 'https' })).hsts).toBe('max-age=31536000');
    expect((await get(http.base, '/')).hsts).toBeUndefined();
    expect((await get(http.base, '/', { 'x-forwarded-proto': 'http' })).hsts).toBeUndefined();
  });
});

describe("the CMS's operations endpoints", () => {
  it('are not served by the site server (it passes on /participer/ only, and the metrics have a port of their own)', async () => {
    for (const path of ['/metrics', '/_ready', '/_health']) expect((await get(http.base, path)).status, path).toBe(404);
  });
});
