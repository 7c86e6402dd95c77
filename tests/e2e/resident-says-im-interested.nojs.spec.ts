import { expect, test } from '@playwright/test';
import { fixturePath } from '../support/e2e-fixtures.ts';
import { messageContaining } from '../support/petition-journeys.ts';

/**
 * Luc has JavaScript off and no email. On a call for volunteers he presses "I'm interested",
 * forgets his phone number and is told so (his name is kept), adds it, lands on the thank-you
 * page — and the call's contact person gets his details by email.
 */
test('Luc says he is interested in a call to participate', async ({ page, request }) => {
  const path = fixturePath('callLucIsInterestedIn');
  await page.goto(path);

  const name = `Luc Nguyen ${Date.now().toString(36)}`;
  const form = page.locator('form[action$="/interesse"]');
  await form.getByLabel('Votre nom').fill(name);
  await form.getByLabel('Meilleur moment pour vous joindre (facultatif)').fill('Le soir');
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await expect(page.locator('.error-summary')).toContainText('Donnez un courriel ou un numéro de téléphone.');
  await expect(page).toHaveTitle(/^Erreur : /);
  await expect(form.getByLabel('Votre nom')).toHaveValue(name);

  await form.getByLabel('Téléphone').fill('514 555-0142');
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await expect(page).toHaveURL(new RegExp(`/participer/appels/${path.split('/')[2]}/merci\\?locale=fr$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci, votre message est envoyé');

  const message = await messageContaining(request, name);
  expect(message.subject).toMatch(/^Une personne est intéressée : /);
  expect(message.text).toContain('Téléphone : 514 555-0142');
  expect(message.text).toContain('Meilleur moment : Le soir');
});
