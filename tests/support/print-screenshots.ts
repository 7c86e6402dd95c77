/**
 * Regenerates the pictures of printed matter in docs/ (docs/print-and-share.md), for a person to
 * check by eye: `docs/images/poster.png` (one poster) and `docs/images/bulletin.png` (the weekly
 * bulletin of the neighbourhood with the most items, both sides). Chromium prints each page to PDF on Letter, as a resident's browser
 * would; poppler's pdftoppm rasterises it in grey and sharp puts the pages side by side in a
 * 16-grey PNG (a few tens of KB).
 *
 *   pnpm --filter @passerelle/tests exec tsx support/print-screenshots.ts
 *
 * Against the built site in site/dist (SITE_DIST), served on a free port by the site server, or
 * against SITE_URL when set. Build the site from the demo data first (`npm start` does, or
 * scripts/test.sh); what is printed is what that build holds.
 */
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { bulletinPath, pathTo, posterPath } from '@passerelle/shared';
import { siteDist } from './site.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const imagesDir = join(repoRoot, 'docs/images');
const DPI = 60;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

async function waitFor(url: string, seconds = 20): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** The first poster of an event in French, and the French bulletin with the most items this week. */
function chosenPages(): { poster: string; bulletin: string } {
  const posters = join(siteDist, posterPath('fr', 'events', 'x'), '..');
  const first = existsSync(posters) ? readdirSync(posters).sort()[0] : undefined;
  if (!first) throw new Error(`no event poster in ${siteDist}: build the site first`);
  const hoods = join(siteDist, pathTo('fr', 'neighbourhoods'));
  const items = (slug: string) => {
    const file = join(siteDist, bulletinPath('fr', slug), 'index.html');
    return existsSync(file) ? (readFileSync(file, 'utf8').match(/<h3\b/g) ?? []).length : -1;
  };
  const busiest = readdirSync(hoods).sort((a, b) => items(b) - items(a))[0]!;
  return { poster: posterPath('fr', 'events', first), bulletin: bulletinPath('fr', busiest) };
}

async function printToPng(baseUrl: string, path: string, out: string, work: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ locale: 'fr-CA', timezoneId: 'America/Toronto' });
    const response = await page.goto(new URL(path, baseUrl).href);
    if (!response?.ok()) throw new Error(`${path}: HTTP ${response?.status()}`);
    await page.emulateMedia({ media: 'print' });
    const pdf = join(work, 'page.pdf');
    writeFileSync(pdf, await page.pdf({ format: 'Letter' }));
    for (const name of readdirSync(work).filter((n) => n.endsWith('.png'))) rmSync(join(work, name));
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', '-gray', pdf, join(work, 'p')]);
    const pages = readdirSync(work).filter((n) => n.endsWith('.png')).sort().map((n) => readFileSync(join(work, n)));
    const sizes = await Promise.all(pages.map((p) => sharp(p).metadata()));
    const gap = 12;
    const width = sizes.reduce((sum, s) => sum + (s.width ?? 0), 0) + gap * (pages.length + 1);
    const height = Math.max(...sizes.map((s) => s.height ?? 0)) + gap * 2;
    let left = gap;
    const composite = pages.map((input, i) => {
      const at = { input, left, top: gap };
      left += (sizes[i]!.width ?? 0) + gap;
      return at;
    });
    await sharp({ create: { width, height, channels: 3, background: '#9a9a9a' } })
      .composite(composite)
      .greyscale()
      .png({ palette: true, colors: 16, compressionLevel: 9 })
      .toFile(out);
    console.log(`${out.replace(`${repoRoot}/`, '')}: ${path}, ${pages.length} page(s), ${readFileSync(out).length} bytes`);
  } finally {
    await browser.close();
  }
}

const work = mkdtempSync(join(tmpdir(), 'passerelle-screenshots-'));
let server: ReturnType<typeof spawn> | undefined;
try {
  let baseUrl = process.env.SITE_URL;
  if (!baseUrl) {
    const port = await freePort();
    server = spawn(process.execPath, [join(repoRoot, 'site/server/serve.mjs')], {
      env: { PATH: process.env.PATH, SITE_DIR: siteDist, SITE_PORT: String(port) },
      stdio: 'ignore',
    });
    baseUrl = `http://127.0.0.1:${port}/`;
    await waitFor(baseUrl);
  }
  const { poster, bulletin } = chosenPages();
  mkdirSync(imagesDir, { recursive: true });
  await printToPng(baseUrl, poster, join(imagesDir, 'poster.png'), work);
  await printToPng(baseUrl, bulletin, join(imagesDir, 'bulletin.png'), work);
} finally {
  server?.kill();
  rmSync(work, { recursive: true, force: true });
}
