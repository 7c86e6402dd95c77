import { expect, test, type Page } from '@playwright/test';
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
