import { expect, test } from '@playwright/test';
import { posterPath } from '@passerelle/shared';
import { e2eFixtures, fixturePath } from '../support/e2e-fixtures.ts';

/**
 * Sam has JavaScript off. The party he meant to go to was cancelled: its page says so before
 * anything else, with the organizers' note, and offers no way to register; the list marks it;
 * its calendar file says CANCELLED; its poster says it first too (the bulletin's words are unit-tested
 * in site/src/lib/bulletins.unit.test.ts). (A registration posted anyway is refused by the CMS:
 * integration/oc-cancels-an-event.integration.test.ts.)
 */
const fixture = e2eFixtures.eventSamFindsCancelled;

test('Sam finds the event he wanted cancelled, in French and in English', async ({ page, request }) => {
  await page.goto(fixturePath('eventSamFindsCancelled'));
  await expect(page).toHaveTitle(/^Annulé\u00a0: La fête que Sam trouve annulée/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Annulé\u00a0: ${fixture.fr.title}`);
  await expect(page.getByText('Cet événement est annulé par ses organisateurs. Ne vous déplacez pas.')).toBeVisible();
  await expect(page.getByText(fixture.fr.cancellationNote!)).toBeVisible();
  await expect(page.getByRole('button', { name: 'M’inscrire' })).toHaveCount(0);
  await expect(page.getByLabel('Votre nom')).toHaveCount(0);

  const ics = await request.get(fixturePath('eventSamFindsCancelled').replace(/\/$/, '.ics'));
  expect(ics.ok()).toBe(true);
  expect(await ics.text()).toMatch(/STATUS:CANCELLED\r\n/);

  await page.goto('/evenements/');
  const card = page.locator('li', { has: page.getByRole('link', { name: fixture.fr.title, exact: true }) });
  await expect(card.locator('strong')).toHaveText('Annulé');

  await page.goto(posterPath('fr', 'events', fixture.slug));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Annulé\u00a0: ${fixture.fr.title}`);
  await expect(page.getByText(fixture.fr.cancellationNote!)).toBeVisible();

  await page.goto(fixturePath('eventSamFindsCancelled', 'en'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Cancelled: ${fixture.en.title}`);
  await expect(page.getByText(fixture.en.cancellationNote!)).toBeVisible();
});
