import type { Core } from '@strapi/strapi';
import { canReadDrafts } from '../lib/draft-access';
import { contentTypeUids } from '@passerelle/shared/content';
import { stripLocalizationFilters } from '../lib/strip-localization-filters';
import { prefetchedAttributes, usePrefetched } from './batched-relations';

type Resolver = (parent: unknown, args: Record<string, unknown>, context: any, info: any) => unknown;

/**
 * GraphQL half of the draft-leak fix. The plugin resolves nested relations (including
 * `localizations`) straight from the database, with the publication status of the *root* query's
 * arguments, which it keeps in `context.rootQueryArgsByPath`. For readers who may not see drafts,
 * this middleware rewrites both the root arguments and that stored copy to "published".
 * Relation, component and media fields also get the batched-relations shortcut.
 */
const forcePublished = async (resolve: Resolver, parent: unknown, args: Record<string, unknown>, context: any, info: any) => {
  if (canReadDrafts(context?.state?.auth)) return resolve(parent, args, context, info);
  const { hasPublishedVersion: _h, publicationFilter: _p, ...rest } = args;
  const publishedArgs = { ...rest, status: 'published' };
  const stored = context?.rootQueryArgsByPath?.get?.(info?.path?.key);
  if (stored) {
    delete stored.hasPublishedVersion;
    delete stored.publicationFilter;
    stored.status = 'published';
  }
  return resolve(parent, publishedArgs, context, info);
};

/** Nested relation fields take `filters` too, resolved straight from the database. */
const noLocalizationFilters = async (resolve: Resolver, parent: unknown, args: Record<string, unknown>, context: any, info: any) => {
  if (canReadDrafts(context?.state?.auth) || !args?.filters) return resolve(parent, args, context, info);
  return resolve(parent, { ...args, filters: stripLocalizationFilters(args.filters) }, context, info);
};

export function registerPublishedOnlyQueries(strapi: Core.Strapi): void {
  const naming = strapi.plugin('graphql').service('utils').naming;
  const resolversConfig: Record<string, { middlewares: unknown[] }> = {};
  for (const uid of contentTypeUids) {
    const contentType = strapi.contentType(uid);
    const { singularName, pluralName } = contentType.info;
    for (const field of [singularName, pluralName, `${pluralName}_connection`]) {
      resolversConfig[`Query.${field}`] = { middlewares: [forcePublished] };
    }
    const typeName: string = naming.getTypeName(contentType);
    const prefetched = new Set(prefetchedAttributes(strapi, uid));
    for (const [attribute, definition] of Object.entries(contentType.attributes)) {
      const isRelation = (definition as { type?: string }).type === 'relation';
      // One list per field: the plugin merges middleware lists by position, so a second
      // registration for the same field would replace this one, not add to it.
      const middlewares = [
        ...(isRelation ? [noLocalizationFilters] : []),
        ...(prefetched.has(attribute) ? [usePrefetched(attribute)] : []),
      ];
      if (middlewares.length > 0) resolversConfig[`${typeName}.${attribute}`] = { middlewares };
      if (isRelation) resolversConfig[`${typeName}.${attribute}_connection`] = { middlewares: [noLocalizationFilters] };
    }
  }
  strapi.plugin('graphql').service('extension').use(() => ({ resolversConfig }));
}
