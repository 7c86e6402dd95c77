import { expect, test } from '@playwright/test';
import { inviteMember, makeRoundTable, uniqueMobile, signInWithTextCode } from '../support/space-journeys.ts';

/**
 * Chantal, an OC in Hochelaga, follows her round table from a small phone without JavaScript: she
 * writes in the table's discussion (an empty message first: a French error, the form again), then
 * shares a guide and asks about it on the guide's own page.
 */
test('Chantal writes in her table’s discussion and asks about a shared guide', async ({ page, request }) => {
  const mobile = uniqueMobile();
  // Runs share one CMS: her table and guide carry this run's mark.
  const mark = Date.now().toString(36);
  const member = await inviteMember(request, { name: `Chantal OC ${mark}`, phone: mobile });
  const tableName = `Table Hochelaga ${mark}`;
  const table = await makeRoundTable(request, tableName, [member]);
  const guide = `Guide du porte-à-porte ${mark}`;

  await page.goto('/participer/espace/connexion');
  await signInWithTextCode(page, request, mobile);

  await page.getByRole('link', { name: tableName }).click();
  await expect(page.getByRole('heading', { name: 'Discussion de la table' })).toBeVisible();
  await expect(page.getByText('Pas encore de message.')).toBeVisible();
  await page.getByRole('button', { name: 'Publier le message' }).click();
  await expect(page.locator('.error-summary')).toContainText('Remplissez ce champ.');
  await expect(page).toHaveTitle(/^Erreur : /);
  await page.getByLabel('Votre message').fill('Rappel : la marche exploratoire est jeudi à 18 h, départ devant le CLSC.');
  await page.getByRole('button', { name: 'Publier le message' }).click();
  await expect(page).toHaveURL(new RegExp(`/participer/espace/tables/${table}/#discussion$`));
  await expect(page.locator('ol.thread')).toContainText('la marche exploratoire est jeudi');
  await expect(page.locator('ol.thread')).toContainText(`Chantal OC ${mark}`);

  await page.goto('/participer/espace/ressources/nouvelle');
  await page.getByLabel('Titre').fill(guide);
  await page.getByLabel('Lien').fill('https://exemple.org/porte-a-porte.pdf');
  await page.getByLabel('Guides').check();
  await page.getByRole('button', { name: 'Partager', exact: true }).click();
  await page.getByRole('link', { name: `Discussion (0) ${guide}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(guide);
  await page.getByLabel('Votre message').fill('Quelqu’un l’a déjà essayé avec des aînés ?');
  await page.getByRole('button', { name: 'Publier le message' }).click();
  await expect(page.locator('ol.thread')).toContainText('Quelqu’un l’a déjà essayé avec des aînés ?');
  await page.goto('/participer/espace/ressources/');
  await expect(page.getByRole('link', { name: `Discussion (1) ${guide}` })).toBeVisible();
  // Nothing wider than the small phone's screen.
  const wider = await page.evaluate(() =>
    [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => `${e.tagName} ${(e.textContent ?? '').slice(0, 40)}`),
  );
  expect(wider).toEqual([]);
});
