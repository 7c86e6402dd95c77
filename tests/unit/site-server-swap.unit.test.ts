import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteServer } from '../support/site-server.ts';

/**
 * The static server behind the publisher: SITE_DIR is the `builds/current` symlink, swapped by a
 * rename while the server runs. Its own file so the server module loads with this SITE_DIR.
 */
const builds = mkdtempSync(join(tmpdir(), 'passerelle-swap-'));
const current = join(builds, 'current');

function writeBuild(id: string, home: string) {
  mkdirSync(join(builds, id, 'code-postal'), { recursive: true });
  writeFileSync(join(builds, id, 'index.html'), `<!doctype html><title>${home}</title>${`<p>${home}</p>`.repeat(100)}`);
  writeFileSync(join(builds, id, '404.html'), `<!doctype html><title>404 ${home}</title>`);
  writeFileSync(join(builds, id, 'code-postal', 'fsa.json'), JSON.stringify({ H2R: { fr: `/${id}/`, en: `/en/${id}/` } }));
}

function swapTo(id: string) {
  const temporary = join(builds, `.current-${id}`);
  symlinkSync(id, temporary);
  renameSync(temporary, current);
}

let base = '';
let close: () => void = () => {};
beforeAll(async () => {
  const site = await startSiteServer({ SITE_DIR: current });
  base = site.base;
  close = site.close;
});
afterAll(() => close());

const home = async () => {
  const res = await fetch(`${base}/`, { headers: { 'accept-encoding': 'br' } });
  return { status: res.status, text: await res.text(), etag: res.headers.get('etag') };
};

describe('static server following the publisher’s swaps', () => {
  it('answers 503 (not a crash, not a 404) before the first build', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
  });

  it('serves the new build right after a swap, never the old cached one', async () => {
    writeBuild('build-a', 'Ancienne version');
    writeBuild('build-b', 'Nouvelle version');
    swapTo('build-a');
    const before = await home();
    expect(before.text).toContain('Ancienne version');
    swapTo('build-b');
    const after = await home();
    expect(after.text).toContain('Nouvelle version');
    expect(after.etag).not.toBe(before.etag);
    // The postal-code map is re-read from the new build too.
    const redirect = await fetch(`${base}/code-postal/?cp=H2R1A1`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('/build-b/');
  });

  it('serves the older build again after a rollback', async () => {
    swapTo('build-a');
    expect((await home()).text).toContain('Ancienne version');
    const notFound = await fetch(`${base}/nulle-part/`);
    expect(await notFound.text()).toContain('404 Ancienne version');
  });
});
