import { expect, test } from '@playwright/test';
import { axeViolations, vnuErrorsOfPages } from '../support/html-checks.ts';
import { demoDraft, draftDocumentId, previewPath, previewSecret as secret } from '../support/preview.ts';

/** The draft preview's pages (the draft with its banner, refusal, unknown document) pass axe and the Nu checker. */
test('the preview pages pass axe and vnu', async ({ page }) => {
  test.setTimeout(90_000);
  const event = await draftDocumentId('events', demoDraft('events').slug);
  const petition = await draftDocumentId('petitions', demoDraft('petitions').slug);
  const pages = {
    'French event preview': previewPath({ type: 'events', documentId: event, locale: 'fr', secret }),
    'English petition preview': previewPath({ type: 'petitions', documentId: petition, locale: 'en', secret }),
    'refused preview': previewPath({ type: 'events', documentId: event, locale: 'fr', secret: 'wrong' }),
    'unknown document': previewPath({ type: 'events', documentId: 'nexistepas', locale: 'fr', secret }),
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
