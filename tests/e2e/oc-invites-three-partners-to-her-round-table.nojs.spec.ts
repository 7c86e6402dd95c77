import { expect, test } from '@playwright/test';
import { normalisePhone } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import { lastMessageTo, uniqueEmail } from '../support/petition-journeys.ts';
import { inviteMember, makeRoundTable, signInWithTextCode, uniqueMobile } from '../support/space-journeys.ts';

/**
 * Odile, an OC, starts a round table for her neighbourhood (tables are made in the admin: here
 * through the admin's API, as the other journeys do), then, on her phone without JavaScript, invites
 * three partners from the table's page: two by email and Rosalie, who has no email, by text only.
 * Nobody new shows on the table until they use their link; Rosalie opens the texted link, presses
 * the button, and finds the table. (Who may invite, the limits, and a link used twice are attacked
 * in tests/security/space-invitations.security.test.ts.)
 */
test('Odile creates a round table and invites three partners, one by text only', async ({ page, browser, request }, testInfo) => {
  const run = Date.now().toString(36);
  const odileMobile = uniqueMobile();
  const odile = await inviteMember(request, { name: 'Odile OC', phone: odileMobile, spaceRole: 'oc' });
  const table = `Table de concertation de Limoilou ${run}`;
  await makeRoundTable(request, table, [odile]);

  await page.goto('/participer/espace/connexion');
  await signInWithTextCode(page, request, odileMobile);
  await page.getByRole('link', { name: table }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(table);
  const tableUrl = page.url();

  const partners = [
    { name: 'Nadia Partenaire', contact: uniqueEmail('nadia') },
    { name: 'Yves Bénévole', contact: uniqueEmail('yves') },
    { name: 'Rosalie Sanscourriel', contact: uniqueMobile() },
  ];
  for (const partner of partners) {
    await page.goto(tableUrl);
    await page.getByRole('link', { name: t('fr', 'spaceInvitePerson') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'spaceInviteTitle'));
    await page.getByLabel(t('fr', 'spaceInviteNameLabel'), { exact: true }).fill(partner.name);
    await page.getByLabel(t('fr', 'spaceContactLabel')).fill(partner.contact);
    await page.getByRole('button', { name: t('fr', 'spaceInviteButton') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'spaceInviteSentTitle'));
  }

  // Two emails and one text left, each naming its table; nobody is on the table before using their link.
  for (const email of [partners[0]!.contact, partners[1]!.contact]) {
    expect((await lastMessageTo(request, email)).subject).toBe(t('fr', 'mailSpaceInviteSubject', { table }));
  }
  const text = (await lastMessageTo(request, normalisePhone(partners[2]!.contact)!)).text;
  // A text is kept to one message: a long table name is cut, the link never.
  expect(text).toContain('Rosalie Sanscourriel, vous êtes invité·e à Table de concertation de Limoilou');
  await page.goto(tableUrl);
  for (const { name } of partners) await expect(page.getByText(name)).toHaveCount(0);

  // Rosalie, on her own phone, opens the link in the text.
  const link = new URL(/(https?:\/\/\S+\/participer\/espace\/lien\?\S+)/.exec(text)![1]!);
  const rosalieContext = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: false,
    viewport: { width: 320, height: 640 },
    locale: 'fr-CA',
    timezoneId: 'America/Toronto',
  });
  try {
    const rosalie = await rosalieContext.newPage();
    await rosalie.goto(link.pathname + link.search);
    await rosalie.getByRole('button', { name: t('fr', 'spaceLinkButton') }).click();
    await rosalie.getByRole('link', { name: table }).click();
    await expect(rosalie.getByRole('heading', { level: 1 })).toHaveText(table);
  } finally {
    await rosalieContext.close();
  }
  await page.reload();
  await expect(page.getByText('Rosalie Sanscourriel')).toBeVisible();
});
