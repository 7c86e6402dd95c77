import { expect, test } from '@playwright/test';

/**
 * Lucie types "epicerie" without the accent on her phone's keyboard: the search finds "épicerie".
 * The first search costs at most 120 KB.
 */
const FIRST_SEARCH_BUDGET = 120 * 1024;

test('search finds an accented word typed without its accent, within 120 KB', async ({ page }) => {
  await page.goto('/recherche/');
  await page.waitForLoadState('networkidle');
  const bytes: Promise<number>[] = [];
  page.on('requestfinished', (request) => bytes.push(request.sizes().then((s) => s.responseBodySize)));
  await page.getByRole('searchbox').fill('epicerie');
  await page.getByRole('button', { name: /^chercher$/i }).click();
  const results = page.locator('main').getByRole('link', { name: /épicerie/i });
  await expect(results.first()).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[aria-live]').first()).toContainText(/résultat/);
  await page.waitForLoadState('networkidle');
  const total = (await Promise.all(bytes)).reduce((a, b) => a + b, 0);
  test.info().annotations.push({ type: 'first search bytes', description: `${total} B` });
  expect(total).toBeLessThanOrEqual(FIRST_SEARCH_BUDGET);
});

test('search can be narrowed by type', async ({ page }) => {
  await page.goto('/recherche/?q=parc');
  const status = page.locator('[aria-live]').first();
  await expect(status).toContainText(/résultat/, { timeout: 15_000 });
  const typeSelect = page.getByLabel(/type/i);
  const options = await typeSelect.locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(2);
  await typeSelect.selectOption({ index: 1 });
  await page.getByRole('button', { name: /^chercher$/i }).click();
  await expect(status).toContainText(/résultat/);
});

test('with JavaScript, a postal code goes straight to the neighbourhood', async ({ page }) => {
  await page.goto('/');
  const field = page.getByLabel(/code postal/i);
  const fsa = Object.entries(
    (await (await page.request.get('/code-postal/fsa.json')).json()) as Record<string, { fr: string }>,
  ).find(([, p]) => p.fr === '/quartiers/villeray/')![0];
  const serverRoundTrips: string[] = [];
  page.on('request', (r) => r.url().includes('?cp=') && serverRoundTrips.push(r.url()));
  await field.fill(fsa.toLowerCase());
  await field.press('Enter');
  await expect(page).toHaveURL(/\/quartiers\/villeray\/$/);
  // The enhancement looked the code up itself: no trip through the postal-code page.
  expect(serverRoundTrips).toEqual([]);
});
