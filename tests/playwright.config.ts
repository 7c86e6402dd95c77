import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests run against the site built from a seeded CMS and served by `site/server/serve.mjs`
 * (scripts/test.sh starts both and sets SITE_URL). Debian's Chromium: Playwright cannot download
 * browsers here. Journeys run with JavaScript OFF at 320 px unless they are about an enhancement.
 */
const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  },
};
const smallPhone = { viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, isMobile: false, hasTouch: true };

export default defineConfig({
  testDir: '.',
  outputDir: './test-results',
  timeout: 30_000,
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: process.env.SITE_URL ?? 'http://127.0.0.1:4321',
    locale: 'fr-CA',
    timezoneId: 'America/Toronto',
    trace: 'off',
  },
  // Projects are scheduled in this order, each test given to the next free worker; a serial file
  // holds one worker to its end. The admin panel's serial files (two minutes and one) go first, the
  // journeys and the quality checks next, and the ~600 short tests of axe on every page last, so
  // the two workers finish within a second or so of each other, not a minute apart (docs/testing.md).
  projects: [
    // The Strapi admin panel (a React app: JavaScript on), at a desktop size.
    { name: 'admin-panel', testMatch: 'admin/**/*.js.spec.ts', use: { ...chromium } },
    { name: 'journeys-no-js', testMatch: 'e2e/**/*.nojs.spec.ts', use: { ...chromium, ...smallPhone, javaScriptEnabled: false } },
    { name: 'enhancements-js', testMatch: 'e2e/**/*.js.spec.ts', use: { ...chromium, ...smallPhone } },
    // Mostly files read from dist; the few that open pages (short links, posters) use Debian's Chromium.
    { name: 'quality', testMatch: 'quality/**/*.spec.ts', use: { ...chromium } },
    // axe and vnu on the pages of a journey, walked in one test each.
    { name: 'accessibility', testMatch: 'a11y/**/*.spec.ts', testIgnore: 'a11y/every-page.spec.ts', use: { ...chromium } },
    { name: 'accessibility-every-page', testMatch: 'a11y/every-page.spec.ts', use: { ...chromium } },
  ],
});
