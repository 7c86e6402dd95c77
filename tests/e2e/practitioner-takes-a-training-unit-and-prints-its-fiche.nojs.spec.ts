import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathTo, trainingFichePath, trainingUnitPath } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { e2eFixtures, fixturePath } from '../support/e2e-fixtures.ts';

/**
 * Mireille, a community organizer, prepares a peer session with JavaScript off. From the training
 * page she opens a module and its unit, answers the self-check by opening a choice (its feedback
 * shows, nothing is sent anywhere), then opens the unit's fiche and prints it: one Letter page.
 */
const module = e2eFixtures.trainingModuleMireilleTakes;
const session = e2eFixtures.trainingSessionMireilleFinds;
const unit = module.fr.units[0]!;
const question = unit.questions[0]!;
const wrong = question.choices.find((c) => !c.correct)!;
const right = question.choices.find((c) => c.correct)!;

test('a training unit without JavaScript: the self-check reveals its feedback, the fiche prints on one Letter page', async ({ page }) => {
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') posts.push(request.url());
  });

  await page.goto(pathTo('fr', 'trainingModules'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'trainingHeading'));
  await page.getByRole('link', { name: module.fr.title }).click();
  await expect(page).toHaveURL(new RegExp(`${fixturePath('trainingModuleMireilleTakes')}$`));
  await expect(page.getByText(t('fr', 'trainingDemo'))).toBeVisible();

  // The peer session announced for this module leads to its event page, where one registers as for any event.
  const sessions = page.getByRole('region', { name: t('fr', 'trainingSessions') });
  await sessions.getByRole('link', { name: session.fr.title }).click();
  await expect(page).toHaveURL(new RegExp(`${fixturePath('trainingSessionMireilleFinds')}$`));
  await expect(page.getByText(t('fr', 'trainingSession'))).toBeVisible();
  await expect(page.locator('main form[method="post"]')).toHaveCount(1);
  await page.getByRole('link', { name: module.fr.title }).click();
  await expect(page).toHaveURL(new RegExp(`${fixturePath('trainingModuleMireilleTakes')}$`));

  await page.getByRole('link', { name: unit.title, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${trainingUnitPath('fr', module.slug, 1)}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(unit.title);
  await expect(page.getByRole('heading', { name: t('fr', 'trainingPrompts') })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Qui ne rejoignez-vous jamais ?' })).toBeVisible();

  // The self-check: each choice hides its feedback until opened.
  const selfCheck = page.getByRole('region', { name: t('fr', 'trainingSelfCheck') });
  await expect(selfCheck.getByRole('heading', { name: question.prompt })).toBeVisible();
  const wrongFeedback = selfCheck.getByText(wrong.feedback);
  const rightFeedback = selfCheck.getByText(right.feedback);
  await expect(wrongFeedback).toBeHidden();
  await expect(rightFeedback).toBeHidden();
  await selfCheck.getByText(wrong.text, { exact: true }).click();
  await expect(wrongFeedback).toBeVisible();
  await expect(selfCheck.locator('details[open]')).toContainText(t('fr', 'trainingNotQuite'));
  await selfCheck.getByText(right.text, { exact: true }).click();
  await expect(rightFeedback).toBeVisible();
  await expect(selfCheck.locator('details[open]').filter({ hasText: right.text })).toContainText(t('fr', 'trainingRight'));
  // By keyboard too: a summary takes the focus and opens with Enter.
  await page.reload();
  await selfCheck.getByText(right.text, { exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(rightFeedback).toBeVisible();
  expect(posts, 'answering sends nothing: nothing about Mireille is kept').toEqual([]);

  // The fiche, printed: exactly one Letter page.
  await page.getByRole('link', { name: t('fr', 'trainingFicheLink') }).click();
  await expect(page).toHaveURL(new RegExp(`${trainingFichePath('fr', module.slug, 1)}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(unit.title);
  await expect(page.getByRole('listitem').filter({ hasText: 'Quel moyen ces personnes lisent-elles ?' })).toBeVisible();
  await expect(page.getByRole('link', { name: t('fr', 'trainingFicheBack') })).toHaveAttribute('href', trainingUnitPath('fr', module.slug, 1));

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.top')).toBeHidden();
  await expect(page.getByRole('link', { name: t('fr', 'trainingFicheBack') })).toBeHidden();
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-fiche-'));
  try {
    const pdf = join(dir, 'fiche.pdf');
    writeFileSync(pdf, await page.pdf({ format: 'Letter', preferCSSPageSize: true }));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(/^Pages:\s+(\d+)$/m.exec(info)?.[1], 'fiche pages').toBe('1');
    expect(/^Page size:\s+612 x 792 pts/m.test(info), `Letter: ${info}`).toBe(true);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(unit.title);
    expect(text).toContain('Qui voulez-vous rejoindre ?');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
