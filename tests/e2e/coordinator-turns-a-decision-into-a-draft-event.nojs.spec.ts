import { expect, test } from '@playwright/test';
import { inviteMember, makeMeeting, makeRoundTable, uniqueMobile, signInWithTextCode } from '../support/space-journeys.ts';

/**
 * Ginette coordinates her neighbourhood's round table. Without JavaScript, on her phone, she opens
 * last month's meeting, presses "Proposer au site public" under its decisions, forgets the place
 * (the form says so in French and keeps what she typed), then sends the draft event; the meeting's
 * page says a draft was proposed. (The OC's review and publish are in the integration journey of
 * the same name.)
 */
test('Ginette turns a decision into a draft public event', async ({ page, request }) => {
  const mobile = uniqueMobile();
  const ginette = await inviteMember(request, { name: 'Ginette Coordination', phone: mobile });
  const table = await makeRoundTable(request, 'Table de concertation du Plateau', [ginette], [ginette]);
  await makeMeeting(request, table, { title: 'Rencontre de mars', startsInDays: -10, decisions: 'Une corvée de nettoyage du parc Laurier, ouverte à tout le quartier.' });

  await page.goto('/participer/espace/connexion');
  await signInWithTextCode(page, request, mobile);

  await page.getByRole('link', { name: 'Table de concertation du Plateau' }).click();
  await page.getByRole('link', { name: 'Rencontre de mars' }).click();
  await page.getByRole('link', { name: 'Proposer au site public' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Proposer au site public');
  await expect(page.getByLabel('Résumé')).toHaveValue('Une corvée de nettoyage du parc Laurier, ouverte à tout le quartier.');

  const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Un événement (une date, une heure, un lieu)').check();
  await page.getByLabel('Titre').fill('Corvée au parc Laurier');
  await page.getByLabel('Date', { exact: true }).fill(inAMonth);
  await page.getByLabel('Heure de début').fill('10:00');
  await page.getByRole('button', { name: 'Proposer le brouillon' }).click();
  await expect(page.locator('.error-summary')).toContainText('Écrivez le lieu de l’événement.');
  await expect(page.getByLabel('Titre')).toHaveValue('Corvée au parc Laurier');

  await page.getByLabel('Lieu', { exact: true }).fill('Parc Laurier, près du chalet');
  await page.getByRole('button', { name: 'Proposer le brouillon' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rencontre de mars');
  await expect(page.getByText(/Brouillon d’événement proposé le/)).toBeVisible();
});
