import { expect, test } from '@playwright/test';
import { normalisePhone } from '@passerelle/shared/participation';
import { lastMessageTo } from '../support/petition-journeys.ts';
import { inviteMember, makeRoundTable, uniqueMobile } from '../support/space-journeys.ts';

/**
 * Rosalie, who runs a food bank's volunteers, was invited to the practitioners' space by her OC
 * with her mobile. Without JavaScript, on a small phone, she follows the footer's link, types her
 * number, gets a code by text, types it, sees her round table and who sits at it, then signs out.
 */
test('Rosalie signs in with a text code, sees her round table, and signs out', async ({ page, request }) => {
  const mobile = uniqueMobile();
  const rosalie = await inviteMember(request, { name: 'Rosalie Bénévole', phone: mobile });
  const colleague = await inviteMember(request, { name: 'Yves Coordination', email: `yves.${Date.now().toString(36)}@table.example.org` });
  await makeRoundTable(request, 'Table de concertation de Villeray', [rosalie, colleague]);

  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Espace intervenant·e·s' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Espace intervenant·e·s : se connecter');

  await page.getByLabel('Courriel ou numéro de cellulaire').fill(mobile);
  await page.getByRole('button', { name: 'Recevoir un lien ou un code' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Entrez le code reçu par texto');

  // A wrong code first: the page says so and keeps her on it.
  const code = /\b(\d{6})\b/.exec((await lastMessageTo(request, normalisePhone(mobile)!)).text)![1]!;
  await page.getByLabel('Code à 6 chiffres').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page.locator('.error-summary')).toContainText('Ce code ne correspond pas');

  await page.getByLabel('Code à 6 chiffres').fill(code);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page).toHaveURL(/\/participer\/espace\/\?locale=fr$/);
  await expect(page.getByText('Bonjour Rosalie Bénévole.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Table de concertation de Villeray' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Yves Coordination' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('@table.example.org');

  await page.getByRole('button', { name: 'Me déconnecter', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vous êtes déconnecté·e');
  await page.goto('/participer/espace/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Espace intervenant·e·s : se connecter');
});
