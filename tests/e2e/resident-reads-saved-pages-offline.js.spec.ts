import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eFixtures, fixturePath } from '../support/e2e-fixtures.ts';
import { axeViolations } from '../support/html-checks.ts';
import { siteDist } from '../support/site.ts';
import { startSiteServer } from '../support/site-server.ts';
import { serviceWorkerSource } from '../../site/src/offline/service-worker.ts';

/**
 * Marie reads Passerelle on an old phone with a data plan that runs out. With JavaScript on, the
 * service worker (site/src/offline/, docs/offline.md) keeps the pages she opened, and the
 * neighbourhood page of an item she opened: without a connection they still open, with a note
 * saying when they were saved. A page she never opened says she is offline. Forms and their pages
 * are never kept, and go to the server exactly as without the worker.
 */
const call = e2eFixtures.callMarieReadsOffline;
const callPath = fixturePath('callMarieReadsOffline');
const neighbourhoodPath = '/quartiers/villeray/';

/** The worker registers after `load` and takes the page once active. */
async function workerControls(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
}

/** Every cache of the origin, and the addresses (path and query) saved in each. */
function savedPages(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      out[name] = (await (await caches.open(name)).keys()).map((request) => {
        const url = new URL(request.url);
        return url.pathname + url.search;
      });
    }
    return out;
  });
}

const allSaved = async (page: Page) => Object.values(await savedPages(page)).flat();

/** Today as the note writes it, in the browser (its time zone). */
const today = (page: Page, tag: string) =>
  page.evaluate((tag) => new Date().toLocaleDateString(tag, { day: 'numeric', month: 'long', year: 'numeric' }), tag);

test('Marie opens a call she read, and its neighbourhood page, without a connection', async ({ page, context }) => {
  await page.goto(callPath);
  await workerControls(page);
  await expect.poll(() => allSaved(page)).toEqual(expect.arrayContaining([callPath, neighbourhoodPath]));

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(call.fr.title);
  const note = page.getByRole('status').first();
  await expect(note).toHaveText(`Vous êtes hors ligne — cette page a été enregistrée le ${await today(page, 'fr-CA')}.`);
  // The note is the first thing on the page and fits a 320 px screen.
  expect(await page.evaluate(() => document.body.firstElementChild?.getAttribute('role'))).toBe('status');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  expect(await axeViolations(page)).toEqual([]);

  // The neighbourhood page she never opened herself was kept beside the call.
  await page.getByRole('link', { name: 'Villeray', exact: true }).click();
  await expect(page).toHaveURL(neighbourhoodPath);
  // The worker fetched it a moment ago: the browser's HTTP cache still holds it (HTML is fresh for
  // a minute), so the worker got it from there, current and without a note. A reload asks the
  // network again, as a visit later in the day would.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Villeray');
  await expect(page.getByRole('status').first()).toContainText('Vous êtes hors ligne — cette page a été enregistrée le');
});

test('in English the note is in English', async ({ page, context }) => {
  const path = fixturePath('callMarieReadsOffline', 'en');
  await page.goto(path);
  await workerControls(page);
  await expect.poll(() => allSaved(page)).toContain(path);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(call.en.title);
  await expect(page.getByRole('status').first()).toHaveText(`You are offline — this page was saved on ${await today(page, 'en-CA')}.`);
});

test('a page never opened says so offline, and lists the pages that are saved', async ({ page, context }) => {
  await page.goto(callPath);
  await workerControls(page);
  await expect.poll(() => allSaved(page)).toContain(callPath);

  await context.setOffline(true);
  await page.goto('/petitions/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vous êtes hors ligne');
  await expect(page.getByRole('status')).toContainText('Cette page n’est pas enregistrée sur cet appareil.');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.getByRole('link', { name: call.fr.title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(call.fr.title);
});

test('forms and the pages they lead to reach the server once and are never kept', async ({ page, context }) => {
  await page.goto(callPath);
  await workerControls(page);
  await expect.poll(() => allSaved(page)).toContain(callPath);

  // Every request of the page and of the worker.
  const toParticiper: string[] = [];
  context.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/participer/')) toParticiper.push(`${request.method()} ${request.url()}`);
  });
  const form = page.locator('form[action$="/interesse"]');
  await form.getByLabel('Votre nom').fill(`Marie Offline ${Date.now().toString(36)}`);
  await form.getByLabel('Téléphone').fill('514 555-0177');
  await form.getByRole('button', { name: 'Envoyer' }).click();
  await expect(page).toHaveURL(/\/participer\/appels\/[a-z0-9-]+\/merci\?locale=fr$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci, votre message est envoyé');
  expect(toParticiper.map((line) => line.split(' ')[0])).toEqual(['POST', 'GET']);

  // A page with a query string (search) is left alone too. The worker has gone past both pages:
  // the next page it keeps is saved after them.
  await page.goto('/recherche/?q=parc');
  await page.goto(neighbourhoodPath);
  await expect.poll(() => allSaved(page)).toContain(neighbourhoodPath);
  const saved = await allSaved(page);
  expect(saved.filter((path) => path.startsWith('/participer/') || path.includes('?'))).toEqual([]);

  await context.setOffline(true);
  await expect(page.goto('/participer/appels/x/merci?locale=fr')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
});

test('after a publish the old build’s cache is gone, her pages stay, and online she sees the new page', async ({ page, context }) => {
  // Two builds side by side, `current` swapped from one to the other as the publisher does. The
  // second is the first (hard links, as the publisher's express lane copies a build) with what a new
  // build changes: the worker's build id, and here the call's page.
  const root = mkdtempSync(join(tmpdir(), 'passerelle-offline-'));
  const first = join(root, 'first');
  const second = join(root, 'second');
  execFileSync('cp', ['-al', siteDist, first]);
  execFileSync('cp', ['-al', siteDist, second]);
  const replace = (file: string, text: string) => {
    rmSync(file);
    writeFileSync(file, text);
  };
  replace(join(second, 'sw.js'), serviceWorkerSource('the-next-build'));
  const callFile = join(second, callPath, 'index.html');
  replace(callFile, readFileSync(callFile, 'utf8').replaceAll(call.fr.title, `${call.fr.title} (mis à jour)`));
  const firstBuild = /"build":"([\w-]+)"/.exec(readFileSync(join(first, 'sw.js'), 'utf8'))![1]!;
  symlinkSync(first, join(root, 'current'));
  const server = await startSiteServer({ SITE_DIR: join(root, 'current') });
  try {
    // Checked again at each visit, so a publish reaches the worker at once.
    expect((await fetch(`${server.base}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
    await page.goto(`${server.base}${callPath}`);
    await workerControls(page);
    await expect.poll(() => savedPages(page)).toEqual({ [`passerelle-${firstBuild}`]: expect.arrayContaining([callPath]) as unknown });

    symlinkSync(second, join(root, 'next'));
    renameSync(join(root, 'next'), join(root, 'current'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect.poll(() => savedPages(page)).toEqual({ 'passerelle-the-next-build': expect.arrayContaining([callPath]) as unknown });

    // Online: the page as published now, not the saved copy.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${call.fr.title} (mis à jour)`);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${call.fr.title} (mis à jour)`);
    await expect(page.getByRole('status').first()).toContainText('Vous êtes hors ligne');
  } finally {
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
