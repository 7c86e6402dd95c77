import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { builtFiles, urlPathOf } from '../support/site.ts';

/**
 * What search engines show of a page: every built page has its own meaningful description (the
 * item's summary, or a sentence for lists and taxonomy pages), long enough to say something and
 * short enough to be shown whole. Lighthouse's SEO audit fails a page without one.
 */
const decode = (text: string) =>
  text.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

// Short links (`/e/7K2/`, site/src/lib/short-link-files.ts) are one-line refresh pages, not for indexing.
const isShortLinkPage = (file: string) => /^\/(en\/)?[eacp]\/[^/]+\/$/.test(urlPathOf(file));
const allPages = builtFiles('.html');
const pages = allPages.filter((file) => !/\/404\.html$/.test(file) && !isShortLinkPage(file));
const shortLinkPages = allPages.filter(isShortLinkPage);
const builtPaths = new Set(allPages.map(urlPathOf));

test('every page has a meta description of 40 to 320 characters, not just its title', () => {
  expect(pages.length).toBeGreaterThan(50);
  const problems: string[] = [];
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    const description = /<meta name="description" content="([^"]*)"/.exec(html)?.[1];
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
    if (description === undefined) {
      problems.push(`${urlPathOf(file)}: none`);
      continue;
    }
    const text = decode(description).trim();
    if (text.length < 40 || text.length > 320) problems.push(`${urlPathOf(file)}: ${text.length} characters`);
    if (decode(title).startsWith(text)) problems.push(`${urlPathOf(file)}: repeats the title`);
  }
  expect(problems).toEqual([]);
});

test('short link pages are kept out of search engines and name the item they lead to as canonical', () => {
  expect(shortLinkPages.length).toBeGreaterThan(10);
  const problems: string[] = [];
  for (const file of shortLinkPages) {
    const html = readFileSync(file, 'utf8');
    const target = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(html)?.[1];
    const canonical = /<link rel="canonical" href="([^"]+)">/.exec(html)?.[1];
    if (!html.includes('<meta name="robots" content="noindex">')) problems.push(`${urlPathOf(file)}: no noindex`);
    if (!target || !canonical || new URL(canonical).pathname !== target) problems.push(`${urlPathOf(file)}: canonical ${canonical} ≠ target ${target}`);
    else if (!builtPaths.has(target)) problems.push(`${urlPathOf(file)}: ${target} was not built`);
  }
  expect(problems).toEqual([]);
});
