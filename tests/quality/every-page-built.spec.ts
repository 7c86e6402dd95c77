import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { siteDist, sitemapPaths } from '../support/site.ts';

/**
 * The sitemap is written from the content, the pages are rendered one by one (several at a time:
 * `build.concurrency` in astro.config.mjs). Every page the sitemap promises, in both languages,
 * must be in the build: a page lost by the render would otherwise only show as a 404 for residents.
 */
test('every page the sitemap lists was built, in both languages', () => {
  const paths = sitemapPaths();
  expect(paths.filter((p) => p.startsWith('/en/events/')).length).toBeGreaterThan(10);
  expect(paths.filter((p) => p.startsWith('/evenements/')).length).toBeGreaterThan(10);
  const missing = paths.filter((p) => !existsSync(join(siteDist, decodeURIComponent(p), 'index.html')));
  expect(missing).toEqual([]);
});
