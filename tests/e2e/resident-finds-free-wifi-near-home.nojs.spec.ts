import { expect, test } from '@playwright/test';
import { accessPointsNearPath, pathTo } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { e2eFixtures, fixturePath } from '../support/e2e-fixtures.ts';

/**
 * Noor lives in Villeray, has no Internet at home and an old phone with JavaScript off. From the
 * home page she finds where to get online for free by her postal code, sees what is open today,
 * the phone number to call, and the week's hours of the nearest place.
 */
const place = e2eFixtures.accessPointNoorFindsWifi;
const closed = e2eFixtures.accessPointClosedForRenovations;
/** The day after tomorrow in Montréal, as the site writes it: the closure ends tomorrow. */
const reopening = (locale: 'fr' | 'en') =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { timeZone: 'America/Toronto', weekday: 'long', day: 'numeric', month: 'long' })
    .format(new Date(Date.now() + 2 * 86_400_000))
    .replace(/(^|\s)1 (?=\p{L})/u, '$11er ');

test('from the home page to free Wi-Fi near home by postal code, without JavaScript', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: t('fr', 'accessPointsLink') }).click();
  await expect(page).toHaveURL(new RegExp(`${pathTo('fr', 'accessPoints')}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'accessPointsHeading'));

  await page.getByLabel(t('fr', 'accessPointsFind')).fill('h2r 1a1');
  await page.getByRole('button', { name: t('fr', 'accessPointsFindSubmit') }).click();
  await expect(page).toHaveURL(new RegExp(`${accessPointsNearPath('fr', 'villeray')}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'accessPointsIn', { name: 'Villeray' }));

  const card = page.locator('main li').filter({ hasText: place.name });
  await expect(card).toContainText("Ouvert aujourd'hui de 10 h à 17 h");
  await expect(card).toContainText('Wi-Fi gratuit');
  await expect(card.locator('a[href^="tel:"]')).toHaveText(place.phone!);

  await card.getByRole('link', { name: place.name }).click();
  await expect(page).toHaveURL(new RegExp(`${fixturePath('accessPointNoorFindsWifi')}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(place.name);
  await expect(page.locator('main a[href^="geo:"]')).toBeVisible();
  // The whole week, Monday first, today marked.
  const rows = page.locator('main table tr');
  await expect(rows).toHaveCount(7);
  await expect(rows.first()).toContainText('lundi');
  await expect(page.locator('main table')).toContainText(`(${t('fr', 'accessToday')})`);
});

test('every neighbourhood page links to its places to get online, in English too', async ({ page }) => {
  await page.goto(pathTo('en', 'neighbourhoods', 'villeray'));
  await page.getByRole('link', { name: t('en', 'accessPointsLink') }).click();
  await expect(page).toHaveURL(new RegExp(`${accessPointsNearPath('en', 'villeray')}$`));
  await expect(page.locator('main li').filter({ hasText: place.name })).toContainText('Open today 10 a.m.–5 p.m.');
});

test('a postal code of no known neighbourhood lands on the list of all places', async ({ page }) => {
  await page.goto(`${pathTo('fr', 'accessPoints')}?cp=G1R`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'accessPointsHeading'));
  await expect(page.getByRole('heading', { level: 2, name: 'Villeray' })).toBeVisible();
});

test('a place closed for renovations reads as closed, with why and when it reopens, on its card and its page', async ({ page }) => {
  await page.goto(accessPointsNearPath('fr', 'villeray'));
  const card = page.locator('main li').filter({ hasText: closed.name });
  await expect(card).toContainText(`Fermé aujourd'hui (Rénovations). Rouvre le ${reopening('fr')}.`);
  await expect(card).not.toContainText('Ouvert aujourd');

  await card.getByRole('link', { name: closed.name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(closed.name);
  await expect(page.locator('main')).toContainText("Fermé aujourd'hui (Rénovations)");
  await expect(page.getByRole('heading', { level: 2, name: t('fr', 'closuresUpcoming') })).toBeVisible();
  await expect(page.locator('main li').filter({ hasText: 'Rénovations' })).toContainText(/^Fermé du .+ au .+ \(Rénovations\)$/);

  await page.goto(pathTo('en', 'accessPoints', closed.slug));
  await expect(page.locator('main')).toContainText(`Closed today (Renovations). Reopens on ${reopening('en')}.`);
});

test('the map without JavaScript draws the free places as a layer of their own, each leading to its page', async ({ page }) => {
  await page.goto(pathTo('fr', 'map'));
  const overview = page.locator('figure.overview');
  await expect(overview.locator('figcaption')).toContainText(t('fr', 'mapAccessPointsLegend'));
  const mark = overview.locator(`svg g.access a[href="${fixturePath('accessPointNoorFindsWifi')}"]`);
  await expect(mark).toHaveCount(1);
  await expect(mark.locator('title')).toContainText(`${place.name} : `);
  await expect(mark.locator('title')).toContainText('Wi-Fi gratuit');
  await mark.click();
  await expect(page).toHaveURL(new RegExp(`${fixturePath('accessPointNoorFindsWifi')}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(place.name);
});
