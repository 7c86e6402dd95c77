import { errors, traverse } from '@strapi/utils';
import { canReadDrafts } from '../lib/draft-access';
import { hiddenFields } from './hide-results-until-closed';
import type { DocumentMiddleware, StrapiInstance } from './types';

const READ_ACTIONS = new Set(['findMany', 'findOne', 'findFirst', 'count']);

type Schema = { uid?: string; attributes?: Record<string, { type?: string; target?: string; component?: string; components?: string[] }> };
type VisitorArgs = { key: string; value: unknown; attribute?: unknown; schema: Schema; path: { attribute?: string | null } };

/** Strapi's query traversals, called with all three arguments (their curried types confuse overloads). */
type Traverse = (visitor: (args: VisitorArgs) => unknown, options: { schema: Schema; getModel: (uid: string) => Schema }, data: unknown) => Promise<unknown>;
const traverseFilters = traverse.traverseQueryFilters as unknown as Traverse;
const traverseSort = traverse.traverseQuerySort as unknown as Traverse;
const traversePopulate = traverse.traverseQueryPopulate as unknown as Traverse;

const isHidden = (schema: Schema, key: string) => Boolean(schema.uid && hiddenFields[schema.uid]?.includes(key));

/** The same answer Strapi gives for a private field: 400 "Invalid key …", never a 500. */
function invalidKey(key: string, path: string | null | undefined): never {
  const message = path && path !== key ? `Invalid key ${key} at ${path}` : `Invalid key ${key}`;
  throw new errors.ValidationError(message, { key, path: path ?? null, source: 'query' });
}

/**
 * A field the public reads as null (a consultation's `results` before it closes) would still
 * answer yes or no to `filters[results][$startsWith]=…`, to a sort, or to a count: one bit per
 * request, enough to read it all. For anyone but the admin panel and API tokens, such a field may
 * not appear in filters or sort at any depth (`$and`/`$or`/`$not`, relations, populate's nested
 * filters and sort), over REST and GraphQL alike since both go through the document service.
 * Full-text search (`_q`) skips these fields because their schema says `searchable: false`.
 */
export function refuseHiddenFieldQueries(strapi: StrapiInstance): DocumentMiddleware {
  const getModel = (uid: string) => strapi.getModel(uid as Parameters<StrapiInstance['getModel']>[0]) as unknown as Schema;

  const checkFilters = (schema: Schema, filters: unknown) =>
    traverseFilters(
      ({ key, attribute, schema: at, path }: VisitorArgs) => {
        if (attribute && isHidden(at, key)) invalidKey(key, path.attribute);
      },
      { schema, getModel },
      filters,
    );
  const checkSort = (schema: Schema, sort: unknown) =>
    traverseSort(
      ({ key, attribute, schema: at, path }: VisitorArgs) => {
        if (attribute && isHidden(at, key)) invalidKey(key, path.attribute);
      },
      { schema, getModel },
      sort,
    );
  const checkPopulate = (schema: Schema, populate: unknown): Promise<unknown> =>
    traversePopulate(
      async ({ key, value, attribute, schema: at }: VisitorArgs) => {
        // Query keywords nested in a populate apply to the populated type's schema.
        if (attribute) return;
        if (key === 'filters') await checkFilters(at, value);
        if (key === 'sort') await checkSort(at, value);
        if (key === 'populate') await checkPopulate(at, value);
      },
      { schema, getModel },
      populate,
    );

  // Most types cannot reach a hidden field through any relation or component: skip the walk.
  const reachable = new Map<string, boolean>();
  const canReachHidden = (uid: string): boolean => {
    const known = reachable.get(uid);
    if (known !== undefined) return known;
    const seen = new Set<string>();
    const queue = [uid];
    let found = false;
    while (queue.length > 0 && !found) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      if (hiddenFields[current]) found = true;
      for (const attribute of Object.values(getModel(current)?.attributes ?? {})) {
        if (attribute.target) queue.push(attribute.target);
        if (attribute.component) queue.push(attribute.component);
        for (const component of attribute.components ?? []) queue.push(component);
      }
    }
    reachable.set(uid, found);
    return found;
  };

  return async (ctx, next) => {
    if (!READ_ACTIONS.has(ctx.action) || !canReachHidden(ctx.uid)) return next();
    const request = strapi.requestContext.get();
    if (!request || canReadDrafts(request.state?.auth)) return next();
    const schema = getModel(ctx.uid);
    const { filters, sort, populate } = ctx.params ?? {};
    if (filters) await checkFilters(schema, filters);
    if (sort) await checkSort(schema, sort);
    if (populate && populate !== '*') await checkPopulate(schema, populate);
    return next();
  };
}
