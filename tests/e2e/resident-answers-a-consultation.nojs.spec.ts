import { expect, test } from '@playwright/test';
import { fixturePath } from '../support/e2e-fixtures.ts';

/**
 * Awa has JavaScript off. She answers a consultation on its page: sends it too fast and is told
 * which questions need an answer (what she wrote is kept), types her contact without ticking the
 * follow-up box and is asked to choose, then sends her answers and lands on the thank-you page.
 */
test('Awa answers a consultation', async ({ page }) => {
  const path = fixturePath('consultationAwaAnswers');
  await page.goto(path);

  const form = page.locator('form[action$="/repondre"]');
  const idea = form.locator('textarea').last();
  await idea.fill('Plus d’ombre <b>svp</b>');
  await form.getByLabel('Courriel').fill('awa@exemple.ca');
  await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await expect(page.locator('.error-summary')).toContainText('Répondez à cette question.');
  await expect(page.locator('.error-summary')).toContainText('Cochez la case pour être recontacté·e');
  await expect(page).toHaveTitle(/^Erreur : /);
  await expect(form.locator('textarea').last()).toHaveValue('Plus d’ombre <b>svp</b>');

  // Every question answered with its first choice; she clears her email rather than be contacted.
  const groups = form.locator('fieldset.field');
  for (let i = 0; i < (await groups.count()); i++) await groups.nth(i).locator('input').first().check();
  await form.getByLabel('Courriel').fill('');
  await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  // The thank-you page comes from the CMS, in French, about this consultation.
  await expect(page).toHaveURL(new RegExp(`/participer/consultations/${path.split('/')[2]}/merci\\?locale=fr$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci, vos réponses sont enregistrées');
  await page.getByRole('link', { name: 'Retour à la consultation' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
});
