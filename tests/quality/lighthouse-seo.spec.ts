import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { accessPointsNearPath, bulletinPath, pathTo, posterPath, trainingFichePath, trainingUnitPath, type Locale } from '@passerelle/shared';
import { petitionThanksPath, proposePagePath } from '@passerelle/shared/participation/paths';
import { builtFiles, siteUrl, sitemapPaths, urlPathOf } from '../support/site.ts';

/**
 * What Lighthouse's SEO category (mobile, the form factor most residents read on) says of one page
 * of each kind of the served site: 100. The cheap checks of every built page are in
 * search-engines.spec.ts; this is the real audit, kept short: one Chromium (Debian's, as every
 * browser test), pages one after the other, the SEO category only.
 *
 * A page marked `noindex` on purpose cannot pass `is-crawlable`, so its score is below 100 by
 * design: for those, every other SEO audit must pass and the page must say `noindex` itself.
 */
test.describe.configure({ mode: 'serial' });

const sitemap = sitemapPaths();
/** The first item of a section in the sitemap: item pages are named by a slug we do not know here. */
function firstItem(
  locale: Locale,
  section: 'events' | 'petitions' | 'consultations' | 'calls' | 'neighbourhoods' | 'topics' | 'organizations' | 'accessPoints' | 'episodes' | 'trainingModules',
): string {
  const prefix = pathTo(locale, section);
  // A slug, not a list's page number or its archive.
  const path = sitemap.find((p) => p.startsWith(prefix) && /^[^/]+\/$/.test(p.slice(prefix.length)) && !/^(\d+|archives?)\/$/.test(p.slice(prefix.length)));
  if (!path) throw new Error(`no ${section} page in the sitemap`);
  return path;
}
/** The slug of the first item of a section (the last segment of its path). */
const slugOf = (path: string) => path.split('/').at(-2)!;
/** Pages kept out of the sitemap (printed matter): the first built page whose path matches. */
const built = builtFiles('.html').map(urlPathOf);
function firstBuilt(pattern: RegExp): string {
  const path = built.find((p) => pattern.test(p));
  if (!path) throw new Error(`no built page matches ${pattern}`);
  return path;
}

interface Kind {
  name: string;
  path: string;
  /** Why this page is kept out of search engines, when it is. */
  noindex?: string;
  /** Audits Lighthouse cannot pass on this page whatever the page does, and why. */
  cannotPass?: string[];
}
// One page of each kind, in both languages between them (about 6 to 12 s a page on two busy cores).
// A kind is a view of its own (site/src/components/views/), or a page written outside Astro (posters).
const kinds: Kind[] = [
  { name: 'home', path: '/' },
  { name: 'list', path: pathTo('fr', 'events') },
  { name: 'event', path: firstItem('fr', 'events') },
  { name: 'petition', path: firstItem('fr', 'petitions') },
  { name: 'consultation', path: firstItem('fr', 'consultations') },
  { name: 'call to participate', path: firstItem('en', 'calls') },
  { name: 'neighbourhood', path: firstItem('fr', 'neighbourhoods') },
  { name: 'topic', path: firstItem('en', 'topics') },
  { name: 'organization', path: firstItem('fr', 'organizations') },
  { name: 'map', path: pathTo('fr', 'map') },
  { name: 'open data', path: pathTo('fr', 'data') },
  { name: 'list of neighbourhoods', path: pathTo('en', 'neighbourhoods') },
  { name: 'list of topics', path: pathTo('fr', 'topics') },
  { name: 'directory of organizations', path: pathTo('en', 'organizations') },
  { name: 'calendars and feeds', path: pathTo('fr', 'calendars') },
  { name: 'postal code', path: pathTo('en', 'postalCode') },
  { name: 'privacy', path: pathTo('fr', 'privacy') },
  { name: 'form to propose an activity', path: proposePagePath('fr') },
  { name: 'places to get online', path: pathTo('en', 'accessPoints') },
  { name: 'place to get online', path: firstItem('fr', 'accessPoints') },
  { name: 'places to get online in a neighbourhood', path: accessPointsNearPath('fr', slugOf(firstItem('fr', 'neighbourhoods'))) },
  { name: 'balado', path: pathTo('fr', 'episodes') },
  { name: 'balado episode', path: firstItem('en', 'episodes') },
  { name: 'training', path: pathTo('en', 'trainingModules') },
  { name: 'training module', path: firstItem('fr', 'trainingModules') },
  { name: 'training unit', path: trainingUnitPath('fr', slugOf(firstItem('fr', 'trainingModules')), 1) },
  // Printed matter: for paper, not for search engines.
  { name: 'training fiche', path: trainingFichePath('en', slugOf(firstItem('en', 'trainingModules')), 1), noindex: 'printable fiche' },
  { name: 'poster', path: firstBuilt(new RegExp(`^${posterPath('fr', 'events', 'x').replace(/x\/$/, '')}[^/]+/$`)), noindex: 'poster' },
  { name: 'weekly bulletin', path: bulletinPath('fr', slugOf(firstItem('fr', 'neighbourhoods'))), noindex: 'bulletin' },
  { name: 'petition signature sheet', path: firstBuilt(/^\/petitions\/[^/]+\/feuille\/$/), noindex: 'signature sheet' },
  // Its results depend on what was typed: search engines are pointed at the pages it finds instead.
  { name: 'search', path: pathTo('fr', 'search'), noindex: 'search page' },
  // Rendered by the CMS for the person who just signed (through the site server, as in production):
  // only they ever see it, so it is never indexed.
  // Lighthouse reads robots.txt from inside the page (a fetch from its frame), which the write
  // path's CSP (`default-src 'none'`, docs/security.md) refuses: "unable to download a robots.txt".
  // Crawlers read robots.txt directly, and every other page here passes that audit.
  {
    name: 'landing page of a form',
    path: petitionThanksPath('fr', firstItem('fr', 'petitions').split('/').at(-2)!),
    noindex: 'landing page',
    cannotPass: ['robots-txt'],
  },
];

let userDataDir = '';
let context: BrowserContext;
let port = 0;

test.beforeAll(async ({ browserName }, testInfo) => {
  expect(browserName).toBe('chromium');
  const { launchOptions = {} } = testInfo.project.use;
  userDataDir = mkdtempSync(join(tmpdir(), 'passerelle-lighthouse-'));
  // Port 0: Chromium picks a free port and writes it into the profile, so no port can be taken.
  context = await chromium.launchPersistentContext(userDataDir, {
    ...launchOptions,
    args: [...(launchOptions.args ?? []), '--remote-debugging-port=0'],
  });
  port = Number(readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
  expect(port).toBeGreaterThan(0);
});

test.afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

for (const kind of kinds) {
  test(`${kind.name} (${kind.path}) scores 100 in Lighthouse SEO${kind.noindex ? ', but for its deliberate noindex' : ''}`, async () => {
    test.setTimeout(60_000);
    const result = await lighthouse(new URL(kind.path, siteUrl).href, {
      port,
      onlyCategories: ['seo'],
      formFactor: 'mobile',
      logLevel: 'error',
      // Lighthouse's default load waits are kept (shortening them made no page faster here); the
      // full-page screenshot, a few seconds a page, is only for its report viewer.
      disableFullPageScreenshot: true,
    });
    const lhr = result?.lhr;
    expect(lhr, 'Lighthouse ran').toBeTruthy();
    if (!lhr) return;
    expect(lhr.runtimeError?.message).toBeUndefined();
    const score = lhr.categories.seo?.score ?? 0;
    const failed = (lhr.categories.seo?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id]!)
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => audit.id);
    console.log(`Lighthouse SEO ${Math.round(score * 100)} — ${kind.name} ${kind.path}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`);
    if (kind.noindex) {
      expect(failed).toEqual(['is-crawlable', ...(kind.cannotPass ?? [])]);
      const html = await (await fetch(new URL(kind.path, siteUrl))).text();
      expect(html, `the ${kind.noindex} says noindex itself`).toContain('<meta name="robots" content="noindex">');
    } else {
      expect(failed).toEqual([]);
      expect(score).toBe(1);
    }
  });
}
