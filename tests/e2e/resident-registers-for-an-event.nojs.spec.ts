import { expect, test } from '@playwright/test';
import { fixturePath } from '../support/e2e-fixtures.ts';
import { lastMessageTo, uniqueEmail } from '../support/petition-journeys.ts';

/**
 * Karim has JavaScript off. He registers himself and his daughter for an event on its page, gets
 * a confirmation with the calendar file, then cancels with the link — his seats are freed.
 */
test('Karim registers for an event and cancels', async ({ page, request }) => {
  const path = fixturePath('eventKarimRegistersFor');
  await page.goto(path);
  // The contact fields say what they are for here (a registration, not a signature).
  await expect(page.getByRole('group', { name: 'Comment recevoir votre confirmation' })).toBeVisible();
  await expect(page.locator('section[aria-labelledby="rsvp-titre"]')).toContainText('Elles ne sont jamais publiées');

  // Each event says how many people one registration may bring (4 unless the organizer set it).
  const people = page.getByLabel(/^Nombre de personnes, vous compris/);
  const max = Number(await people.getAttribute('max'));
  expect(max).toBeGreaterThanOrEqual(2);
  await expect(page.getByText(`Au plus ${max} personnes par inscription.`)).toBeVisible();

  await page.getByLabel('Votre nom').fill('Karim Haddad');
  await people.fill(String(max + 8));
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await expect(page.locator('.error-summary')).toContainText(`Pour cet événement, une inscription compte au plus ${max} personnes.`);
  await expect(page.locator('.error-summary')).toContainText('Donnez un courriel ou un numéro de téléphone.');
  await expect(page.getByLabel('Votre nom')).toHaveValue('Karim Haddad');

  const email = uniqueEmail('karim');
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel(/^Nombre de personnes, vous compris/).fill('2');
  await page.getByLabel('Besoins d’accessibilité (facultatif)').fill('Accès sans marches, svp.');
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await expect(page).toHaveURL(new RegExp(`/participer/evenements/${path.split('/')[2]}/(inscrit|liste-attente)\\?locale=fr$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Vous êtes (inscrit·e|sur la liste d’attente)/);

  const message = await lastMessageTo(request, email);
  expect(message.subject).toMatch(/^Inscription : /);
  const link = /https?:\/\/\S+/.exec(message.text)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Annuler votre inscription');
  await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inscription annulée');
});
