import { expect } from '@playwright/test';
import { axeViolations } from '../support/html-checks.ts';
import { builtFiles, sitemapPaths, urlPathOf } from '../support/site.ts';
import { test } from '../support/worker-page.ts';

/**
 * axe (WCAG 2.0/2.1/2.2 A and AA rules) on every page of the sitemap, both languages, plus the
 * pages kept out of it (`noindex`) and the 404 page: zero violations. One test per page so a
 * failure names the page; the pages share one browser page per worker (support/worker-page.ts), which keeps each
 * test well under a second.
 */
// Weekly bulletins, petitions' paper sheets, training fiches and the search page are `noindex`,
// so not in the sitemap: walked from the build.
const noindexPages = builtFiles('.html')
  .map(urlPathOf)
  .filter((path) => /^\/(en\/neighbourhoods|quartiers)\/[^/]+\/bulletin\/$|^\/(en\/)?petitions\/[^/]+\/(feuille|sheet)\/$|^\/(formation|en\/training)\/[^/]+\/\d+\/fiche\/$|^\/(recherche|en\/search)\/$/.test(path));
const paths = [...sitemapPaths(), ...noindexPages, '/page-qui-n-existe-pas/'];

test('the sitemap lists pages in both languages', () => {
  expect(paths.filter((p) => p.startsWith('/en/')).length).toBeGreaterThan(20);
  expect(paths.filter((p) => !p.startsWith('/en/')).length).toBeGreaterThan(20);
});

for (const path of paths) {
  test(`axe: ${path}`, async ({ workerPage: page }) => {
    await page.goto(path);
    expect(await axeViolations(page)).toEqual([]);
  });
}
