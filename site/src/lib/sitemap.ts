import { accessPointsNearPath, itemCollections, localeRoot, locales, pathTo, trainingFichePath, trainingUnitPath, type Locale } from '@passerelle/shared';
import { proposePagePath } from '@passerelle/shared/participation/paths';
import { archivePath } from './cards.ts';
import { itemsFor, siteContent } from './content.ts';
import { pageCount, pagePath } from './paginate.ts';
import { openPetitionPaths } from './static-paths.ts';

interface PagePath {
  path: string;
  /** Marked `noindex` by its page: the search form, a petition's paper sheet. */
  noindex?: true;
}

/**
 * The sitemap's pages: every page search engines may index. A `noindex` page listed there is a
 * contradiction search engines report as an error, so those stay out (the a11y tests add them).
 */
export async function indexedPagePaths(): Promise<string[]> {
  return (await pagePaths()).filter((page) => !page.noindex).map((page) => page.path);
}

/** Every HTML page the build makes from the content, in both locales (the 404 page aside). */
async function pagePaths(): Promise<PagePath[]> {
  const paths: PagePath[] = [];
  for (const locale of locales) paths.push(...(await pagesOf(locale)));
  return paths;
}

async function pagesOf(locale: Locale): Promise<PagePath[]> {
  const content = await siteContent(locale);
  const paths: PagePath[] = [
    localeRoot(locale),
    pathTo(locale, 'postalCode'),
    pathTo(locale, 'map'),
    pathTo(locale, 'neighbourhoods'),
    pathTo(locale, 'topics'),
    pathTo(locale, 'organizations'),
    pathTo(locale, 'privacy'),
    pathTo(locale, 'calendars'),
    pathTo(locale, 'data'),
    pathTo(locale, 'accessPoints'),
    pathTo(locale, 'episodes'),
    pathTo(locale, 'trainingModules'),
    proposePagePath(locale),
  ].map((path) => ({ path }));
  paths.push({ path: pathTo(locale, 'search'), noindex: true });
  for (const type of itemCollections) {
    for (const [base, period] of [[pathTo(locale, type), 'current'], [archivePath(locale, type), 'archive']] as const) {
      const total = pageCount((await itemsFor(locale, type, period)).length);
      for (let page = 1; page <= total; page++) paths.push({ path: pagePath(base, page) });
    }
    for (const item of content[type]) paths.push({ path: pathTo(locale, type, item.slug) });
    if (type === 'petitions') {
      for (const { params } of await openPetitionPaths(locale)) {
        paths.push({ path: `${pathTo(locale, type, params.slug)}${locale === 'fr' ? 'feuille' : 'sheet'}/`, noindex: true });
      }
    }
  }
  for (const section of ['neighbourhoods', 'topics', 'organizations'] as const) {
    for (const entry of content[section]) paths.push({ path: pathTo(locale, section, entry.slug) });
  }
  for (const point of content.accessPoints) paths.push({ path: pathTo(locale, 'accessPoints', point.slug) });
  for (const episode of content.episodes) paths.push({ path: pathTo(locale, 'episodes', episode.slug) });
  for (const module of content.trainingModules) {
    paths.push({ path: pathTo(locale, 'trainingModules', module.slug) });
    for (const unit of module.units) {
      paths.push({ path: trainingUnitPath(locale, module.slug, unit.number) });
      // The fiche repeats the unit for paper: printed, not searched.
      paths.push({ path: trainingFichePath(locale, module.slug, unit.number), noindex: true });
    }
  }
  for (const hood of content.neighbourhoods) paths.push({ path: accessPointsNearPath(locale, hood.slug) });
  return paths;
}
