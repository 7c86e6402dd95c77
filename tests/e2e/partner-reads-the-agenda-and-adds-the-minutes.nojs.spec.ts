import { expect, test } from '@playwright/test';
import { inviteMember, makeMeeting, makeRoundTable, uniqueMobile, signInWithTextCode } from '../support/space-journeys.ts';

/**
 * Nadia, a partner at her neighbourhood's round table, signs in by text code on her phone without
 * JavaScript, opens her table, reads the agenda of the next meeting, and — she took the notes at
 * the last one — adds its minutes and decisions. (The form's French errors with her values kept are
 * in the integration journey of the same name.)
 */
test('Nadia reads the agenda and adds the minutes', async ({ page, request }) => {
  const mobile = uniqueMobile();
  const nadia = await inviteMember(request, { name: 'Nadia Partenaire', phone: mobile });
  const coordo = await inviteMember(request, { name: 'Guylaine Coordo', email: `guylaine.${Date.now().toString(36)}@table.example.org` });
  const table = await makeRoundTable(request, 'Table de quartier Limoilou', [nadia, coordo], [coordo]);
  await makeMeeting(request, table, { title: 'Rencontre de février', startsInDays: 6, agenda: '1. Tour de table\n2. Dépannage alimentaire : on manque de bénévoles' });
  await makeMeeting(request, table, { title: 'Rencontre de janvier', startsInDays: -20 });

  await page.goto('/participer/espace/connexion');
  await signInWithTextCode(page, request, mobile);

  await page.getByRole('link', { name: 'Table de quartier Limoilou' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Table de quartier Limoilou');
  await expect(page.getByRole('listitem').filter({ hasText: 'Guylaine Coordo — coordination' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Planifier une rencontre' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Rencontre de février' }).click();
  await expect(page.getByText('Dépannage alimentaire : on manque de bénévoles')).toBeVisible();

  await page.getByRole('link', { name: 'Table de quartier Limoilou' }).click();
  await page.getByRole('link', { name: 'Rencontre de janvier' }).click();
  await page.getByRole('link', { name: 'Écrire le compte rendu' }).click();
  await page.getByLabel('Compte rendu', { exact: true }).fill('Tour de table : huit groupes présents.');
  await page.getByLabel('Décisions', { exact: true }).fill('Écrire au CIUSSS pour le local du mardi.');
  await page.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rencontre de janvier');
  await expect(page.getByText('Tour de table : huit groupes présents.')).toBeVisible();
  await expect(page.getByText('Écrire au CIUSSS pour le local du mardi.')).toBeVisible();
});
