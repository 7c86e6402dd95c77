import { expect, test, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { cmsUrl, devAdmin, invitedUser, logIn, sessionToken, widget } from '../support/admin-panel.ts';

/**
 * Odile (OC), the super admin and Gaston's community group open the admin in French: no Strapi
 * onboarding or marketing in English on the homepage, the Content Manager or the Media Library;
 * the Content Manager's menu in the OCs' words and order; the "Aide" page. Then Odile's colleague
 * Sam switches his profile to English. Needs the built admin (scripts/test.sh), built with
 * NODE_ENV=development: the only build in which Strapi shows its guided tour, to the first super
 * admin — the dev admin here — so these checks see what would otherwise be there.
 */
// Each test walks four pages of a React app on a shared two-core machine.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

// cms/ is a CommonJS package, which Playwright's ES module loader cannot import by name.
const require = createRequire(import.meta.url);
const { contentMenuLabels } = require('../../cms/src/admin/content-menu.ts') as typeof import('../../cms/src/admin/content-menu.ts');
const { helpSections } = require('../../cms/src/admin/help/help-content.ts') as typeof import('../../cms/src/admin/help/help-content.ts');

/**
 * Strapi's own onboarding and marketing (@strapi/admin 5.54 translations/en.json: the guided tour
 * and its homepage tasks, the Media Library announcement, Strapi Cloud, upsells, the free trial),
 * plus its English homepage strings that say French is missing.
 */
const strapiOnboarding = [
  'Discover your application',
  'Follow the guided tour',
  'Create your schema',
  'Create and publish content',
  'Copy an API token',
  'Deploy your application',
  'Strapi Cloud',
  'Deploy with Strapi Cloud',
  'Skip the tour',
  'Introducing the new Media Library',
  "You're now using the revamped version",
  'Read blog post',
  'Upgrade now',
  'Your trial ends',
  'Start your free trial',
  'Watch more videos',
  'Learn more on our documentation',
  'Project statistics',
  'Welcome to your administration panel',
  'Add Widget',
  'Content Manager',
  'Content-Type Builder',
];

/** Strapi 5.54's Media Library strings that its fr.json lacks (cms/src/admin/strapi-french-media-library.ts). */
const mediaLibraryEnglish = ['Media library', 'Folders', 'No folders yet', 'Filter', 'Sort:', 'Search results', 'No assets yet', 'Creation date', 'Last modified'];

/** An OC's Media Library: the page's own words in French. */
async function expectMediaLibraryInFrench(page: Page): Promise<void> {
  await page.goto(`${cmsUrl}/admin/plugins/upload`);
  await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible({ timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  const text = await page.locator('body').innerText();
  for (const english of mediaLibraryEnglish) expect(text, `the Media Library shows "${english}"`).not.toContain(english);
  expect(text).toContain('Médiathèque');
  expect(text).toMatch(/Dossiers|Filtrer|Trier/);
}

const password = 'Passerelle-admin-2026!';
const stamp = Date.now().toString(36);
const oc = { email: `odile.${stamp}@cisss.example.org`, password };
const ocInEnglish = { email: `sam.${stamp}@cisss.example.org`, password };
const group = { email: `gaston.${stamp}@example.org`, password };

const mainPages = [
  { path: '/admin', fence: (page: Page) => widget(page, 'Publication du site') },
  { path: '/admin/content-manager/collection-types/api::event.event', fence: (page: Page) => page.getByRole('heading', { name: 'Événement', exact: true }) },
  // A group may not have the Media Library: its page, or the refusal, in the main area.
  { path: '/admin/plugins/upload', fence: (page: Page) => page.getByRole('main').getByRole('heading').first() },
  { path: '/admin/aide', fence: (page: Page) => page.getByRole('heading', { level: 1, name: 'Aide' }) },
];

/** Each main page, once its own content is there (the fence), holds none of Strapi's onboarding. */
async function expectNoStrapiOnboarding(page: Page): Promise<void> {
  for (const { path, fence } of mainPages) {
    await page.goto(cmsUrl + path);
    await expect(fence(page)).toBeVisible({ timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    const text = await page.locator('body').innerText();
    for (const english of strapiOnboarding) expect(text, `${path} shows "${english}"`).not.toContain(english);
  }
}

/** The Content Manager's menu labels, top to bottom. */
async function contentMenu(page: Page): Promise<string[]> {
  await page.goto(`${cmsUrl}/admin/content-manager`);
  const links = page.locator('a[href*="/content-manager/collection-types/"]');
  await expect(links.first()).toBeVisible({ timeout: 20_000 });
  return (await links.allInnerTexts()).map((t) => t.trim());
}

const frenchOrder = contentMenuLabels.map((l) => l.fr);
const ocTypes = frenchOrder.slice(0, 7); // Événements … Organismes

/** The labels the user sees come in the table's order, and the numbered ones before any other. */
function expectMenuOrder(seen: string[], order: string[]): void {
  const known = seen.filter((label) => order.includes(label));
  expect(known).toEqual(order.filter((label) => known.includes(label)));
  expect(seen.slice(0, known.length)).toEqual(known);
}

async function expectHelpOpens(page: Page, title: string, sectionTitle: string): Promise<void> {
  await page.goto(`${cmsUrl}/admin`);
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/aide$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: sectionTitle, exact: true })).toBeVisible();
}

test('the super admin: no Strapi onboarding, the OCs’ menu, and the Aide page', async ({ page, request }) => {
  await logIn(page, devAdmin);
  const token = await sessionToken(page);
  await invitedUser(request, token, 'passerelle-community-organizer', oc.email, oc.password);
  await invitedUser(request, token, 'passerelle-community-organizer', ocInEnglish.email, ocInEnglish.password);
  await invitedUser(request, token, 'passerelle-community-group', group.email, group.password);

  await expectNoStrapiOnboarding(page);
  // Of Strapi's widgets only "last edited entries" is left; Passerelle's come first.
  await page.goto(`${cmsUrl}/admin`);
  await expect(widget(page, 'Cette semaine')).toBeVisible();
  await expect(widget(page, 'Dernières entrées éditées')).toBeVisible();
  await expect(widget(page, 'Statistiques du projet')).toHaveCount(0);
  await expect(widget(page, 'Profil')).toHaveCount(0);

  const menu = await contentMenu(page);
  expect(menu.slice(0, 7)).toEqual(ocTypes);
  expectMenuOrder(menu, frenchOrder);
  await expectHelpOpens(page, 'Aide', helpSections[0]!.title.fr);
});

test('Odile, an OC: no Strapi onboarding, her menu in her order, "Cette semaine", and the Aide page', async ({ page }) => {
  await logIn(page, oc);
  await expectNoStrapiOnboarding(page);
  await page.goto(`${cmsUrl}/admin`);
  await expect(widget(page, 'Cette semaine')).toBeVisible();
  const menu = await contentMenu(page);
  expect(menu.slice(0, 7)).toEqual(ocTypes);
  expectMenuOrder(menu, frenchOrder);
  await expectHelpOpens(page, 'Aide', 'Annuler un événement');
  await expectMediaLibraryInFrench(page);
});

test('Gaston’s community group: no Strapi onboarding, no "Cette semaine", its types in the same order', async ({ page }) => {
  await logIn(page, group);
  await expectNoStrapiOnboarding(page);
  await page.goto(`${cmsUrl}/admin`);
  await expect(widget(page, 'Publication du site')).toBeVisible();
  // A widget waiting for its permission check is shown meanwhile: this waits for it to go.
  await expect(widget(page, 'Cette semaine')).toHaveCount(0);
  const menu = await contentMenu(page);
  expect(menu[0]).toBe('Événements');
  expectMenuOrder(menu, frenchOrder);
  await expectHelpOpens(page, 'Aide', 'Publier');
});

test('Sam, an OC who reads English, switches his profile to English: menu, help and widgets follow', async ({ page }) => {
  await logIn(page, ocInEnglish);
  await page.goto(`${cmsUrl}/admin/me`);
  await page.getByRole('combobox', { name: /Langue de l.interface/ }).click();
  await page.getByRole('option', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('button', { name: 'Save' })).toBeVisible();

  await page.goto(`${cmsUrl}/admin`);
  await expect(widget(page, 'This week')).toBeVisible();
  const menu = await contentMenu(page);
  expect(menu.slice(0, 7)).toEqual(contentMenuLabels.slice(0, 7).map((l) => l.en));
  await expectHelpOpens(page, 'Help', helpSections[2]!.title.en);
});
