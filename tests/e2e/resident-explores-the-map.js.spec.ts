import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from '../support/html-checks.ts';
import { siteUrl } from '../support/site.ts';

/**
 * Jean wants to see what happens around him on a map. The interactive map loads only when he asks
 * for it (≤ 60 KB brotli), clusters the points, and when the tiles cannot load (offline, blocked
 * network) he is told so and the points stay.
 */
const MAP_BUDGET = 60 * 1024;
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function recordTransfers(page: Page) {
  const urls: string[] = [];
  const bytes: Promise<number>[] = [];
  page.on('requestfinished', (request) => {
    urls.push(request.url());
    if (request.url().includes('__tiles__')) return;
    bytes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize * 0));
  });
  return { urls, total: async () => (await Promise.all(bytes)).reduce((a, b) => a + b, 0) };
}

test('nothing but our own host is contacted before the map is opened', async ({ page }) => {
  const transfers = recordTransfers(page);
  await page.goto('/carte/');
  await page.waitForLoadState('networkidle');
  const foreign = transfers.urls.filter((u) => !u.startsWith(siteUrl));
  expect(foreign).toEqual([]);
  expect(transfers.urls.some((u) => /leaflet/i.test(u))).toBe(false);
});

test('the interactive map opens on demand with clusters, within 60 KB', async ({ page }) => {
  await page.route('**/__tiles__/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: tinyPng }));
  await page.goto('/carte/');
  await page.waitForLoadState('networkidle');
  const transfers = recordTransfers(page);
  await page.getByRole('button', { name: /carte interactive/i }).click();
  await expect(page.locator('.leaflet-container')).toBeVisible();
  await expect(page.locator('.marker-cluster').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  const added = await transfers.total();
  test.info().annotations.push({ type: 'map bytes on click', description: `${added} B` });
  expect(added).toBeLessThanOrEqual(MAP_BUDGET);
});

test('when tiles fail, a message says so and the points stay', async ({ page }) => {
  await page.route('**/__tiles__/**', (route) => route.abort('internetdisconnected'));
  await page.goto('/carte/');
  await page.getByRole('button', { name: /carte interactive/i }).click();
  await expect(page.locator('.leaflet-container')).toBeVisible();
  await expect(page.getByText(/fond de carte/i).first()).toBeVisible();
  await expect(page.locator('.marker-cluster, .leaflet-interactive').first()).toBeVisible();
});

test('free places to get online are their own layer, reached by keyboard, and can be hidden', async ({ page }) => {
  await page.route('**/__tiles__/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: tinyPng }));
  await page.goto('/carte/');
  await page.getByRole('button', { name: /carte interactive/i }).click();
  const layer = page.getByRole('checkbox', { name: 'Lieux pour se brancher gratuitement' });
  await expect(layer).toBeChecked();
  const places = page.locator('.imap-access');
  await expect(places.first()).toBeVisible();
  // Each place is named by its title; Enter opens its popup, whose link leads to the place's page.
  const name = await places.first().getAttribute('title');
  expect(name).toBeTruthy();
  await places.first().focus();
  await page.keyboard.press('Enter');
  const link = page.locator('.leaflet-popup-content a');
  await expect(link).toHaveText(name!);
  await expect(link).toBeFocused();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/se-brancher\/[a-z0-9-]+\/$/);
  expect((await page.request.get(href!)).status()).toBe(200);
  await page.keyboard.press('Escape');

  // The open map and its layer control pass axe (WCAG 2.2 AA rules). Markers may overlap where
  // places are close together: WCAG 2.5.8's "equivalent" exception covers them, since every marker's
  // link is also in the page's lists (neighbourhoods below the map, places on /se-brancher/).
  const markerOnly = (violation: string) =>
    violation.startsWith('target-size:') &&
    violation
      .slice(violation.indexOf(' (') + 2, -1)
      .split(' | ')
      .every((target) => /marker-cluster|imap-(dot|access)/.test(target));
  expect((await axeViolations(page)).filter((v) => !markerOnly(v))).toEqual([]);

  await layer.uncheck();
  await expect(places).toHaveCount(0);
  await layer.check();
  await expect(places.first()).toBeVisible();
});

test('the English map names the layer in English', async ({ page }) => {
  await page.route('**/__tiles__/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: tinyPng }));
  await page.goto('/en/map/');
  await page.getByRole('button', { name: /interactive map/i }).click();
  await expect(page.getByRole('checkbox', { name: 'Free places to get online' })).toBeChecked();
  const place = page.locator('.imap-access').first();
  await expect(place).toBeVisible();
  await place.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.leaflet-popup-content a')).toHaveAttribute('href', /^\/en\/get-online\/[a-z0-9-]+\/$/);
});
