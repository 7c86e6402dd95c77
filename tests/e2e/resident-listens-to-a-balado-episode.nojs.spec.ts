import { expect, test } from '@playwright/test';
import { episodeChaptersPath, pathTo, podcastFeedPath } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { e2eFixtures, fixturePath } from '../support/e2e-fixtures.ts';

/**
 * Sylvie has an old phone, a small data plan and JavaScript off. From the balado's page she opens an
 * episode: nothing of the sound loads before she presses play, she sees both versions and what each
 * weighs, reads the whole transcript, and follows a chapter to the moment it starts.
 */
const episode = e2eFixtures.episodeSylvieListensTo;

test('an episode on an old phone: no audio before play, two versions with their sizes, the transcript, a chapter', async ({ page }) => {
  const audioRequests: string[] = [];
  page.on('request', (request) => {
    if (/\.(m4a|mp3)(#|$)/.test(request.url())) audioRequests.push(request.url());
  });

  await page.goto(pathTo('fr', 'episodes'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fr', 'podcastHeading'));
  await expect(page.locator('head link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute('href', new RegExp(`${podcastFeedPath('fr')}$`));
  await expect(page.getByRole('link', { name: t('fr', 'podcastSubscribe') })).toHaveAttribute('href', podcastFeedPath('fr'));
  await page.getByRole('link', { name: episode.fr.title }).click();
  await expect(page).toHaveURL(new RegExp(`${fixturePath('episodeSylvieListensTo')}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(episode.fr.title);

  const player = page.locator('main audio');
  await expect(player).toHaveAttribute('preload', 'none');
  await expect(player).toHaveAttribute('controls', '');
  await expect(player).toHaveAttribute('src', /\/media\/balado\/.+\.m4a$/);

  const low = page.getByRole('link', { name: /version légère \(\d+,\d Mo/ });
  const standard = page.getByRole('link', { name: /version standard \(\d+,\d Mo\)/ });
  await expect(low).toHaveAttribute('href', /\.m4a$/);
  await expect(standard).toHaveAttribute('href', /\.mp3$/);
  await expect(low).toHaveAttribute('download', '');

  // The whole transcript, paragraph by paragraph, inside what the search indexes.
  const article = page.locator('main article[data-pagefind-body]');
  await expect(article.getByRole('heading', { name: t('fr', 'podcastTranscript') })).toBeVisible();
  await expect(article).toContainText('Samira : Dans mon quartier, la moitié des gens n’ont pas de forfait de données.');
  await expect(article).toContainText('La dernière assemblée, on était quarante.');
  await expect(page.locator('head link[rel="alternate"][type="application/rss+xml"]')).toHaveCount(1);

  expect(audioRequests, 'no byte of audio before play').toEqual([]);

  // A chapter opens the low-data file at its time (media fragment).
  const chapter = page.getByRole('link', { name: '0:20 — Le texto plutôt que Facebook' });
  const href = await chapter.getAttribute('href');
  expect(href).toMatch(/\.m4a#t=20$/);
  const response = await page.request.get(href!.replace(/#.*$/, ''), { headers: { Range: 'bytes=0-99' } });
  expect(response.status()).toBe(206);
  expect(response.headers()['content-type']).toBe('audio/mp4');
  expect((await response.body()).length).toBe(100);

  // Share by text message, and the chapters file podcast apps read.
  await expect(page.getByRole('link', { name: t('fr', 'podcastShareSms') })).toHaveAttribute('href', /^sms:\?&body=.+balado/);
  const chapters = await page.request.get(episodeChaptersPath('fr', episode.slug));
  expect((await chapters.json()).chapters[1]).toEqual({ startTime: 20, title: 'Le texto plutôt que Facebook' });
});

test('the English podcast page lists the episode and its feed', async ({ page }) => {
  await page.goto(pathTo('en', 'episodes'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'podcastHeading'));
  await page.getByRole('link', { name: episode.en.title }).click();
  await expect(page).toHaveURL(new RegExp(`${fixturePath('episodeSylvieListensTo', 'en')}$`));
  await expect(page.getByRole('link', { name: /low-data version \(\d+\.\d MB/ })).toBeVisible();
  await expect(page.getByRole('link', { name: t('en', 'podcastSubscribe') })).toHaveAttribute('href', podcastFeedPath('en'));
});
