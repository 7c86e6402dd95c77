import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { itemCollections, pathTo, type ItemCollection, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { shortLinkPrefixes } from '@passerelle/shared/short-links';
import { builtFiles, urlPathOf } from '../support/site.ts';

/**
 * Short links as a resident meets them: the item's page prints its short link; typed from a poster
 * (in lower case, without the final slash, as people type), it lands on that item's page.
 */
const pages = builtFiles('.html');

/** The first built page of each kind of item, in each language, that shows a short link. */
function sample(type: ItemCollection, locale: Locale): string | undefined {
  const folder = pathTo(locale, type);
  const label = t(locale, 'shortLinkLabel');
  return pages.map(urlPathOf).find((path, i) => path.startsWith(folder) && path !== folder && readFileSync(pages[i]!, 'utf8').includes(label));
}

for (const locale of ['fr', 'en'] as const) {
  test(`${locale}: each kind of item shows its short link, and the short link typed by hand leads back to it`, async ({ page }) => {
    for (const type of itemCollections) {
      const itemPath = sample(type, locale);
      expect(itemPath, `no ${locale} ${type} page shows a short link`).toBeDefined();
      await page.goto(itemPath!);
      const title = await page.locator('h1').innerText();
      // The short link comes first; a current item's poster link follows it.
      const link = page.locator('p', { hasText: t(locale, 'shortLinkLabel') }).getByRole('link').first();
      const href = await link.getAttribute('href');
      expect(href).toMatch(new RegExp(`^${locale === 'en' ? '/en' : ''}/${shortLinkPrefixes[type]}/[2-9A-HJKMNP-Z]{3,8}/$`));
      // What is printed and read aloud: host and path, no scheme, no final slash.
      expect(await link.innerText()).toMatch(new RegExp(`^[^/]+${href!.replace(/\/$/, '')}$`));

      const typed = href!.replace(/\/$/, '').toLowerCase();
      await page.goto(typed);
      await page.waitForURL((url) => url.pathname === itemPath);
      await expect(page.locator('h1'), typed).toHaveText(title);
    }
  });
}
