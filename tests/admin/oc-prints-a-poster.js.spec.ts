import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { posterPath } from '@passerelle/shared';
import { adminToken, cmsUrl, devAdmin, invitedUser, logIn } from '../support/admin-panel.ts';
import { siteDist, siteUrl } from '../support/site.ts';

/**
 * Odile, an OC, edits a published event in the Strapi admin: a side panel « Affiche » links to the
 * event's poster on the public site, in a new tab, at the address the site wrote it. Needs the built
 * admin panel and the built site (scripts/test.sh).
 */
const oc = { email: `oc.affiche.${Date.now().toString(36)}@cisss.example.org`, password: 'Affiche-admin-2026!' };

test('Odile opens an event in the admin and finds the link to print its poster', async ({ page, request }) => {
  // An event the site wrote a poster for: the first folder under /affiches/evenements/.
  const [slug] = (await readdir(path.join(siteDist, 'affiches', 'evenements'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  expect(slug, 'a poster in the built site').toBeDefined();
  const superToken = await adminToken(request, devAdmin);
  const found = await request.get(
    `${cmsUrl}/content-manager/collection-types/api::event.event?page=1&pageSize=1&plugins[i18n][locale]=fr&filters[slug][$eq]=${encodeURIComponent(slug!)}`,
    { headers: { authorization: `Bearer ${superToken}` } },
  );
  const [event] = ((await found.json()) as { results: Array<{ documentId: string }> }).results;
  expect(event, `the event ${slug}`).toBeDefined();
  await invitedUser(request, superToken, 'passerelle-community-organizer', oc.email, oc.password);

  await logIn(page, oc);
  await page.goto(`${cmsUrl}/admin/content-manager/collection-types/api::event.event/${event!.documentId}?plugins[i18n][locale]=fr`);
  const link = page.getByRole('link', { name: /Imprimer une affiche/ });
  // The edit view loads its schemas and the document first: slow on a busy CI machine.
  await expect(link).toBeVisible({ timeout: 30_000 });
  const href = await link.getAttribute('href');
  expect(href).toBe(`${siteUrl}${posterPath('fr', 'events', slug!)}`);
  await expect(link).toHaveAttribute('target', '_blank');
  const poster = await request.get(href!);
  expect(poster.status()).toBe(200);
  expect(await poster.text()).toContain('<h1');
});
