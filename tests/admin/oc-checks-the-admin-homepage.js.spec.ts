import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { validAnswers } from '../support/participation.ts';
import {
  adminToken,
  cmsUrl,
  consultationWithAnswers,
  devAdmin,
  eventWaitingForReview,
  invitedUser,
  logIn,
  widget,
} from '../support/admin-panel.ts';

/**
 * Odile, an OC (here the super admin, who sees what an OC sees), opens the Strapi admin: the
 * homepage tells her whether the site is live, what waits for her review, and lets her download a
 * consultation's answers. Gaston's community group sees the build status but neither the review
 * queue nor the answers (personal information, Law 25). Needs the built admin panel
 * (scripts/test.sh: `strapi build`, then the CMS with SERVE_ADMIN=true).
 */
test.describe.configure({ mode: 'serial' });

const group = { email: `groupe.${Date.now().toString(36)}@example.org`, password: 'Groupe-admin-2026!' };
let consultation: { title: string; slug: string };
let eventTitle: string;

test.beforeAll(async ({ request }) => {
  const superToken = await adminToken(request, devAdmin);
  consultation = await consultationWithAnswers(request, superToken, 2);
  await invitedUser(request, superToken, 'passerelle-community-group', group.email, group.password);
  eventTitle = await eventWaitingForReview(request, await adminToken(request, group));
});

test('Odile sees the build status, the review queue and downloads the answers as CSV', async ({ page }) => {
  await logIn(page, devAdmin);

  // No publisher in the test run (PUBLISHER_URL unset): the widget says so instead of failing.
  await expect(widget(page, 'Publication du site')).toContainText("La publication automatique n'est pas configurée");

  const review = widget(page, 'À réviser');
  await expect(review.getByRole('link', { name: eventTitle })).toBeVisible();

  const answers = widget(page, 'Consultations — réponses');
  const line = answers.getByRole('listitem').filter({ hasText: consultation.title });
  await expect(line).toContainText('2 réponses');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    line.getByRole('button', { name: `Télécharger les réponses à « ${consultation.title} » (CSV)` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`consultation-${consultation.slug}-reponses.csv`);
  const csv = await readFile(await download.path());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').split('\r\n').filter(Boolean);
  expect(lines[0]).toContain('reçue le,langue,statut,1. Qu’est-ce qui manque au parc ?');
  expect(lines).toHaveLength(3);
  expect(lines[2]).toContain('Idée 2');

  // The review link opens the draft in the Content Manager.
  await review.getByRole('link', { name: eventTitle }).click();
  await expect(page).toHaveURL(/\/admin\/content-manager\/collection-types\/api::event\.event\/[a-z0-9]+/);
});

test('a failed publish shows its reason and the queue', async ({ page }) => {
  // The CMS answers from the publisher's status.json; here that answer is played back directly.
  await page.route('**/passerelle/publisher-status', (route) =>
    route.fulfill({
      json: {
        data: {
          reachable: true,
          checkedAt: '2026-11-28T14:00:05.000Z',
          statusPageUrl: 'http://127.0.0.1:4330/status',
          live: { id: 'b1', finishedAt: '2026-11-28T12:00:20.000Z' },
          lastSuccess: { id: 'b1', finishedAt: '2026-11-28T12:00:20.000Z', pageCount: 120 },
          lastFailure: { id: 'b2', finishedAt: '2026-11-28T13:00:30.000Z', reason: 'La page /evenements/ dépasse 14 Ko', logTail: 'astro build …' },
          failedLast: true,
          queue: { state: 'building', pending: 1 },
          building: { id: 'b3', startedAt: '2026-11-28T14:00:00.000Z' },
        },
      },
    }),
  );
  await logIn(page, devAdmin);
  const publishing = widget(page, 'Publication du site');
  await expect(publishing).toContainText('La dernière mise en ligne a échoué');
  await expect(publishing).toContainText('La page /evenements/ dépasse 14 Ko');
  await expect(publishing).toContainText('Construction en cours');
  await expect(publishing).toContainText('120 pages');
  await expect(publishing.getByRole('link', { name: /Page d'état détaillée/ })).toHaveAttribute('href', 'http://127.0.0.1:4330/status');
});

test('a community group sees the build status but not the review queue nor the answers', async ({ page }) => {
  await logIn(page, group);
  await expect(widget(page, 'Publication du site')).toBeVisible();
  // A widget waiting for its permission check is shown meanwhile: these wait for it to go.
  await expect(widget(page, 'À réviser')).toHaveCount(0);
  await expect(widget(page, 'Consultations — réponses')).toHaveCount(0);
});

test('the person in charge of personal information exports, then erases, what a resident asked for', async ({ page, request }) => {
  // Rosalie answered a consultation and asked for a follow-up: her contact is kept with her answers.
  const email = `rosalie.${Date.now().toString(36)}@exemple.ca`;
  const sent = await request.post(`${cmsUrl}/participer/consultations/${consultation.slug}/repondre`, {
    form: validAnswers({ followUp: '1', name: 'Rosalie Lavoie', email }),
    maxRedirects: 0,
  });
  expect(sent.status()).toBe(303);

  await logIn(page, devAdmin);
  const personal = widget(page, 'Données personnelles (Loi 25)');
  await personal.getByLabel('Courriel ou téléphone de la personne').fill(email.toUpperCase());
  const [download] = await Promise.all([page.waitForEvent('download'), personal.getByRole('button', { name: 'Exporter (JSON)' }).click()]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { records: Array<{ kind: string; name: string }> };
  expect(exported.records).toEqual([expect.objectContaining({ kind: 'consultationResponse', name: 'Rosalie Lavoie' })]);

  const erase = personal.getByRole('button', { name: 'Effacer ses données' });
  await expect(erase).toBeDisabled();
  await personal.getByLabel('Pour effacer, retapez le courriel ou le téléphone').fill(email.toUpperCase());
  await erase.click();
  await expect(personal.getByRole('status')).toHaveText('1 enregistrement effacé.');
});

test('only super admins see the personal-information widget', async ({ page }) => {
  await logIn(page, group);
  await expect(widget(page, 'Publication du site')).toBeVisible();
  await expect(widget(page, 'Données personnelles (Loi 25)')).toHaveCount(0);
});
