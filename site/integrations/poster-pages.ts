import { itemCollections, locales, posterPath, type ItemCollection, type Locale, type Neighbourhood } from '@passerelle/shared';
import { siteBuildConfig } from '../src/config.ts';
import type { ItemsByType } from '../src/lib/items.ts';
import { byPeriod } from '../src/lib/lifecycle.ts';
import { posterPage } from '../src/lib/poster-page.ts';
import { posterPageInput } from '../src/lib/posters.ts';
import type { Store } from './content-store.ts';
import { posterCss } from './poster-css.ts';
import type { FilesOfOneKind, FileToWrite } from './write-files.ts';

/**
 * The posters (`/affiches/<type>/<slug>/`, `/en/posters/<type>/<slug>/`): one per current item with
 * a short code, in each language, from the content store the pages were made from and the
 * template of src/lib/poster-page.ts. As Astro routes they were a third of the pages and a third
 * of the render (decision 0055). Written by integrations/files-after-render.ts.
 */
export async function posters(store: Store, site: string): Promise<FilesOfOneKind> {
  const files = posterFiles(store, new URL(site), siteBuildConfig().platformPhone, await posterCss());
  return { files, written: `${files.length} posters written` };
}

/** One locale's entries of a collection, by slug, as the pages see them (src/lib/content.ts). */
function bySlug<T extends { slug: string }>(store: Store, collection: string, locale: Locale): Map<string, T> {
  const entries = [...(store.get(collection)?.values() ?? [])].filter((entry) => entry.id.startsWith(`${locale}/`));
  return new Map(entries.map((entry) => [(entry.data as T).slug, entry.data as T]));
}

export function posterFiles(store: Store, site: URL, platformPhone: string | null, css: string): FileToWrite[] {
  const files: FileToWrite[] = [];
  for (const locale of locales) {
    const other: Locale = locale === 'fr' ? 'en' : 'fr';
    const neighbourhoods = bySlug<Neighbourhood>(store, 'neighbourhoods', locale);
    for (const type of itemCollections) {
      const items = [...bySlug<ItemsByType[ItemCollection][number]>(store, type, locale).values()] as ItemsByType[typeof type][number][];
      const inOther = bySlug<{ slug: string }>(store, type, other);
      for (const item of byPeriod(type, items, 'current')) {
        const shortCode = item.shortCode;
        if (!shortCode) continue;
        files.push({
          path: `${posterPath(locale, type, item.slug)}index.html`,
          body: async () =>
            posterPage(
              await posterPageInput({
                locale,
                type,
                item: { ...item, shortCode },
                inOtherLocale: inOther.has(item.slug),
                firstNeighbourhood: item.neighbourhoods[0] ? neighbourhoods.get(item.neighbourhoods[0].slug) : undefined,
                site,
                platformPhone,
                css,
              }),
            ),
        });
      }
    }
  }
  return files;
}
