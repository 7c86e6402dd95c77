/**
 * Regenerates the pictures of the admin homepage in docs/ (docs/editors.md "Admin homepage"), one
 * per role, for a person to check by eye: `docs/images/admin-home-super-admin.png`,
 * `admin-home-oc.png` and `admin-home-group.png` (the first screen, 1280 × 800, 64-colour PNG).
 *
 *   CMS_URL=http://127.0.0.1:1337 pnpm --filter @passerelle/tests exec tsx support/admin-screenshots.ts
 *
 * Against a CMS in development mode serving its built admin (scripts/test.sh runs one; by hand:
 * `pnpm --filter @passerelle/cms build`, then the CMS with SERVE_ADMIN=true), whose dev super
 * admin exists. It invites one OC and one community-group user (new addresses each run) through
 * the admin API, as the admin tests do.
 */
import { chromium, expect, request as playwrightRequest, type Browser } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { devAdmin, invitedUser, logIn, sessionToken, widget } from './admin-panel.ts';

const imagesDir = join(resolve(fileURLToPath(new URL('../..', import.meta.url))), 'docs/images');
const password = 'Passerelle-capture-2026!';
const stamp = Date.now().toString(36);

async function capture(browser: Browser, user: { email: string; password: string }, file: string): Promise<string> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-CA', timezoneId: 'America/Toronto' });
  const page = await context.newPage();
  await logIn(page, user);
  await widget(page, 'Publication du site').waitFor();
  await page.waitForLoadState('networkidle');
  // Every widget shows "Chargement du contenu du widget" until its data is there.
  await expect(page.getByText('Chargement du contenu du widget')).toHaveCount(0, { timeout: 30_000 });
  const png = await page.screenshot();
  const token = await sessionToken(page);
  await context.close();
  await sharp(png).png({ palette: true, colours: 64, compressionLevel: 9 }).toFile(join(imagesDir, file));
  return token;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  mkdirSync(imagesDir, { recursive: true });
  const superToken = await capture(browser, devAdmin, 'admin-home-super-admin.png');
  const api = await playwrightRequest.newContext();
  const oc = { email: `oc.capture.${stamp}@cisss.example.org`, password };
  const group = { email: `groupe.capture.${stamp}@example.org`, password };
  await invitedUser(api, superToken, 'passerelle-community-organizer', oc.email, oc.password);
  await invitedUser(api, superToken, 'passerelle-community-group', group.email, group.password);
  await api.dispose();
  await capture(browser, oc, 'admin-home-oc.png');
  await capture(browser, group, 'admin-home-group.png');
  console.log(`admin homepage pictures written to ${imagesDir}`);
} finally {
  await browser.close();
}
