import { expect, test } from '@playwright/test';
import { e2eFixtures } from '../support/e2e-fixtures.ts';
import { cmsUrl, draftDocumentId, previewPath, previewSecret as secret, signedPreviewPath } from '../support/preview.ts';

/**
 * Nadia, an OC, opens the Preview of a draft in the CMS: the admin frames the site's /apercu/ page
 * through a URL signed for that document, which shows the draft exactly as the site will, with a
 * banner, never cached nor indexed. An unsigned, altered or expired link shows nothing of the
 * draft. The drafts are this journey's own (e2e-fixtures.ts), seeded and never published.
 * scripts/test.sh gives the CMS, the site server and this file the same PREVIEW_SECRET and
 * PREVIEW_API_TOKEN; the URLs are signed here as the CMS signs them (who gets one from the CMS:
 * tests/security/preview-access.security.test.ts).
 */

test.beforeAll(() => {
  expect(secret, 'PREVIEW_SECRET must be set (scripts/test.sh sets it)').not.toBe('');
  expect(process.env.PREVIEW_API_TOKEN, 'PREVIEW_API_TOKEN must be set (scripts/test.sh sets it)').toBeTruthy();
});

test('Nadia previews the draft event: the page as it will be, with a banner, never cached nor indexed', async ({ page }) => {
  const draft = e2eFixtures.draftEventNadiaPreviews;
  const documentId = await draftDocumentId('events', draft.slug);
  const response = await page.goto(signedPreviewPath({ type: 'events', documentId, locale: 'fr', status: 'draft' }));
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  expect(headers['cache-control']).toBe('no-store');
  expect(headers['x-robots-tag']).toBe('noindex, nofollow');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['content-security-policy']).toContain(`frame-ancestors 'self' ${new URL(cmsUrl).origin}`);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(draft.fr.title);
  await expect(page.getByText('Aperçu — ce contenu n’est pas publié')).toBeVisible();
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  await expect(page.locator('link[rel="canonical"]')).toHaveCount(0);
  // The page's own links and styles are the site's: the navigation works from the preview.
  await expect(page.getByRole('link', { name: 'Événements' })).toHaveAttribute('href', '/evenements/');
});

test('Nadia previews the English version of the draft petition', async ({ page }) => {
  const draft = e2eFixtures.draftPetitionNadiaPreviews;
  const documentId = await draftDocumentId('petitions', draft.slug);
  const response = await page.goto(signedPreviewPath({ type: 'petitions', documentId, locale: 'en', status: 'draft' }));
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(draft.en.title);
  await expect(page.getByText('Preview — this content is not published')).toBeVisible();
});

test('an unsigned, altered or expired link shows nothing of the draft', async ({ request }) => {
  const draft = e2eFixtures.draftCallNadiaPreviews;
  const documentId = await draftDocumentId('calls', draft.slug);
  const target = { type: 'calls', documentId, locale: 'fr', status: 'draft' };
  const altered = new URL(signedPreviewPath({ ...target, documentId: 'autredocument000000000000' }), 'http://x');
  altered.searchParams.set('documentId', documentId);
  const links: Array<[string, string]> = [
    [previewPath(target), 'Aperçu refusé'],
    [previewPath({ ...target, secret }), 'Aperçu refusé'],
    [signedPreviewPath(target, { secret: `${secret}x` }), 'Aperçu refusé'],
    [altered.pathname + altered.search, 'Aperçu refusé'],
    [signedPreviewPath(target, { expiresIn: -1 }), 'Aperçu expiré'],
  ];
  for (const [link, title] of links) {
    const response = await request.get(link);
    expect(response.status(), link).toBe(401);
    expect(response.headers()['cache-control']).toBe('no-store');
    const body = await response.text();
    expect(body).not.toContain(draft.fr.title);
    expect(body).toContain(title);
  }
});

test('an unknown document or a malformed request is a clear page, not a crash', async ({ page, request }) => {
  const unknown = await page.goto(signedPreviewPath({ type: 'events', documentId: 'nexistepas000000000000000', locale: 'fr' }));
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Document introuvable');
  expect((await request.get(signedPreviewPath({ type: 'users', documentId: 'x', locale: 'fr' }))).status()).toBe(400);
  expect((await request.get(signedPreviewPath({ type: 'events', documentId: '../etc', locale: 'fr' }))).status()).toBe(400);
  expect((await request.get(signedPreviewPath({ type: 'events', documentId: 'x', locale: 'de' }))).status()).toBe(400);
});
