import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { itemCollections, posterPath, segments, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { builtFiles, siteDist, siteUrl, urlPathOf } from '../support/site.ts';

/**
 * Posters as they come out of a printer: Chromium prints a sample to PDF on Letter and on A4, each
 * must be exactly one page; the Letter PDF is rendered at 150 dpi (poppler's pdftoppm) and its QR
 * code read with a real decoder (jsQR): it must hold the item's short link, which must lead to the
 * item. On screen, at 200 % zoom, nothing runs off the side.
 */
const pages = builtFiles('.html');
const posterFolder = (locale: Locale, type: (typeof itemCollections)[number]) => `${posterPath(locale, type, 'x').replace(/x\/$/, '')}`;

/** One poster per kind and language, plus the one with the most text in each language (the hardest to keep on one page). */
function sample(): string[] {
  const chosen = new Set<string>();
  for (const locale of ['fr', 'en'] as const) {
    let longest = { path: '', length: 0 };
    for (const type of itemCollections) {
      const posters = pages.filter((file) => urlPathOf(file).startsWith(posterFolder(locale, type)));
      if (posters[0]) chosen.add(urlPathOf(posters[0]));
      for (const file of posters) {
        const text = readFileSync(file, 'utf8').replace(/<style[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>|<[^>]+>/g, '');
        if (text.length > longest.length) longest = { path: urlPathOf(file), length: text.length };
      }
    }
    if (longest.path) chosen.add(longest.path);
  }
  return [...chosen];
}
const posters = sample();

test('every kind of item has posters in both languages', () => {
  for (const locale of ['fr', 'en'] as const) {
    for (const type of itemCollections) {
      expect(posters.some((p) => p.startsWith(posterFolder(locale, type))), `${locale} ${segments[locale][type]}`).toBe(true);
    }
  }
});

/**
 * Posters are written after the build from their own template (site/src/lib/poster-page.ts), not by
 * Astro: their shell must stay the one every Astro page has. Compared with their item's page, which
 * Astro renders with the same layout.
 */
test('a poster has the shell and the site CSS of the pages Astro renders', () => {
  const read = (path: string) => readFileSync(join(siteDist, path, 'index.html'), 'utf8');
  const part = (html: string, start: string, end: string) => {
    const from = html.indexOf(start);
    return from === -1 ? '' : html.slice(from, html.indexOf(end, from) + end.length).replace(/ aria-current="[^"]*"/g, '');
  };
  const css = (html: string) => [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((style) => style[1]).join('');
  for (const poster of posters) {
    const html = read(poster);
    const item = read(poster.replace(/^\/affiches\//, '/').replace(/^\/en\/posters\//, '/en/'));
    expect(html.slice(0, html.indexOf('<title>')), poster).toBe(item.slice(0, item.indexOf('<title>')));
    expect(part(html, '<a class="skip"', '</a>'), poster).toBe(part(item, '<a class="skip"', '</a>'));
    expect(part(html, '<header class="top">', '<a class="lang"'), poster).toBe(part(item, '<header class="top">', '<a class="lang"'));
    expect(part(html, '<nav', '</nav>'), poster).toBe(part(item, '<nav', '</nav>'));
    expect(part(html, '<footer', '</html>'), poster).toBe(part(item, '<footer', '</html>'));
    // The poster's own CSS, then the site's (global.css), each minified on a line of its own.
    const [own, site] = css(html).split('\n');
    expect(own, poster).toContain('.poster{');
    expect(site && css(item).includes(site), `${poster}: the site's CSS as the item page has it`).toBe(true);
  }
});

test('an item page links to its poster', async ({ page }) => {
  const poster = posters[0]!;
  const itemPath = poster.replace(/^\/affiches\//, '/');
  await page.goto(itemPath);
  await expect(page.getByRole('link', { name: t('fr', 'printPoster') })).toHaveAttribute('href', poster);
});

for (const poster of posters) {
  test(`${poster}: one page on Letter and A4, black on white, its QR code leads to the item, readable at 200 % zoom`, async ({ page, request }) => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-poster-'));
    try {
      await page.setViewportSize({ width: 640, height: 900 }); // a 1280 px window at 200 %
      await page.goto(poster);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'horizontal scroll at 200 % zoom').toBeLessThanOrEqual(0);
      const itemPath = await page.locator('.screen-only a').first().getAttribute('href');
      const printed = await page.locator('.poster-url').innerText();

      await page.emulateMedia({ media: 'print' });
      for (const format of ['Letter', 'A4'] as const) {
        writeFileSync(join(dir, `${format}.pdf`), await page.pdf({ format }));
        const info = execFileSync('pdfinfo', [join(dir, `${format}.pdf`)], { encoding: 'utf8' });
        expect(/^Pages:\s+(\d+)$/m.exec(info)?.[1], `${format} pages`).toBe('1');
      }
      // Black and white friendly: printed in colour, no pixel has a hue (greys only, anti-aliasing included).
      execFileSync('pdftoppm', ['-r', '50', '-png', '-singlefile', join(dir, 'Letter.pdf'), join(dir, 'colour')]);
      const colour = PNG.sync.read(readFileSync(join(dir, 'colour.png')));
      let hued = 0;
      for (let i = 0; i < colour.data.length; i += 4) {
        const [r, g, b] = [colour.data[i]!, colour.data[i + 1]!, colour.data[i + 2]!];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 24) hued += 1;
      }
      expect(hued, 'coloured pixels on the printed poster').toBe(0);
      execFileSync('pdftoppm', ['-r', '150', '-png', '-gray', '-singlefile', join(dir, 'Letter.pdf'), join(dir, 'page')]);
      const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
      const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
      expect(code, 'no QR code read from the page at 150 dpi').not.toBeNull();
      const url = new URL(code!.data);
      expect(url.origin).toBe(new URL(siteUrl).origin);
      expect(url.pathname).toMatch(/^\/(en\/)?[eacp]\/[2-9A-HJKMNP-Z]{3,8}\/$/);
      // The link typed out under the code is the same link, without scheme or final slash.
      expect(printed).toBe(`${url.host}${url.pathname.replace(/\/$/, '')}`);
      // The short link itself answers: 200 (the static page that forwards) or 301 (nginx's map) to the item.
      const answer = await request.get(url.href, { maxRedirects: 0 });
      expect([200, 301], `${url.href} answered ${answer.status()}`).toContain(answer.status());
      if (answer.status() === 301) expect(new URL(answer.headers()['location']!, url).pathname).toBe(itemPath);
      else expect(await answer.text()).toContain(`href="${itemPath}"`);
      await page.emulateMedia({ media: 'screen' });
      await page.goto(url.href);
      await page.waitForURL((landed) => landed.pathname === itemPath);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a poster at the content limits (200-character title, 280-character summary, long place and access notes) still prints on one page', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-poster-'));
  try {
    const event = posters.find((p) => p.startsWith(posterFolder('fr', 'events')))!;
    await page.goto(event);
    // The schema's limits (shared/src/content): title ≤ 200, summary ≤ 280 characters; place notes are free text.
    await page.evaluate(() => {
      const words = (n: number) => 'Activité communautaire gratuite pour toute la famille au centre du quartier '.repeat(10).slice(0, n);
      document.querySelector('.poster h1')!.textContent = words(200);
      document.querySelector('.poster-summary')!.textContent = words(280);
      for (const dd of document.querySelectorAll('.poster-facts dd')) dd.textContent = words(240);
    });
    await page.emulateMedia({ media: 'print' });
    for (const format of ['Letter', 'A4'] as const) {
      writeFileSync(join(dir, `${format}.pdf`), await page.pdf({ format }));
      expect(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [join(dir, `${format}.pdf`)], { encoding: 'utf8' }))?.[1], `${format} pages`).toBe('1');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
