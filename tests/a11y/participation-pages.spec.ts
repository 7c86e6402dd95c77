import { expect, test, type Page } from '@playwright/test';
import { axeViolations, vnuErrorsOfPages } from '../support/html-checks.ts';
import { fixturePath } from '../support/e2e-fixtures.ts';
import { fillSignature, lastMessageTo, uniqueEmail, uniquePhone } from '../support/petition-journeys.ts';

/**
 * The write path's pages — the form on the petition page, the form re-shown with errors, the
 * confirmation and code pages, the pages every form lands on (thank you, confirmed, registered,
 * waiting list, in both languages), refusals and the dev outbox, most rendered by the CMS — pass
 * axe and the Nu HTML checker. The CMS pages are not in dist, so this is their only vnu run.
 */
const collected: Array<{ name: string; html: string }> = [];

async function check(page: Page, name: string) {
  expect(await axeViolations(page), name).toEqual([]);
  collected.push({ name, html: await page.content() });
}

test('every page of the petition journey passes axe and vnu', async ({ page, request }) => {
  test.setTimeout(120_000);
  // Not the petitions/events the journeys count on: they run in parallel against the same CMS.
  const path = fixturePath('petitionCheckedForAccessibility');
  const slug = path.split('/')[2]!;

  await page.goto(path);
  await check(page, 'petition page with form');

  await page.getByRole('button', { name: 'Signer' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await check(page, 'form with every error');

  const email = uniqueEmail('axe');
  await fillSignature(page, { name: 'Axe Tester', postalCode: 'H2R 1X9', email, phone: uniquePhone(), consent: true });
  await page.getByRole('button', { name: 'Signer' }).click();
  await expect(page.getByLabel('Code à 6 chiffres')).toBeVisible();
  await check(page, 'code page');
  await page.getByLabel('Code à 6 chiffres').fill('12');
  await page.getByRole('button', { name: 'Confirmer ma signature' }).click();
  await check(page, 'code page with error');

  const link = /https?:\/\/\S+/.exec((await lastMessageTo(request, email)).text)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await check(page, 'confirm page');
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page).toHaveURL(/\/participer\/petitions\/[a-z0-9-]+\/confirmee\?locale=fr$/);
  await check(page, 'confirmed page');

  await page.goto(`/participer/petitions/${slug}/merci?locale=fr`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
  await check(page, 'thanks page');
  await page.goto(`/participer/petitions/${slug}/merci?locale=en`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-CA');
  await check(page, 'English thanks page');
  await page.goto(`/participer/petitions/${slug}/confirmee?locale=en`);
  await check(page, 'English confirmed page');
  await page.goto('/participer/petitions/inconnue-9999/merci?locale=fr');
  await check(page, 'landing page of an unknown petition (404)');
  await page.goto('/participer/petitions/confirmer?jeton=invalide');
  await check(page, 'invalid link page');
  await page.goto('/participer/dev/outbox');
  await check(page, 'dev outbox');
  await page.goto(`/en${path}`);
  await check(page, 'English petition page with form');

  const eventPath = fixturePath('eventCheckedForAccessibility');
  await page.goto(eventPath);
  await check(page, 'event page with RSVP form');
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await check(page, 'RSVP form with errors');
  const rsvpEmail = uniqueEmail('axe-rsvp');
  await page.getByLabel('Votre nom').fill('Axe Tester');
  await page.getByLabel('Courriel').fill(rsvpEmail);
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await expect(page).toHaveURL(/\/participer\/evenements\/[a-z0-9-]+\/(inscrit|liste-attente)\?locale=fr$/);
  await check(page, 'registered or waiting-list page');
  const eventSlug = eventPath.split('/')[2]!;
  await page.goto(`/participer/evenements/${eventSlug}/inscrit?locale=en`);
  await check(page, 'English registered page');
  await page.goto(`/participer/evenements/${eventSlug}/liste-attente?locale=fr`);
  await check(page, 'waiting-list page');
  await page.goto(`/participer/evenements/${eventSlug}/liste-attente?locale=en`);
  await check(page, 'English waiting-list page');
  const cancel = /https?:\/\/\S+/.exec((await lastMessageTo(request, rsvpEmail)).text)![0];
  await page.goto(new URL(cancel).pathname + new URL(cancel).search);
  await check(page, 'cancel page');
  await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
  await check(page, 'cancelled page');

  const consultationPath = fixturePath('consultationCheckedForAccessibility');
  await page.goto(consultationPath);
  await check(page, 'consultation page with form');
  await page.locator('form[action$="/repondre"]').getByLabel('Courriel').fill('axe@exemple.ca');
  await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await check(page, 'consultation form with errors');
  await page.goto(`/participer/consultations/${consultationPath.split('/')[2]}/merci?locale=fr`);
  await check(page, 'consultation thanks page');
  await page.goto(`/participer/consultations/${consultationPath.split('/')[2]}/merci?locale=en`);
  await check(page, 'English consultation thanks page');
  await page.goto('/consultations/les-services-sans-rendez-vous-au-clsc/');
  await check(page, 'closed consultation with results');

  const callPath = fixturePath('callCheckedForAccessibility');
  await page.goto(callPath);
  await check(page, 'call page with "I\'m interested" form');
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await check(page, '"I\'m interested" form with errors');
  await page.goto(`/participer/appels/${callPath.split('/')[2]}/merci?locale=fr`);
  await check(page, '"I\'m interested" thanks page');
  await page.goto(`/participer/appels/${callPath.split('/')[2]}/merci?locale=en`);
  await check(page, 'English "I\'m interested" thanks page');

  await page.goto('/proposer-une-activite/');
  await page.getByRole('button', { name: 'Proposer l’activité' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await check(page, 'proposal form with every error');
  await page.goto('/proposer-une-activite/merci/');
  await check(page, 'proposal thanks page');

  expect(await vnuErrorsOfPages(collected)).toEqual([]);
});
