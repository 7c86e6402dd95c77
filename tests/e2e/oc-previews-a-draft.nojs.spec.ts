import { expect, test } from '@playwright/test';
import { cmsUrl, demoDraft, draftDocumentId, previewPath, previewSecret as secret } from '../support/preview.ts';

/**
 * Nadia, an OC, opens the Preview of a draft in the CMS: the admin frames the site's /apercu/ page,
 * which shows the draft exactly as the site will, with a banner, never cached nor indexed. Without
 * the secret, or with a wrong one, nothing of the draft is shown. scripts/test.sh gives the CMS, the
 * site server and this file the same PREVIEW_SECRET and PREVIEW_API_TOKEN.
 */

test.beforeAll(() => {
  expect(secret, 'PREVIEW_SECRET must be set (scripts/test.sh sets it)').not.toBe('');
  expect(process.env.PREVIEW_API_TOKEN, 'PREVIEW_API_TOKEN must be set (scripts/test.sh sets it)').toBeTruthy();
});

test('Nadia previews the draft event: the page as it will be, with a banner, never cached nor indexed', async ({ page }) => {
  const draft = demoDraft('events');
  const documentId = await draftDocumentId('events', draft.slug);
  const response = await page.goto(previewPath({ type: 'events', documentId, locale: 'fr', status: 'draft', secret }));
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
  const draft = demoDraft('petitions');
  const documentId = await draftDocumentId('petitions', draft.slug);
  const response = await page.goto(previewPath({ type: 'petitions', documentId, locale: 'en', status: 'draft', secret }));
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(draft.en.title);
  await expect(page.getByText('Preview — this content is not published')).toBeVisible();
});

test('without the secret, or with a wrong one, the preview shows nothing of the draft', async ({ request }) => {
  const draft = demoDraft('calls');
  const documentId = await draftDocumentId('calls', draft.slug);
  for (const params of [{} as Record<string, string>, { secret: 'wrong' }, { secret: `${secret}x` }, { secret: secret.slice(0, -1) }]) {
    const response = await request.get(previewPath({ type: 'calls', documentId, locale: 'fr', ...params }));
    expect(response.status()).toBe(401);
    expect(response.headers()['cache-control']).toBe('no-store');
    const body = await response.text();
    expect(body).not.toContain(draft.fr.title);
    expect(body).toContain('Aperçu refusé');
  }
});

test('an unknown document or a malformed request is a clear page, not a crash', async ({ page, request }) => {
  const unknown = await page.goto(previewPath({ type: 'events', documentId: 'nexistepas000000000000000', locale: 'fr', secret }));
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Document introuvable');
  expect((await request.get(previewPath({ type: 'users', documentId: 'x', locale: 'fr', secret }))).status()).toBe(400);
  expect((await request.get(previewPath({ type: 'events', documentId: '../etc', locale: 'fr', secret }))).status()).toBe(400);
  expect((await request.get(previewPath({ type: 'events', documentId: 'x', locale: 'de', secret }))).status()).toBe(400);
});
