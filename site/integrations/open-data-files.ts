import { locales } from '@passerelle/shared';
import { siteBuildConfig } from '../src/config.ts';
import { buildTime } from '../src/lib/now.ts';
import { dcatCatalogFile, openDataFilesOf } from '../src/lib/open-data/files.ts';
import { contentOf, type Store } from './content-store.ts';
import type { FilesOfOneKind } from './write-files.ts';

/**
 * The open data downloads, from the content the pages were made from (src/lib/open-data/):
 * current items as GeoJSON and CSV and organizations as HSDS 3 in each locale's data folder, and
 * the DCAT catalogue. Rebuilt at every build, so always as fresh as the site; written by
 * integrations/files-after-render.ts.
 */
export function openDataFiles(store: Store, site: string): FilesOfOneKind {
  const { licence, publisher } = siteBuildConfig().openData;
  const files = [
    ...locales.flatMap((locale) => openDataFilesOf(contentOf(store, locale), locale, site, buildTime)),
    dcatCatalogFile({ site, licence, publisher, modified: buildTime }),
  ];
  return { files, written: `${files.length} open data files written (${licence.id})` };
}
