import { expect, test } from '@playwright/test';
import { pathTo } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';

/**
 * Lucie wants to go to her CLSC without calling first: its page says when it is open, in which
 * languages, and how accessible it is, in French and English; nothing else than the organization's
 * public facts is listed (the directory's people are for the practitioners' space only).
 */
const publicTerms = (locale: 'fr' | 'en') =>
  (['contactPhone', 'email', 'website', 'address', 'neighbourhoods', 'organizationHours', 'organizationLanguages', 'accessibility'] as const).map((key) => t(locale, key));

for (const locale of ['fr', 'en'] as const) {
  test(`an organization's page shows its hours, languages and accessibility (${locale})`, async ({ page }) => {
    await page.goto(pathTo(locale, 'organizations', 'clsc-ahuntsic'));
    const facts = page.locator('main dl').first();
    const fact = (key: Parameters<typeof t>[1]) => facts.locator('dt', { hasText: t(locale, key) }).locator('xpath=following-sibling::dd[1]');
    await expect(fact('organizationHours')).toContainText(locale === 'fr' ? 'Du lundi au vendredi, de 8 h à 20 h.' : 'Monday to Friday, 8 a.m. to 8 p.m.');
    await expect(fact('organizationLanguages')).toHaveText(locale === 'fr' ? 'Français, anglais ; interprètes sur demande.' : 'French, English; interpreters on request.');
    await expect(fact('accessibility')).toHaveText(locale === 'fr' ? 'Entrée de plain-pied, ascenseur, toilettes adaptées.' : 'Step-free entrance, elevator, accessible washrooms.');
    // Every fact listed is one of the public fields: no person's contact, no directory entry.
    for (const term of await facts.locator('dt').allTextContents()) expect(publicTerms(locale)).toContain(term.trim());
  });
}
