import { expect, test } from '@playwright/test';
import { e2eFixtures, fixturePath, type E2eFixtureName } from '../support/e2e-fixtures.ts';
import { fillSignature, lastMessageTo, signablePetitionPaths, uniqueEmail, uniquePhone } from '../support/petition-journeys.ts';

/**
 * Lucie has JavaScript off. She signs a petition on its page, makes mistakes the site explains in
 * French, then confirms — by the link in her email, or by the code texted to her phone — and her
 * signature is counted.
 */
test('the seeded site has petitions open for signatures: the journeys’ own and the demo data’s', () => {
  const signable = signablePetitionPaths('fr');
  const ours = [fixturePath('petitionLucieSignsByEmail'), fixturePath('petitionLucieSignsByPhone')];
  expect(signable).toEqual(expect.arrayContaining(ours));
  const fixtures = (Object.keys(e2eFixtures) as E2eFixtureName[]).map((name) => fixturePath(name));
  expect(signable.filter((path) => !fixtures.includes(path)).length).toBeGreaterThan(0);
});

test('Lucie signs, fixes her mistakes, and confirms by email', async ({ page, request }) => {
  const path = fixturePath('petitionLucieSignsByEmail');
  const slug = path.split('/')[2]!;
  const before = (await (await request.get(`/participer/petitions/${slug}/compte.json`)).json()) as { total: number };

  await page.goto(path);
  const email = uniqueEmail('lucie');
  await fillSignature(page, { name: 'Lucie Bergeron', postalCode: 'H2R 1X', email });
  await page.getByRole('button', { name: 'Signer' }).click();

  // The form comes back, from the CMS, with what she typed and what to fix.
  await expect(page).toHaveTitle(/^Erreur : Signer la pétition/);
  const summary = page.locator('.error-summary');
  await expect(summary).toContainText('Il y a un problème');
  await expect(summary.getByRole('link', { name: /code postal canadien/ })).toHaveAttribute('href', '#signer-postalCode');
  await expect(summary.getByRole('link', { name: /Cochez la case/ })).toBeVisible();
  await expect(page.getByLabel('Votre nom')).toHaveValue('Lucie Bergeron');
  await expect(page.getByLabel('Courriel')).toHaveValue(email);
  await expect(page.getByLabel('Votre code postal')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Votre code postal').fill('h2r 1x9');
  await page.getByLabel(/Je signe cette pétition/).check();
  await page.getByRole('button', { name: 'Signer' }).click();
  await expect(page).toHaveURL(`/participer/petitions/${slug}/merci?locale=fr`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifiez vos messages');
  await expect(page.getByRole('link', { name: 'Retour à la pétition' })).toHaveAttribute('href', path);

  // The email link opens a page with a button: following the link alone confirms nothing.
  const message = await lastMessageTo(request, email);
  expect(message.subject).toBe('Confirmez votre signature');
  const link = /https?:\/\/\S+/.exec(message.text)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirmer votre signature');
  const pending = (await (await request.get(`/participer/petitions/${slug}/compte.json`)).json()) as { total: number };
  expect(pending.total).toBe(before.total);

  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page).toHaveURL(`/participer/petitions/${slug}/confirmee?locale=fr`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci, votre signature est confirmée');
  const after = (await (await request.get(`/participer/petitions/${slug}/compte.json`)).json()) as { total: number };
  expect(after.total).toBe(before.total + 1);
});

test('without JavaScript the form has no proof-of-work field and asks for no challenge', async ({ page }) => {
  const challenges: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/participer/altcha/')) challenges.push(r.url());
  });
  await page.goto(fixturePath('petitionLucieSignsByEmail'));
  await fillSignature(page, { name: 'Lucie Bergeron', postalCode: 'H2R 1X9' });
  await expect(page.locator('form[action$="/signer"] input[name="altcha"]')).toHaveCount(0);
  expect(challenges).toEqual([]);
});

test('Lucie signs with her cell phone and types the code she received', async ({ page, request }) => {
  const path = fixturePath('petitionLucieSignsByPhone');
  await page.goto(path);
  const phone = uniquePhone();
  await fillSignature(page, { name: 'Lucie Bergeron', postalCode: 'H2R1X9', phone, consent: true });
  await page.getByRole('button', { name: 'Signer' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Entrez le code reçu par texto');
  // The page names no number: it is reached by a link, and never shows a stored contact.
  await expect(page.locator('main')).toContainText('au cellulaire que vous avez donné');
  await expect(page.locator('main')).not.toContainText(phone);
  const sms = await lastMessageTo(request, `+1${phone.replace(/\D/g, '')}`);
  const code = /\b\d{6}\b/.exec(sms.text)![0];

  await page.getByLabel('Code à 6 chiffres').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Confirmer ma signature' }).click();
  await expect(page.locator('.error-summary')).toContainText('Ce code ne correspond pas');

  await page.getByLabel('Code à 6 chiffres').fill(code);
  await page.getByRole('button', { name: 'Confirmer ma signature' }).click();
  await expect(page).toHaveURL(`/participer/petitions/${path.split('/')[2]}/confirmee?locale=fr`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci, votre signature est confirmée');
});

test('an organizer prints a paper signature sheet from the petition page', async ({ page }) => {
  await page.goto(fixturePath('petitionLucieSignsByEmail'));
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await page.getByRole('link', { name: /feuille de signatures à imprimer/i }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Feuille de signatures' })).toBeVisible();
  await expect(page.locator('main')).toContainText(title);
  await expect(page.getByRole('heading', { name: 'Nous demandons' })).toBeVisible();
  const rows = page.locator('table.sheet tbody tr');
  await expect(rows).toHaveCount(20);
  await expect(rows.last().locator('td').first()).toHaveText('20');
  await expect(page.getByRole('columnheader', { name: 'Signature' })).toBeVisible();
  // Printed, the sheet keeps the petition and the lines, not the site's menus.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.top')).toBeHidden();
  await expect(rows.first()).toBeVisible();
});
