import { expect, test } from '@playwright/test';
import { fixturePath, fixtureSlug } from '../support/e2e-fixtures.ts';
import { lastMessageTo, uniqueEmail } from '../support/petition-journeys.ts';

/**
 * With JavaScript on, the petition page refreshes its signature count from the CMS: a signature
 * confirmed after the build shows up without a rebuild.
 */
test('the count on the petition page includes signatures confirmed since the build', async ({ page, request }) => {
  const path = fixturePath('petitionWhoseCountGoesLive', 'en');
  const slug = fixtureSlug('petitionWhoseCountGoesLive');

  // Someone else signs and confirms in the meantime.
  const email = uniqueEmail('neighbour');
  const form = { locale: 'en', name: 'Sam Neighbour', postalCode: 'H2R 1X9', email, consent: '1' };
  const signed = await request.post(`/participer/petitions/${slug}/signer`, { form, maxRedirects: 0 });
  expect(signed.status()).toBe(303);
  const token = /jeton=([\w-]+)/.exec((await lastMessageTo(request, email)).text)![1]!;
  const confirmed = await request.post('/participer/petitions/confirmer', { form: { jeton: token, locale: 'en' }, maxRedirects: 0 });
  expect(confirmed.status()).toBe(303);
  const { total } = (await (await request.get(`/participer/petitions/${slug}/compte.json`)).json()) as { total: number };

  await page.goto(path);
  await expect(page.locator('petition-count [data-total]')).toHaveText(new Intl.NumberFormat('en-CA').format(total));
});
