import { dcatCatalogPath, openDataFilePath, type Locale } from '@passerelle/shared';
import type { SubscriptionContent } from '../subscriptions.ts';
import { dcatCatalog, type DcatOptions } from './dcat.ts';
import { hsdsOrganizations } from './hsds.ts';
import { currentItemRows, itemsCsv, itemsGeojson } from './items.ts';

/** One locale's downloads, built from the same content the pages use (integrations/open-data-files.ts writes them). */
export function openDataFilesOf(content: SubscriptionContent, locale: Locale, site: string | URL, now: Date): { path: string; body: string }[] {
  const rows = currentItemRows(content, locale, site, now);
  return [
    { path: openDataFilePath(locale, 'itemsGeojson'), body: `${JSON.stringify(itemsGeojson(rows))}\n` },
    { path: openDataFilePath(locale, 'itemsCsv'), body: itemsCsv(rows) },
    { path: openDataFilePath(locale, 'organizationsHsds'), body: `${JSON.stringify(hsdsOrganizations(content, locale, site, now))}\n` },
  ];
}

export function dcatCatalogFile(options: DcatOptions): { path: string; body: string } {
  return { path: dcatCatalogPath, body: `${JSON.stringify(dcatCatalog(options), null, 1)}\n` };
}
