import { accessPointsNearPath, itemCollections, localeRoot, locales, pathTo, type Locale } from '@passerelle/shared';
import { proposePagePath } from '@passerelle/shared/participation/paths';
import { archivePath } from './cards.ts';
import { itemsFor, siteContent } from './content.ts';
import { pageCount, pagePath } from './paginate.ts';
import { openPetitionPaths } from './static-paths.ts';

/** Every HTML page the build makes, in both locales (the 404 page aside): the sitemap and the a11y tests use it. */
export async function allPagePaths(): Promise<string[]> {
  const paths: string[] = [];
  for (const locale of locales) paths.push(...(await pagesOf(locale)));
  return paths;
}

async function pagesOf(locale: Locale): Promise<string[]> {
  const content = await siteContent(locale);
  const paths = [
    localeRoot(locale),
    pathTo(locale, 'postalCode'),
    pathTo(locale, 'map'),
    pathTo(locale, 'search'),
    pathTo(locale, 'neighbourhoods'),
    pathTo(locale, 'topics'),
    pathTo(locale, 'organizations'),
    pathTo(locale, 'privacy'),
    pathTo(locale, 'calendars'),
    pathTo(locale, 'data'),
    pathTo(locale, 'accessPoints'),
    proposePagePath(locale),
  ];
  for (const type of itemCollections) {
    for (const [base, period] of [[pathTo(locale, type), 'current'], [archivePath(locale, type), 'archive']] as const) {
      const total = pageCount((await itemsFor(locale, type, period)).length);
      for (let page = 1; page <= total; page++) paths.push(pagePath(base, page));
    }
    for (const item of content[type]) paths.push(pathTo(locale, type, item.slug));
    if (type === 'petitions') {
      for (const { params } of await openPetitionPaths(locale)) paths.push(`${pathTo(locale, type, params.slug)}${locale === 'fr' ? 'feuille' : 'sheet'}/`);
    }
  }
  for (const section of ['neighbourhoods', 'topics', 'organizations'] as const) {
    for (const entry of content[section]) paths.push(pathTo(locale, section, entry.slug));
  }
  for (const point of content.accessPoints) paths.push(pathTo(locale, 'accessPoints', point.slug));
  for (const hood of content.neighbourhoods) paths.push(accessPointsNearPath(locale, hood.slug));
  return paths;
}
