#!/usr/bin/env node
/**
 * Measures a built, served site: page weights per page type (raw/gzip/brotli), first-search and
 * map-on-click bytes, and LCP on a throttled phone profile (400 kbps, 400 ms RTT, CPU 4×) through
 * the Chrome DevTools Protocol. Prints JSON on stdout for scripts/bench.sh to tabulate.
 *
 *   node tests/bench/measure-site.mjs <dist-dir> <site-url>
 */
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const [dist, siteUrl] = process.argv.slice(2);
if (!dist || !siteUrl) throw new Error('usage: measure-site.mjs <dist-dir> <site-url>');

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? htmlFiles(full) : name.endsWith('.html') ? [full] : [];
  });
}

function pageType(path) {
  const p = path.replace(/^\/en\//, '/');
  if (p === '/' ) return 'home';
  if (/^\/(evenements|events|appels|calls|consultations|petitions)\/((\d+|archives?)\/)*(\d+\/)?$/.test(p)) return 'list';
  if (/^\/(evenements|events|appels|calls|consultations|petitions)\/[a-z0-9-]+\/$/.test(p)) return 'detail';
  if (/^\/(quartiers|neighbourhoods|themes|topics|organismes|organizations)\//.test(p)) return 'taxonomy';
  if (/^\/(carte|map)\//.test(p)) return 'map';
  if (/^\/(recherche|search)\//.test(p)) return 'search';
  return 'other';
}

const weights = {};
for (const file of htmlFiles(dist)) {
  const path = '/' + relative(dist, file).split(sep).join('/').replace(/index\.html$/, '');
  const body = readFileSync(file);
  const type = pageType(path);
  (weights[type] ??= []).push({ raw: body.length, gzip: gzipSync(body, { level: 9 }).length, br: brotliCompressSync(body).length });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const pageWeights = Object.fromEntries(
  Object.entries(weights).map(([type, list]) => [
    type,
    { pages: list.length, raw: median(list.map((w) => w.raw)), gzip: median(list.map((w) => w.gzip)), br: median(list.map((w) => w.br)), brMax: Math.max(...list.map((w) => w.br)) },
  ]),
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

async function transferred(page, action) {
  const sizes = [];
  const listener = (req) => {
    if (!req.url().startsWith(siteUrl)) return;
    sizes.push(req.sizes().then((s) => s.responseBodySize).catch(() => 0));
  };
  page.on('requestfinished', listener);
  await action();
  await page.waitForLoadState('networkidle');
  page.off('requestfinished', listener);
  return (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
}

const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await context.newPage();
await page.route('**/{tile,tiles,__tiles__}/**', (route) => route.abort());
await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());

await page.goto(new URL('/recherche/', siteUrl).href, { waitUntil: 'networkidle' });
const firstSearch = await transferred(page, async () => {
  await page.getByRole('searchbox').fill('epicerie');
  await page.getByRole('searchbox').press('Enter');
  await page.waitForTimeout(1500);
});
await page.goto(new URL('/carte/', siteUrl).href, { waitUntil: 'networkidle' });
const mapOnClick = await transferred(page, async () => {
  await page.getByRole('button', { name: /carte interactive/i }).click();
  await page.locator('.leaflet-container').waitFor();
  await page.waitForTimeout(1000);
});

// A detail page and a list page to measure: the first event linked from the events list.
await page.goto(new URL('/evenements/', siteUrl).href);
const detailHref = await page.locator('main a[href^="/evenements/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')).find((h) => /^\/evenements\/[a-z0-9-]+\/$/.test(h) && !h.includes('archives')));
await context.close();

async function lcp(path) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await ctx.newPage();
  const cdp = await ctx.newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await p.addInitScript(() => {
    globalThis.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) globalThis.__lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await p.goto(new URL(path, siteUrl).href, { waitUntil: 'load' });
  await p.waitForTimeout(500);
  const value = await p.evaluate(() => globalThis.__lcp);
  await ctx.close();
  return Math.round(value);
}

const lcpMs = { home: await lcp('/'), list: await lcp('/evenements/'), detail: detailHref ? await lcp(detailHref) : null };
await browser.close();
console.log(JSON.stringify({ pageWeights, firstSearch, mapOnClick, lcpMs }));
