import { test as base, type Page } from '@playwright/test';

/**
 * A test whose `workerPage` is one browser page per worker, kept across its tests, for checks
 * that only load a static page and read it (axe over every page of the site). A new context per
 * test cost ~0.5 s, as much as the check itself; the site keeps no cookies or storage, so a page
 * carries nothing from one test to the next but its history. The page has the project's context
 * settings (device, locale, time zone, base URL). A failed test ends its worker, so the next test
 * gets a fresh page.
 */
export const test = base.extend<object, { workerPage: Page }>({
  workerPage: [
    async ({ browser }, use, workerInfo) => {
      const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, javaScriptEnabled, locale, timezoneId, baseURL, colorScheme } =
        workerInfo.project.use;
      const context = await browser.newContext({
        viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, javaScriptEnabled, locale, timezoneId, baseURL, colorScheme,
      });
      await use(await context.newPage());
      await context.close();
    },
    { scope: 'worker' },
  ],
});
