import { expect, test } from '@playwright/test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathTo, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { builtFiles, siteDist, siteUrl, urlPathOf } from '../support/site.ts';

/**
 * The subscription calendars and Atom feeds of the built site, read by the parsers calendar apps and
 * feed readers use: every file parses, stays within its size budget, links only to pages that were
 * built, and is announced by the pages it belongs to (so a calendar app or a reader finds it from
 * the page's address alone).
 */
const CALENDAR_BUDGET = 50 * 1024;
const FEED_BUDGET = 30 * 1024;
const bytes = (file: string) => readFileSync(file).length;
const calendars = builtFiles('.ics').filter((file) => /\/(calendriers|en\/calendars)\//.test(urlPathOf(file)));
const feeds = builtFiles('.xml').filter((file) => /^\/(fils|en\/feeds)\//.test(urlPathOf(file)));
/** A URL on the built site → its file in dist (pages are folders with an index.html). */
const fileOf = (url: string) => {
  const path = new URL(url).pathname;
  return join(siteDist, path.endsWith('/') ? `${path}index.html` : path);
};

test('there are calendars and feeds for everything, each neighbourhood, territory, topic and organization, in both languages', () => {
  const paths = [...calendars, ...feeds].map(urlPathOf);
  for (const expected of ['/calendriers/tout.ics', '/en/calendars/all.ics', '/fils/tout.xml', '/en/feeds/all.xml', '/fils/evenements.xml', '/fils/resultats.xml']) {
    expect(paths).toContain(expected);
  }
  for (const folder of ['quartiers', 'territoires', 'themes', 'organismes']) {
    expect(paths.some((p) => p.startsWith(`/calendriers/${folder}/`)), folder).toBe(true);
    expect(paths.some((p) => p.startsWith(`/fils/${folder}/`)), folder).toBe(true);
  }
});

test('every subscription calendar parses, has the Toronto zone, and its events link to built pages', () => {
  expect(calendars.length).toBeGreaterThan(10);
  let events = 0;
  for (const file of calendars) {
    expect(bytes(file), urlPathOf(file)).toBeLessThanOrEqual(CALENDAR_BUDGET);
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
    const zone = calendar.getFirstSubcomponent('vtimezone');
    expect(zone?.getFirstPropertyValue('tzid'), urlPathOf(file)).toBe('America/Toronto');
    ICAL.TimezoneService.register(zone!);
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      const event = new ICAL.Event(vevent);
      expect(event.uid).toMatch(/@passerelle$/);
      expect(Number.isNaN(event.startDate.toJSDate().getTime())).toBe(false);
      expect(vevent.getFirstPropertyValue('sequence')).toEqual(expect.any(Number));
      const url = String(vevent.getFirstPropertyValue('url'));
      expect(url.startsWith(siteUrl), url).toBe(true);
      expect(existsSync(fileOf(url)), url).toBe(true);
      events += 1;
    }
  }
  expect(events, 'the demo data has upcoming events').toBeGreaterThan(0);
});

test('every feed is well-formed Atom that a feed reader reads, within its budget, linking to built pages', () => {
  expect(feeds.length).toBeGreaterThan(10);
  for (const file of feeds) {
    const xml = readFileSync(file, 'utf8');
    expect(bytes(file), urlPathOf(file)).toBeLessThanOrEqual(FEED_BUDGET);
    expect(XMLValidator.validate(xml), urlPathOf(file)).toBe(true);
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe('atom');
    expect(feed.self).toBe(`${siteUrl}${urlPathOf(file)}`);
    expect(existsSync(fileOf(feed.url!)), feed.url!).toBe(true);
    for (const item of feed.items) {
      expect(item.id).toMatch(/^urn:passerelle:/);
      expect(existsSync(fileOf(item.url!)), item.url!).toBe(true);
    }
  }
});

/** The first page built under a section (a topic's, an organization's…): its slug is the demo data's. */
function firstPageOf(locale: Locale, section: 'topics' | 'organizations'): string {
  const folder = pathTo(locale, section);
  const slug = readdirSync(join(siteDist, folder), { withFileTypes: true }).find((entry) => entry.isDirectory() && existsSync(join(siteDist, folder, entry.name, 'index.html')))?.name;
  if (!slug) throw new Error(`no page under ${folder}`);
  return `${folder}${slug}/`;
}

test('pages announce their feed and calendar in <head>, and the files exist', () => {
  const topicsAndOrganizations = (['fr', 'en'] as const).flatMap((locale) => [firstPageOf(locale, 'topics'), firstPageOf(locale, 'organizations')]);
  for (const page of ['/', '/en/', '/evenements/', '/en/events/', '/calendriers/', '/en/calendars/', '/quartiers/villeray/', '/en/neighbourhoods/villeray/', ...topicsAndOrganizations]) {
    const html = readFileSync(join(siteDist, page, 'index.html'), 'utf8');
    const links = [...html.matchAll(/<link rel="alternate" type="(application\/atom\+xml|text\/calendar)"[^>]*href="([^"]+)"/g)];
    expect(links.map((m) => m[1]).sort(), page).toEqual(['application/atom+xml', 'text/calendar']);
    for (const [, , href] of links) expect(existsSync(fileOf(href!)), `${page} → ${href}`).toBe(true);
  }
});

test('a neighbourhood page offers to follow it: a webcal link to subscribe, the calendar address and the feed', () => {
  const html = readFileSync(join(siteDist, 'quartiers/villeray/index.html'), 'utf8');
  const host = new URL(siteUrl).host;
  expect(html).toContain(`href="webcal://${host}/calendriers/quartiers/villeray.ics"`);
  expect(html).toContain('href="/calendriers/quartiers/villeray.ics"');
  expect(html).toContain('href="/fils/quartiers/villeray.xml"');
});

for (const locale of ['fr', 'en'] as const) {
  test(`${locale}: the calendars page says how to add a calendar on an iPhone, on Android and in Outlook, next to the links those words name`, async ({ page }) => {
    await page.goto(pathTo(locale, 'calendars'));
    const main = page.getByRole('main');
    for (const how of ['calendarsHowIphone', 'calendarsHowAndroid', 'calendarsHowOutlook'] as const) await expect(main).toContainText(t(locale, how));
    // iPhone: "Subscribe" beside each calendar is a webcal: link; Android and Outlook: its https address.
    const subscribe = main.getByRole('link', { name: new RegExp(`^${t(locale, 'calendarSubscribe')} — `) });
    const address = main.getByRole('link', { name: new RegExp(`^${t(locale, 'calendarAddress')} — `) });
    expect(await subscribe.count()).toBeGreaterThan(10);
    expect(await address.count()).toBe(await subscribe.count());
    const host = new URL(siteUrl).host;
    for (const href of await subscribe.evaluateAll((links) => links.map((a) => a.getAttribute('href')!))) {
      expect(href).toMatch(new RegExp(`^webcal://${host.replace(/\./g, '\\.')}/.+\\.ics$`));
      expect(existsSync(join(siteDist, new URL(href.replace(/^webcal:/, 'http:')).pathname)), href).toBe(true);
    }
    for (const href of await address.evaluateAll((links) => links.map((a) => a.getAttribute('href')!))) {
      expect(existsSync(join(siteDist, href)), href).toBe(true);
    }
  });
}
