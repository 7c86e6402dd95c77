import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { bulletinPath, bulletinTextPath, pathTo, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { axeViolations } from '../support/html-checks.ts';
import { fixtureSlug } from '../support/e2e-fixtures.ts';
import { siteDist, siteUrl } from '../support/site.ts';

/**
 * Weekly bulletins as they come out of a printer: Chromium prints a sample on Letter, `pdfinfo`
 * counts at most 2 pages (both sides of one sheet), even for the busiest neighbourhood and with
 * every text at the content limits; the pages are rendered at 150 dpi (poppler's pdftoppm) and the
 * QR code read with jsQR: it must hold the neighbourhood's page, which must answer. The plain-text
 * version: UTF-8 served as such, lines of 80 characters at most, no markup.
 */
const locales = ['fr', 'en'] as const;
const neighbourhoodSlugs = (locale: Locale) => {
  const dir = join(siteDist, pathTo(locale, 'neighbourhoods'));
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
};
const builtHtml = (path: string) => readFileSync(join(siteDist, path, 'index.html'), 'utf8');
const entriesOf = (path: string) => (builtHtml(path).match(/<li\b/g) ?? []).length;

/** The busiest bulletin (most entries) in each language, and the neighbourhood nothing is announced in. */
const busiest = (locale: Locale) =>
  neighbourhoodSlugs(locale)
    .map((slug) => bulletinPath(locale, slug))
    .sort((a, b) => entriesOf(b) - entriesOf(a))[0]!;
const quiet = fixtureSlug('neighbourhoodWithNothingAnnounced');
const sample = [busiest('fr'), busiest('en'), bulletinPath('fr', quiet), bulletinPath('en', quiet)];

async function pdfPages(pdf: Buffer, dir: string, name: string): Promise<number> {
  writeFileSync(join(dir, `${name}.pdf`), pdf);
  const info = execFileSync('pdfinfo', [join(dir, `${name}.pdf`)], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
}

test('every neighbourhood has a bulletin and its plain text, in both languages, linked from its page', async ({ page }) => {
  for (const locale of locales) {
    const slugs = neighbourhoodSlugs(locale);
    expect(slugs.length, locale).toBeGreaterThan(10);
    for (const slug of slugs) {
      expect(existsSync(join(siteDist, bulletinPath(locale, slug), 'index.html')), `${locale} ${slug}`).toBe(true);
      expect(existsSync(join(siteDist, bulletinTextPath(locale, slug))), `${locale} ${slug}.txt`).toBe(true);
    }
  }
  await page.goto(pathTo('fr', 'neighbourhoods', 'villeray'));
  await page.getByRole('link', { name: t('fr', 'bulletinLink') }).click();
  await expect(page).toHaveURL(new RegExp(`${bulletinPath('fr', 'villeray')}$`));
  await expect(page.getByRole('link', { name: t('fr', 'bulletinPlainText') })).toHaveAttribute('href', bulletinTextPath('fr', 'villeray'));
  await page.goto(pathTo('en', 'neighbourhoods', 'villeray'));
  await expect(page.getByRole('link', { name: t('en', 'bulletinLink') })).toHaveAttribute('href', bulletinPath('en', 'villeray'));
});

test('the busiest bulletin has more than a sheet holds: it is capped and says how many more, and where', () => {
  for (const locale of locales) {
    const html = builtHtml(busiest(locale));
    expect(html, busiest(locale)).toContain('class="bulletin-more"');
  }
  const empty = builtHtml(bulletinPath('fr', quiet));
  expect(empty).toContain(t('fr', 'bulletinNoEvents'));
  expect(empty).toContain(t('fr', 'bulletinNoOpen'));
  expect(empty).toContain('514 555-0199'); // PLATFORM_PHONE of the test build: how to take part stays
});

for (const path of sample) {
  test(`${path}: at most 2 Letter pages, its QR code leads to the neighbourhood, no axe violation, readable at 200 % zoom`, async ({ page, request }) => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-bulletin-'));
    try {
      await page.setViewportSize({ width: 640, height: 900 }); // a 1280 px window at 200 %
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'horizontal scroll at 200 % zoom').toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
      const neighbourhoodPath = await page.locator('.screen-only a').first().getAttribute('href');
      const printed = await page.locator('.bulletin-url').innerText();
      await page.emulateMedia({ media: 'print' });
      const pages = await pdfPages(await page.pdf({ format: 'Letter' }), dir, 'letter');
      expect(pages, 'Letter pages').toBeLessThanOrEqual(2);
      execFileSync('pdftoppm', ['-r', '150', '-png', '-gray', '-f', String(pages), '-l', String(pages), join(dir, 'letter.pdf'), join(dir, 'page')]);
      const image = readdirSync(dir).find((name) => name.endsWith('.png'))!;
      const png = PNG.sync.read(readFileSync(join(dir, image)));
      const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
      expect(code, 'no QR code read from the last page at 150 dpi').not.toBeNull();
      const url = new URL(code!.data);
      expect(url.origin).toBe(new URL(siteUrl).origin);
      expect(url.pathname).toBe(neighbourhoodPath);
      expect(printed).toBe(`${url.host}${url.pathname.replace(/\/$/, '')}`);
      expect((await request.get(url.href)).status()).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const locale of locales) {
  test(`${busiest(locale)} at the content limits (titles, places and costs as long as printed) still prints on both sides of one sheet`, async ({ page }) => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-bulletin-'));
    try {
      await page.goto(busiest(locale));
      await page.evaluate(() => {
        const words = (n: number) => 'Activité communautaire gratuite pour toute la famille au centre du quartier '.repeat(10).slice(0, n);
        // Titles cut at 110 characters on paper; a date range across two days ≤ 95, the place cut at 140,
        // the cost at 80 (lib/bulletins.ts), registration and the link ≤ 95.
        for (const item of document.querySelectorAll('.bulletin-list li')) {
          item.querySelector('h3')!.textContent = `${words(109)}…`; // BulletinView cuts titles at 110
          const [facts, rest] = item.querySelectorAll('p');
          if (item.closest('section')?.getAttribute('aria-labelledby') === 'b-events') {
            facts!.textContent = `${words(95)} · ${words(140)}`;
            rest!.textContent = `${words(80)} · ${words(60)} · ${words(35)}`;
          } else {
            facts!.textContent = `${words(75)} · ${words(35)}`; // "Consultation, ouverte jusqu’au mercredi 30 décembre 2026 · Détails : …"
          }
        }
        document.querySelector('.bulletin h1')!.textContent = `Bulletin de la semaine : ${words(60)}`;
      });
      await page.emulateMedia({ media: 'print' });
      expect(await pdfPages(await page.pdf({ format: 'Letter' }), dir, 'limits'), 'Letter pages').toBeLessThanOrEqual(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the plain-text bulletins: UTF-8 served as such, at most 80 characters a line, no markup, dates in words', async ({ request }) => {
  for (const locale of locales) {
    for (const slug of ['villeray', quiet]) {
      const response = await request.get(bulletinTextPath(locale, slug));
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('text/plain; charset=utf-8');
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await response.body());
      for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
      expect(text).not.toMatch(/<[a-z/!]|&[a-z]+;|https?:\/\//i);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no machine dates: read aloud, they mean nothing
      expect(text).toMatch(locale === 'fr' ? /du lundi \d+(er)? \p{L}+ \d{4} au dimanche/u : /from Monday, \p{L}+ \d+, \d{4} to Sunday/u);
      expect(text).toContain(t(locale, 'bulletinOfflineTitle').toUpperCase());
    }
  }
});
