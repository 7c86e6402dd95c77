import { expect, test } from '@playwright/test';
import { axeViolations, vnuErrorsOfPages } from '../support/html-checks.ts';
import { fixtureSlug } from '../support/e2e-fixtures.ts';
import { draftDocumentId, signedPreviewPath } from '../support/preview.ts';

/** The draft preview's pages (the draft with its banner, refusal, expiry, unknown document) pass axe and the Nu checker. */
test('the preview pages pass axe and vnu', async ({ page }) => {
  test.setTimeout(90_000);
  const event = await draftDocumentId('events', fixtureSlug('draftEventNadiaPreviews'));
  const petition = await draftDocumentId('petitions', fixtureSlug('draftPetitionNadiaPreviews'));
  const pages = {
    'French event preview': signedPreviewPath({ type: 'events', documentId: event, locale: 'fr' }),
    'English petition preview': signedPreviewPath({ type: 'petitions', documentId: petition, locale: 'en' }),
    'refused preview': signedPreviewPath({ type: 'events', documentId: event, locale: 'fr' }, { secret: 'wrong' }),
    'expired preview': signedPreviewPath({ type: 'events', documentId: event, locale: 'fr' }, { expiresIn: -1 }),
    'unknown document': signedPreviewPath({ type: 'events', documentId: 'nexistepas', locale: 'fr' }),
  };
  const served: Array<{ name: string; html: string }> = [];
  for (const [name, path] of Object.entries(pages)) {
    const response = await page.goto(path);
    expect(response, name).not.toBeNull();
    served.push({ name, html: await response!.text() });
    expect(await axeViolations(page), name).toEqual([]);
  }
  expect(await vnuErrorsOfPages(served)).toEqual([]);
});
