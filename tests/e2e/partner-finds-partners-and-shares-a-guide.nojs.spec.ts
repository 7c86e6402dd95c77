import { expect, test } from '@playwright/test';
import { inviteMember, uniqueMobile, signInWithTextCode } from '../support/space-journeys.ts';

/**
 * Nadia, who runs digital workshops, uses the practitioners' space on a small phone without
 * JavaScript: she lists herself in the partner directory (her mobile shown, her email not), finds
 * the organizations of a neighbourhood with the filter, then shares a guide on social media and
 * finds it again by its theme.
 */
test('Nadia lists herself in the directory, filters it, and shares a guide', async ({ page, request }) => {
  const mobile = uniqueMobile();
  // Runs share one CMS: her name and guide carry this run's mark.
  const mark = Date.now().toString(36);
  const name = `Nadia Ateliers ${mark}`;
  const guide = `Guide Facebook pour les petits organismes ${mark}`;
  const email = `nadia.${mark}@ateliers.example.org`;
  await inviteMember(request, { name, phone: mobile, email });

  await page.goto('/participer/espace/connexion');
  await signInWithTextCode(page, request, mobile);

  await page.getByRole('link', { name: 'Répertoire des partenaires' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Répertoire des partenaires');
  await page.getByRole('link', { name: 'Ma fiche dans le répertoire' }).click();
  await expect(page.getByLabel('Me montrer dans le répertoire')).not.toBeChecked();
  await page.getByLabel('Me montrer dans le répertoire').check();
  await page.getByLabel(/Montrer mon cellulaire/).check();
  await page.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
  // Listed without saying for what: the error, and her ticks kept.
  await expect(page.locator('.error-summary')).toContainText('Dites en une phrase pour quoi on peut vous joindre');
  await expect(page.getByLabel(/Montrer mon cellulaire/)).toBeChecked();
  await page.getByLabel('Pour quoi me joindre').fill('Ateliers numériques pour aînés');
  await page.getByRole('button', { name: 'Enregistrer ma fiche' }).click();
  await expect(page.getByRole('status')).toHaveText('Votre fiche est enregistrée.');

  await page.getByRole('link', { name: 'Répertoire des partenaires' }).click();
  const entry = page.getByRole('listitem').filter({ hasText: name });
  await expect(entry).toContainText('Ateliers numériques pour aînés');
  await expect(entry.getByRole('link', { name: /^\+1|\d{3}/ })).toBeVisible();
  await expect(page.locator('main')).not.toContainText(email);

  await page.getByLabel('Quartier').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/\/participer\/espace\/repertoire\/\?quartier=[a-z0-9-]+/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Répertoire des partenaires');

  await page.goto('/participer/espace/');
  await page.getByRole('link', { name: 'Ressources partagées' }).click();
  await page.getByRole('link', { name: 'Partager une ressource' }).click();
  await page.getByLabel('Titre').fill(guide);
  await page.getByLabel('Lien').fill('javascript:alert(1)');
  await page.getByLabel('Les médias sociaux en organisation communautaire').check();
  await page.getByRole('button', { name: 'Partager', exact: true }).click();
  await expect(page.locator('.error-summary')).toContainText('commence par https://');
  await expect(page.getByLabel('Titre')).toHaveValue(guide);
  await page.getByLabel('Lien').fill('https://exemple.org/guide-facebook');
  await page.getByRole('button', { name: 'Partager', exact: true }).click();
  await page.getByLabel('Thème').selectOption('social_media');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByRole('link', { name: guide, exact: true })).toHaveAttribute('href', 'https://exemple.org/guide-facebook');
  // Nothing wider than the small phone's screen.
  const wider = await page.evaluate(() =>
    [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => `${e.tagName} ${(e.textContent ?? '').slice(0, 40)}`),
  );
  expect(wider).toEqual([]);
});
