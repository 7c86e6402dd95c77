import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { locales } from '@passerelle/shared';
import { siteBuildConfig } from '../src/config.ts';
import { buildTime } from '../src/lib/now.ts';
import { dcatCatalogFile, openDataFilesOf } from '../src/lib/open-data/files.ts';
import { contentOf, readContentStore } from './content-store.ts';
import { writeFiles } from './write-files.ts';

/**
 * Writes the open data downloads once the pages are built, from the content the pages were made
 * from (src/lib/open-data/): current items as GeoJSON and CSV and organizations as HSDS 3 in each
 * locale's data folder, and the DCAT catalogue. Rebuilt at every build, so always as fresh as the site.
 */
export function openDataFiles(): AstroIntegration {
  let cacheDir: URL;
  let site: string;
  return {
    name: 'passerelle:open-data-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = config.cacheDir;
        site = config.site ?? 'http://127.0.0.1:4321';
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const collections = await readContentStore(cacheDir);
        const { licence, publisher } = siteBuildConfig().openData;
        const files = [
          ...locales.flatMap((locale) => openDataFilesOf(contentOf(collections, locale), locale, site, buildTime)),
          dcatCatalogFile({ site, licence, publisher, modified: buildTime }),
        ];
        await writeFiles(out, files);
        logger.info(`${files.length} open data files written (${licence.id})`);
      },
    },
  };
}
