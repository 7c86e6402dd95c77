import { expect, test } from '@playwright/test';
import { messageContaining } from '../support/petition-journeys.ts';

/**
 * Fatima runs a neighbourhood group with no account on the site and no JavaScript. From the footer
 * she opens "Proposer une activité", forgets the date and is told so (what she typed is kept), then
 * sends the proposal — and the OCs get a message saying a draft event waits for review.
 * (Needs PROPOSALS_NOTIFY_EMAIL on the CMS; scripts/test.sh sets it.)
 */
test('Fatima proposes an activity for her group', async ({ page, request }) => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Proposer une activité' }).click();
  await expect(page).toHaveURL(/\/proposer-une-activite\/$/);

  const title = `Soupe populaire ${Date.now().toString(36)}`;
  await page.getByLabel('Nom de l’activité').fill(title);
  await page.getByLabel('Description courte').fill('Un repas chaud et gratuit pour tout le monde.');
  await page.getByLabel('Heure de début').fill('17:30');
  await page.getByLabel('Nom du lieu').fill('Sous-sol de l’église Saint-Vincent');
  await page.getByLabel('Adresse du lieu').fill('4270, boulevard Henri-Bourassa Est');
  await page.getByLabel('Nom de votre groupe ou organisme').fill('Les Voisins solidaires');
  await page.getByLabel('Votre nom').fill('Fatima Benali');
  await page.getByLabel('Courriel').fill('fatima@exemple.ca');
  await page.getByRole('button', { name: 'Proposer l’activité' }).click();
  await expect(page.locator('.error-summary')).toContainText('Écrivez la date de l’activité.');
  await expect(page.getByLabel('Nom de l’activité')).toHaveValue(title);

  const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Date', { exact: true }).fill(inTwoWeeks);
  await page.getByRole('button', { name: 'Proposer l’activité' }).click();
  await expect(page).toHaveURL(/\/proposer-une-activite\/merci\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci, votre proposition est reçue');

  const message = await messageContaining(request, title);
  expect(message.subject).toBe(`Activité à vérifier : ${title}`);
  expect(message.text).toContain('brouillon');
});
