import { expect, test } from '@playwright/test';
import { inviteMember, uniqueMobile, signInWithTextCode } from '../support/space-journeys.ts';

/**
 * Mireille, an OC who learns on her phone between two meetings, without JavaScript: from a public
 * training unit she follows the plain link to the space, signs in with a text code, finds "Ma
 * progression en formation", marks the unit done, answers its self-check there and keeps her
 * result, then erases it all. The public unit page is the same before and after: it knows nobody.
 */
test('Mireille keeps her training progress in the space, then erases it', async ({ page, request }) => {
  const mobile = uniqueMobile();
  await inviteMember(request, { name: 'Mireille Apprenante', phone: mobile });
  const unitPath = '/formation/le-module-que-mireille-suit/1/';

  await page.goto(unitPath);
  const before = await page.locator('main').innerHTML();
  await page.getByRole('link', { name: /^Membres de l’espace intervenant·e·s\s:\sgardez votre progression$/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Espace intervenant·e·s : se connecter');
  await signInWithTextCode(page, request, mobile);

  await page.getByRole('link', { name: 'Ma progression en formation' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ma progression en formation');
  const module = page.locator('section').filter({ hasText: 'Le module que Mireille suit' });
  await expect(module.getByText(/Unités faites\s:\s0 sur/)).toBeVisible();
  await module.getByRole('button', { name: 'Marquer comme faite Unité 1' }).click();
  await expect(module.getByText(/Unités faites\s:\s1 sur/)).toBeVisible();

  await module.getByRole('link', { name: 'Faire la vérification ici' }).click();
  await page.getByLabel('Garder mon résultat dans ma progression').check();
  await page.getByRole('button', { name: 'Voir les explications' }).click();
  // The question left unanswered: said in French, her choice to keep the result kept.
  await expect(page.locator('.error-summary')).toContainText('Choisissez une réponse à cette question.');
  await expect(page.getByLabel('Garder mon résultat dans ma progression')).toBeChecked();
  await page.getByLabel('Par une publication Facebook').check();
  await page.getByRole('button', { name: 'Voir les explications' }).click();
  await expect(page.getByText('Pas tout à fait.')).toBeVisible();
  await expect(page.getByRole('status')).toContainText(/Bonnes réponses\s:\s0 sur 1\./);
  await expect(page.getByRole('status')).toContainText('Ce résultat est gardé dans votre progression');

  await page.getByRole('link', { name: 'Ma progression en formation' }).click();
  await expect(module.getByText(/Vérification gardée\s:\s0 sur 1/)).toBeVisible();
  await page.getByRole('button', { name: 'Effacer toute ma progression' }).click();
  await expect(page.getByRole('status')).toHaveText('Votre progression est effacée.');
  await expect(module.getByText(/Unités faites\s:\s0 sur/)).toBeVisible();

  await page.goto(unitPath);
  expect(await page.locator('main').innerHTML()).toBe(before);
});
