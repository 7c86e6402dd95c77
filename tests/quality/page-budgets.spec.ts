import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { fixtureSlug } from '../support/e2e-fixtures.ts';
import { builtFiles, siteDist, urlPathOf } from '../support/site.ts';

/**
 * Deterministic budgets over the built site (bytes, not timings):
 * - every HTML page, CSS inlined, ≤ 14 KB brotli: it arrives in the first TCP round trip;
 * - no render-blocking script: only module/defer/async scripts, or data (JSON-LD);
 * - JavaScript loaded on first view ≤ 2 KB brotli per page (its static import graph, not lazy chunks);
 * - the pages the CMS renders after a form (not in dist) keep the same 14 KB budget;
 * - the offline service worker (`/sw.js`, fetched once per build, after the page) ≤ 2 KB brotli;
 *   its registration (`/sw-register.js`) is a first-view script and counts in the budget above.
 */
const PAGE_BUDGET = 14 * 1024;
const FIRST_VIEW_JS_BUDGET = 2 * 1024;
const SERVICE_WORKER_BUDGET = 2 * 1024;

const brotli = (buf: Buffer | string) => brotliCompressSync(buf).length;
const pages = builtFiles('.html');

function scriptTags(html: string) {
  return [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
}

/** Resolves a script URL to its file in dist and follows static `import … from` edges. */
function staticImportGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !existsSync(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) {
    const spec = m[1]!;
    const next = spec.startsWith('/') ? join(siteDist, spec) : resolve(dirname(entry), spec);
    staticImportGraph(next, seen);
  }
  return seen;
}

test('the site was built', () => {
  expect(pages.length, `no HTML pages in ${siteDist}`).toBeGreaterThan(50);
});

test('every page fits in one round trip (≤ 14 KB brotli with inline CSS)', () => {
  const sizes = pages.map((file) => ({ page: urlPathOf(file), bytes: brotli(readFileSync(file)) }));
  const over = sizes.filter((s) => s.bytes > PAGE_BUDGET);
  const largest = [...sizes].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  test.info().annotations.push({ type: 'largest pages', description: largest.map((s) => `${s.page} ${s.bytes} B`).join(', ') });
  expect(over, `pages over ${PAGE_BUDGET} B brotli`).toEqual([]);
});

test('the pages a form lands on, rendered by the CMS, fit the same budget, uncached', async ({ request }) => {
  const petition = fixtureSlug('petitionCheckedForAccessibility');
  const event = fixtureSlug('eventCheckedForAccessibility');
  const consultation = fixtureSlug('consultationCheckedForAccessibility');
  const call = fixtureSlug('callCheckedForAccessibility');
  const landings = [
    `/participer/petitions/${petition}/merci`,
    `/participer/petitions/${petition}/confirmee`,
    `/participer/evenements/${event}/inscrit`,
    `/participer/evenements/${event}/liste-attente`,
    `/participer/consultations/${consultation}/merci`,
    `/participer/appels/${call}/merci`,
  ].flatMap((path) => [`${path}?locale=fr`, `${path}?locale=en`]);
  for (const url of landings) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()['cache-control'], url).toBe('no-store');
    expect(brotli(await response.body()), url).toBeLessThanOrEqual(PAGE_BUDGET);
  }
});

test('the practitioners’ space’s pages, rendered by the CMS, fit the same budget, uncached', async ({ request }) => {
  for (const url of ['/participer/espace/connexion', '/participer/espace/connexion?locale=en', '/participer/espace/connexion/envoyee?locale=fr', '/participer/espace/connexion/envoyee?locale=en']) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()['cache-control'], url).toBe('no-store');
    expect(brotli(await response.body()), url).toBeLessThanOrEqual(PAGE_BUDGET);
  }
});

test('no page has a render-blocking script or external stylesheet', () => {
  const offenders: string[] = [];
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    for (const attrs of scriptTags(html)) {
      const isData = /type=["']?application\/(ld\+)?json/.test(attrs);
      const isDeferred = /type=["']?module/.test(attrs) || /\b(defer|async)\b/.test(attrs);
      if (!isData && !isDeferred) offenders.push(`${urlPathOf(file)}: <script${attrs}>`);
    }
    if (/<link\b[^>]*rel=["']?stylesheet/.test(html)) offenders.push(`${urlPathOf(file)}: external stylesheet`);
  }
  expect(offenders).toEqual([]);
});

test('JavaScript loaded on first view ≤ 2 KB brotli per page', () => {
  const offenders: string[] = [];
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    const files = new Set<string>();
    for (const attrs of scriptTags(html)) {
      const src = /src=["']?([^"'\s>]+)/.exec(attrs)?.[1];
      if (src && src.startsWith('/')) staticImportGraph(join(siteDist, src.split('?')[0]!), files);
    }
    // Inline module scripts count too.
    const inline = [...html.matchAll(/<script\b(?![^>]*application\/(?:ld\+)?json)[^>]*>([\s\S]*?)<\/script>/g)]
      .map((m) => m[1] ?? '')
      .join('');
    const bytes = [...files].reduce((sum, f) => sum + brotli(readFileSync(f)), 0) + (inline ? brotli(inline) : 0);
    if (bytes > FIRST_VIEW_JS_BUDGET) offenders.push(`${urlPathOf(file)}: ${bytes} B`);
  }
  expect(offenders).toEqual([]);
});

test('the offline service worker ≤ 2 KB brotli, registered by every page after it loads', () => {
  const worker = join(siteDist, 'sw.js');
  expect(existsSync(worker), 'dist/sw.js').toBe(true);
  expect(brotli(readFileSync(worker))).toBeLessThanOrEqual(SERVICE_WORKER_BUDGET);
  const register = readFileSync(join(siteDist, 'sw-register.js'), 'utf8');
  expect(register).toContain("addEventListener('load'");
  // Short links' files only send the browser on (meta refresh): nothing to read offline there.
  const without = pages.filter((file) => {
    const html = readFileSync(file, 'utf8');
    return !html.includes('http-equiv="refresh"') && !html.includes('<script defer src="/sw-register.js"></script>');
  });
  expect(without.map(urlPathOf)).toEqual([]);
});

test('no page refers to a third-party host for anything it loads', () => {
  const offenders: string[] = [];
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    for (const m of html.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)=["']?(https?:)?\/\/([^/"'\s>]+)/g)) {
      const tag = m[0];
      if (/<link\b/.test(tag) && !/rel=["']?(stylesheet|preload|modulepreload|icon)/.test(tag)) continue;
      offenders.push(`${urlPathOf(file)}: ${m[2]}`);
    }
  }
  expect(offenders).toEqual([]);
});

/**
 * Editors' images (site/src/lib/media/): every `<picture>` on a page points at files copied into the
 * build (never the CMS), its `<img>` reserves its space and loads lazily, and whichever of AVIF,
 * WebP or the JPEG fallback the browser picks adds ≤ 35 KB to the page.
 */
const IMAGE_BUDGET = 35 * 1024;

function pictures(html: string) {
  return [...html.matchAll(/<picture\b[^>]*>([\s\S]*?)<\/picture>/g)].map((m) => m[1] ?? '');
}

test('the demo data shows at least one editor image on a detail page', () => {
  const withPicture = pages.filter((file) => pictures(readFileSync(file, 'utf8')).length > 0);
  expect(withPicture.length, 'no page has a <picture>: the demo images (cms/data events/calls) are gone').toBeGreaterThan(0);
});

test('every image is local, lazy, sized, described, and adds ≤ 35 KB whichever format is picked', () => {
  const offenders: string[] = [];
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    for (const picture of pictures(html)) {
      const where = urlPathOf(file);
      const img = /<img\b[^>]*>/.exec(picture)?.[0] ?? '';
      for (const [attr, pattern] of [
        ['width', /\bwidth="?\d+/],
        ['height', /\bheight="?\d+/],
        ['alt', /\balt="[^"]+"/],
        ['loading=lazy', /\bloading="?lazy/],
        ['decoding=async', /\bdecoding="?async/],
      ] as const) {
        if (!pattern.test(img)) offenders.push(`${where}: <img> without ${attr}`);
      }
      if (!/<source\b[^>]*type="?image\/avif/.test(picture)) offenders.push(`${where}: no AVIF <source>`);
      if (!/<source\b[^>]*type="?image\/webp/.test(picture)) offenders.push(`${where}: no WebP <source>`);
      const urls = [...picture.matchAll(/\b(?:src|srcset)="?([^"\s>]+)/g)].map((m) => m[1]!);
      for (const url of urls) {
        if (!url.startsWith('/media/')) {
          offenders.push(`${where}: ${url} is not under /media/`);
          continue;
        }
        const onDisk = join(siteDist, url);
        if (!existsSync(onDisk)) offenders.push(`${where}: ${url} missing from the build`);
        else if (readFileSync(onDisk).length > IMAGE_BUDGET) offenders.push(`${where}: ${url} is ${readFileSync(onDisk).length} B`);
      }
    }
  }
  expect(offenders).toEqual([]);
});
