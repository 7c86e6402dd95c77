import { expect, test, type Page } from '@playwright/test';
import { readJson } from '../support/site.ts';

/**
 * Amina lives in Villeray, has an old phone and JavaScript off. She goes from the home page to her
 * neighbourhood, by name and by postal code, opens an event, finds the phone number to call and
 * the calendar file.
 */
type FsaMap = Record<string, { fr: string; en: string }>;
const fsaMap = readJson<FsaMap>('code-postal/fsa.json');

async function openFirstEvent(page: Page) {
  const eventLink = page.locator('main a[href*="/evenements/"]:not([href$="/evenements/"]):not([href*="/archives/"])').first();
  await expect(eventLink).toBeVisible();
  await eventLink.click();
  await expect(page).toHaveURL(/\/evenements\/[a-z0-9-]+\/$/);
}

test('from the home page to a neighbourhood by name, then to an event with a phone and an .ics', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
  await page.getByRole('link', { name: /^Villeray/ }).first().click();
  await expect(page).toHaveURL(/\/quartiers\/villeray\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Villeray');

  await openFirstEvent(page);
  await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
  // Everything needed offline: date in words, a phone to call, the place, the calendar file.
  await expect(page.locator('main time').first()).toHaveAttribute('datetime', /\d{4}-\d{2}-\d{2}T/);
  const tel = page.locator('main a[href^="tel:"]').first();
  await expect(tel).toBeVisible();
  expect(await tel.getAttribute('href')).toMatch(/^tel:\+?[\d-]{10,}/);
  await expect(page.locator('main a[href^="geo:"]').first()).toBeVisible();

  const ics = page.locator('main a[href$=".ics"]').first();
  await expect(ics).toBeVisible();
  const response = await request.get((await ics.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/calendar');
  const body = await response.text();
  expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(body).toContain('BEGIN:VEVENT');
  expect(body).toMatch(/DTSTART:\d{8}T\d{6}Z/);

  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').first().textContent())!);
  expect(jsonLd['@type']).toBe('Event');
  expect(jsonLd.location?.address).toBeTruthy();
});

test('from the home page to a neighbourhood by postal code, without JavaScript', async ({ page }) => {
  const [fsa, target] = Object.entries(fsaMap).find(([, paths]) => paths.fr === '/quartiers/villeray/') ?? [];
  expect(fsa, 'an FSA maps to Villeray').toBeTruthy();
  await page.goto('/');
  await page.getByLabel(/code postal/i).fill(`${fsa!.toLowerCase()} 1a1`);
  await page.getByLabel(/code postal/i).press('Enter');
  await expect(page).toHaveURL(new RegExp(`${target!.fr}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Villeray');
});

test('an unknown postal code lands on the list of postal codes of the territory', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel(/code postal/i).fill('A1A 1A1');
  await page.getByLabel(/code postal/i).press('Enter');
  await expect(page).toHaveURL(/\/code-postal\/\?cp=/);
  await expect(page.getByRole('link', { name: /Villeray/ }).first()).toBeVisible();
});

test('the same journey in English', async ({ page }) => {
  await page.goto('/en/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-CA');
  await page.getByRole('link', { name: /^Villeray/ }).first().click();
  await expect(page).toHaveURL(/\/en\/neighbourhoods\/villeray\/$/);
  const eventLink = page.locator('main a[href*="/en/events/"]:not([href$="/events/"]):not([href*="/archive/"])').first();
  await eventLink.click();
  await expect(page).toHaveURL(/\/en\/events\/[a-z0-9-]+\/$/);
  await expect(page.locator('main a[href$=".ics"]').first()).toBeVisible();
});

test('lists are paginated, upcoming first, with past events in the archive', async ({ page }) => {
  await page.goto('/evenements/');
  const times = await page.locator('main li time[datetime]').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
  expect(times.length).toBeGreaterThan(5);
  expect([...times].sort()).toEqual(times);
  expect(new Date(times[0]!).getTime()).toBeGreaterThan(Date.now() - 24 * 3600_000);
  await page.goto('/evenements/archives/');
  const past = await page.locator('main li time[datetime]').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
  expect(past.length).toBeGreaterThan(0);
  expect(new Date(past[0]!).getTime()).toBeLessThan(Date.now());
});

test('a page that does not exist answers 404 with a way home', async ({ page }) => {
  const response = await page.goto('/cette-page-n-existe-pas/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('link', { name: /accueil/i }).first()).toBeVisible();
});

test('without JavaScript the map is an image with a list, and search says what to do', async ({ page }) => {
  await page.goto('/carte/');
  await expect(page.locator('main svg').first()).toBeVisible();
  await expect(page.locator('main svg a').first()).toBeAttached();
  await expect(page.getByRole('link', { name: /Villeray/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /carte interactive/i })).toBeHidden();

  await page.goto('/recherche/');
  await expect(page.getByText(/JavaScript/).first()).toBeVisible();
  await expect(page.locator('main a[href="/quartiers/"]').first()).toBeVisible();
});
