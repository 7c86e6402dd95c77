import { expect, test } from '@playwright/test';
import { t } from '@passerelle/shared/i18n';
import { inviteMember, makeRoundTable, signInWithTextCode, uniqueMobile } from '../support/space-journeys.ts';

/**
 * Rosalie, who coordinates a food bank's volunteers, needs a room for a housing evening. On her
 * phone, JavaScript off, she asks her round table for a hand; Karim, of another group at the table,
 * answers in the request's thread from his own phone; Rosalie reads his answer and marks her request
 * resolved. (The form's French errors, the notices by text and email and the weekly digest are in
 * the integration journey partner-asks-for-a-hand.)
 */
test('Rosalie asks her table for a room, Karim of another group answers, and she marks it resolved', async ({ page, browser, request }, testInfo) => {
  const run = Date.now().toString(36);
  const rosalieMobile = uniqueMobile();
  const karimMobile = uniqueMobile();
  const rosalie = await inviteMember(request, { name: 'Rosalie Bénévole', phone: rosalieMobile });
  const karim = await inviteMember(request, { name: 'Karim Partenaire', phone: karimMobile });
  const table = `Table de quartier Saint-Sauveur ${run}`;
  await makeRoundTable(request, table, [rosalie, karim]);
  const title = `Une salle pour la soirée logement ${run}`;

  await page.goto('/participer/espace/connexion');
  await signInWithTextCode(page, request, rosalieMobile);
  await page.getByRole('link', { name: t('fr', 'spaceHandsLink') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'handListTitle'));
  await page.getByRole('link', { name: t('fr', 'handNewLink') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'handNewTitle'));
  await page.getByLabel(t('fr', 'handKindLabel')).selectOption({ label: t('fr', 'handKindSalle') });
  await page.getByLabel(t('fr', 'handTitleLabel'), { exact: true }).fill(title);
  await page.getByLabel(t('fr', 'handDetailsLabel'), { exact: true }).fill('Pour 30 personnes, accessible en fauteuil, un mardi soir.');
  // Her only table is ticked for her: its members will see the request.
  await expect(page.getByRole('checkbox', { name: table })).toBeChecked();
  await page.getByRole('button', { name: t('fr', 'handCreate') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText(t('fr', 'handNoReplies'))).toBeVisible();

  // Karim, on his own phone: the request is in his list of open requests.
  const karimContext = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: false,
    viewport: { width: 320, height: 640 },
    locale: 'fr-CA',
    timezoneId: 'America/Toronto',
  });
  try {
    const karimPage = await karimContext.newPage();
    await karimPage.goto('/participer/espace/connexion');
    await signInWithTextCode(karimPage, request, karimMobile);
    await karimPage.getByRole('link', { name: t('fr', 'spaceHandsLink') }).click();
    await karimPage.getByRole('link', { name: title }).click();
    await expect(karimPage.getByRole('heading', { level: 1 })).toHaveText(title);
    // Only its author may close it.
    await expect(karimPage.getByRole('button', { name: t('fr', 'handResolve') })).toHaveCount(0);
    await karimPage.getByLabel(t('fr', 'handReplyLabel')).fill('Notre salle est libre le mardi soir. Appelez-moi au bureau.');
    await karimPage.getByRole('button', { name: t('fr', 'handReplySend') }).click();
    await expect(karimPage.getByText('Notre salle est libre le mardi soir.')).toBeVisible();
  } finally {
    await karimContext.close();
  }

  await page.reload();
  await expect(page.getByText('Notre salle est libre le mardi soir.')).toBeVisible();
  await expect(page.getByText('Karim Partenaire')).toBeVisible();
  await page.getByRole('button', { name: t('fr', 'handResolve') }).click();
  await expect(page.getByText(t('fr', 'handResolvedNoReplies'))).toBeVisible();
  await expect(page.getByLabel(t('fr', 'handReplyLabel'))).toHaveCount(0);
});
