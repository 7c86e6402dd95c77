import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtFiles, siteDist, siteUrl, sitemapPaths, urlPathOf } from '../support/site.ts';

/**
 * What search engines read of every built page, checked from the files (cheap, no browser): the
 * static half of Lighthouse's SEO audits, over all pages rather than a sample (lighthouse-seo.spec.ts
 * runs the real audit on one page of each kind). Every page has its own meaningful description
 * (the item's summary, or a sentence for lists and taxonomy pages), a title, its language, a
 * canonical address when indexed, valid language alternates, links that say where they lead,
 * images with a text alternative; robots.txt lets crawlers in and names the sitemap.
 */
const decode = (text: string) =>
  text.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

// Short links (`/e/7K2/`, site/src/lib/short-link-files.ts) are one-line refresh pages, not for indexing.
const isShortLinkPage = (file: string) => /^\/(en\/)?[eacp]\/[^/]+\/$/.test(urlPathOf(file));
const allPages = builtFiles('.html');
const pages = allPages.filter((file) => !isShortLinkPage(file));
const shortLinkPages = allPages.filter(isShortLinkPage);
const builtPaths = new Set(allPages.map(urlPathOf));
const html = new Map(allPages.map((file) => [file, readFileSync(file, 'utf8')]));
const read = (file: string) => html.get(file) ?? readFileSync(file, 'utf8');
const head = (file: string) => read(file).split(/<body[\s>]/)[0] ?? '';
const isNoindex = (file: string) => head(file).includes('<meta name="robots" content="noindex">');
const origin = new URL(siteUrl).origin;

/** The language of a page from its address: English under /en/, French elsewhere (the 404 page is both, French first). */
const expectedLang = (file: string) => (urlPathOf(file).startsWith('/en/') ? 'en-CA' : 'fr-CA');

/**
 * Link texts that say nothing of where a link leads: Lighthouse's `link-text` list (English), and
 * the same words in French, which Lighthouse does not know but a French reader and Google do.
 */
const vagueLinkTexts = new Set([
  'click here', 'click this', 'go', 'here', 'information', 'learn more', 'more', 'more info', 'more information',
  'right here', 'read more', 'see more', 'start', 'this',
  'ici', 'cliquez ici', 'cliquez', 'en savoir plus', 'plus', 'plus d’information', 'plus d’informations',
  "plus d'information", "plus d'informations", 'plus d’infos', "plus d'infos", 'informations', 'lire la suite', 'la suite',
  'suite', 'voir plus', 'voir', 'lien', 'ce lien', 'commencer', 'aller', 'ceci', 'cela',
]);

function report(check: (file: string, page: string) => string | undefined, files = allPages): string[] {
  return files.map((file) => check(file, read(file))).filter((problem): problem is string => problem !== undefined);
}

test('every page has exactly one non-empty meta description', () => {
  expect(allPages.length).toBeGreaterThan(50);
  expect(
    report((file, page) => {
      const found = [...head(file).matchAll(/<meta name="description" content="([^"]*)"/g)].map((m) => decode(m[1]!).trim());
      return found.length === 1 && found[0] ? undefined : `${urlPathOf(file)}: ${found.length} descriptions ${JSON.stringify(found)}${page.includes('name="description"') && !found.length ? ' (outside <head>)' : ''}`;
    }),
  ).toEqual([]);
});

test('every page has a meta description of 40 to 320 characters, not just its title', () => {
  const problems: string[] = [];
  for (const file of pages) {
    const description = /<meta name="description" content="([^"]*)"/.exec(read(file))?.[1];
    const title = /<title>([^<]*)<\/title>/.exec(read(file))?.[1] ?? '';
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

test('every page has one title and says its language', () => {
  expect(
    report((file, page) => {
      const titles = [...head(file).matchAll(/<title>([^<]*)<\/title>/g)].map((m) => decode(m[1]!).trim());
      if (titles.length !== 1 || !titles[0]) return `${urlPathOf(file)}: titles ${JSON.stringify(titles)}`;
      const lang = /^<!doctype html><html lang="([^"]+)"/i.exec(page)?.[1];
      if (lang !== expectedLang(file)) return `${urlPathOf(file)}: lang ${lang}, expected ${expectedLang(file)}`;
      return undefined;
    }),
  ).toEqual([]);
});

test('an indexed page names itself as canonical; a noindex page names no other page, but for short links', () => {
  const indexed = pages.filter((file) => !isNoindex(file));
  expect(indexed.length).toBeGreaterThan(50);
  expect(
    report((file) => {
      const canonicals = [...head(file).matchAll(/<link rel="canonical" href="([^"]*)"/g)].map((m) => m[1]!);
      if (isNoindex(file)) return canonicals.length === 0 ? undefined : `${urlPathOf(file)}: noindex with a canonical ${canonicals.join(' ')}`;
      if (canonicals.length !== 1) return `${urlPathOf(file)}: ${canonicals.length} canonicals`;
      const url = new URL(canonicals[0]!);
      return url.origin === origin && url.pathname === urlPathOf(file) ? undefined : `${urlPathOf(file)}: canonical ${canonicals[0]}`;
    }, pages),
  ).toEqual([]);
});

test('language alternates are absolute, valid, built, and name each other', () => {
  const alternatesOf = (file: string) =>
    [...head(file).matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => ({ lang: m[1]!, href: m[2]! }));
  const fileOf = (path: string) => join(siteDist, path, 'index.html');
  const problems: string[] = [];
  let seen = 0;
  for (const file of pages) {
    const alternates = alternatesOf(file);
    if (alternates.length === 0) continue;
    seen++;
    const path = urlPathOf(file);
    if (isNoindex(file)) problems.push(`${path}: noindex with language alternates`);
    const langs = alternates.map((a) => a.lang).sort();
    if (langs.join() !== 'en-CA,fr-CA') problems.push(`${path}: hreflang ${langs.join()}`);
    for (const { lang, href } of alternates) {
      if (!/^https?:\/\//.test(href) || new URL(href).origin !== origin) {
        problems.push(`${path}: ${lang} → ${href} is not an absolute address of the site`);
        continue;
      }
      const target = new URL(href).pathname;
      if (lang === expectedLang(file) && target !== path) problems.push(`${path}: its own ${lang} alternate is ${target}`);
      if (!builtPaths.has(target)) {
        problems.push(`${path}: ${lang} → ${target} was not built`);
        continue;
      }
      const back = existsSync(fileOf(target)) ? alternatesOf(fileOf(target)) : [];
      if (!back.some((a) => new URL(a.href).pathname === path)) problems.push(`${path}: ${target} does not name it back`);
    }
  }
  expect(seen).toBeGreaterThan(50);
  expect(problems).toEqual([]);
});

test('links say where they lead and can be followed', () => {
  expect(
    report((file, page) => {
      const bad: string[] = [];
      for (const [, attributes = '', inner = ''] of page.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)) {
        const href = /\shref="([^"]*)"/.exec(attributes)?.[1];
        if (href === undefined || href === '' || /^javascript:/i.test(href)) bad.push(`<a${attributes}> cannot be followed`);
        const text = decode(inner.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim().toLowerCase();
        const label = /\saria-label="([^"]*)"/.exec(attributes)?.[1];
        if (!text && !label && !/<img\b[^>]*\salt="[^"]+"/.test(inner) && !/<svg\b[\s\S]*<title>/.test(inner)) bad.push(`<a href="${href}"> has no text`);
        if (vagueLinkTexts.has(text)) bad.push(`<a href="${href}">${text}</a>`);
      }
      return bad.length ? `${urlPathOf(file)}: ${[...new Set(bad)].join(', ')}` : undefined;
    }),
  ).toEqual([]);
});

test('every image has a text alternative (empty when it only decorates)', () => {
  expect(
    report((file, page) => {
      const bad = [...page.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]).filter((img) => !/\salt="/.test(img));
      return bad.length ? `${urlPathOf(file)}: ${bad.join(' ')}` : undefined;
    }),
  ).toEqual([]);
});

test('robots.txt lets every crawler in and names the sitemap, which lists indexed pages only', () => {
  const robots = readFileSync(join(siteDist, 'robots.txt'), 'utf8');
  const lines = robots.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
  const problems: string[] = [];
  for (const line of lines) {
    const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!match) problems.push(`not a directive: ${line}`);
    else if (!['user-agent', 'allow', 'disallow', 'sitemap'].includes(match[1]!.toLowerCase())) problems.push(`unknown directive: ${line}`);
  }
  expect(problems).toEqual([]);
  expect(lines[0]).toBe('User-agent: *');
  expect(lines.filter((line) => /^disallow:\s*\/$/i.test(line))).toEqual([]);
  const sitemaps = lines.filter((line) => /^sitemap:/i.test(line)).map((line) => line.replace(/^sitemap:\s*/i, ''));
  expect(sitemaps).toEqual([new URL('/sitemap.xml', siteUrl).href]);

  const listed = sitemapPaths();
  expect(listed.length).toBeGreaterThan(50);
  const notIndexed = listed.filter((path) => {
    const file = join(siteDist, path, 'index.html');
    return !existsSync(file) || isNoindex(file);
  });
  expect(notIndexed).toEqual([]);
});

test('short link pages are kept out of search engines and name the item they lead to as canonical', () => {
  expect(shortLinkPages.length).toBeGreaterThan(10);
  const problems: string[] = [];
  for (const file of shortLinkPages) {
    const page = read(file);
    const target = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(page)?.[1];
    const canonical = /<link rel="canonical" href="([^"]+)">/.exec(page)?.[1];
    if (!isNoindex(file)) problems.push(`${urlPathOf(file)}: no noindex`);
    if (!target || !canonical || new URL(canonical).pathname !== target) problems.push(`${urlPathOf(file)}: canonical ${canonical} ≠ target ${target}`);
    else if (!builtPaths.has(target)) problems.push(`${urlPathOf(file)}: ${target} was not built`);
  }
  expect(problems).toEqual([]);
});
