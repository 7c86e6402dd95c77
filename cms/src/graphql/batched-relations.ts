import type { Core, UID } from '@strapi/strapi';
import { isContentTypeUid } from '@passerelle/shared/content';
import type { DocumentMiddleware } from '../document-middlewares/types';

/**
 * Strapi's GraphQL plugin resolves every relation, component and media field of every entity with
 * its own database query, validation and sanitisation (N+1): for the site's build query that is
 * ~8 ms per entry, 90 s for 10,000 items. REST's `populate` loads the same data in a few batched
 * queries. This module gives GraphQL the same batching, in two halves:
 *
 * 1. a document-service middleware: a GraphQL root query on a public type that asks for no
 *    `populate` gets every relation, component and media field populated in one batched read —
 *    through the document service, so status (published only for the public) and locale rules are
 *    the same as for the entity itself;
 * 2. resolver middlewares on those fields (registered with the draft guard's, in
 *    force-published-queries.ts, because the plugin merges middleware lists by position): when the parent already carries the field and the query
 *    passes no arguments for it (no filters, sort or pagination), return it instead of querying
 *    again. Anything else falls through to the plugin's own resolver, unchanged.
 *
 * `localizations` is never prefetched: it keeps going through the plugin (and the draft guard).
 */
type Resolver = (parent: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;
type Attribute = { type?: string; relation?: string; target?: string };

const READ_ACTIONS = new Set(['findMany', 'findOne', 'findFirst']);
const PREFETCHED_TYPES = new Set(['relation', 'component', 'media']);
const NEVER_PREFETCHED = new Set(['localizations', 'createdBy', 'updatedBy']);

export function prefetchedAttributes(strapi: Core.Strapi, uid: UID.ContentType): string[] {
  const attributes = strapi.contentType(uid).attributes as Record<string, Attribute>;
  return Object.entries(attributes)
    .filter(([name, a]) => PREFETCHED_TYPES.has(a.type ?? '') && !NEVER_PREFETCHED.has(name))
    .filter(([, a]) => a.type !== 'relation' || !String(a.target ?? '').startsWith('admin::'))
    .map(([name]) => name);
}

export function prefetchForGraphql(strapi: Core.Strapi): DocumentMiddleware {
  const endpoint = String(strapi.config.get('plugin::graphql.endpoint', '/graphql'));
  const populateByType = new Map<string, Record<string, true>>();
  return async (ctx, next) => {
    if (!READ_ACTIONS.has(ctx.action) || ctx.params?.populate !== undefined) return next();
    if (!isContentTypeUid(ctx.uid)) return next();
    const request = strapi.requestContext.get();
    if (request?.request?.path !== endpoint) return next();
    let populate = populateByType.get(ctx.uid);
    if (!populate) {
      populate = Object.fromEntries(prefetchedAttributes(strapi, ctx.uid).map((name) => [name, true as const]));
      populateByType.set(ctx.uid, populate);
    }
    ctx.params = { ...ctx.params, populate };
    return next();
  };
}

const isEmptyObject = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.keys(value as object).length === 0;

export const usePrefetched =
  (attribute: string) =>
  async (resolve: Resolver, parent: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => {
    const record = parent as Record<string, unknown> | null;
    // To-many fields always receive the schema's defaults (`pagination: {}`, `sort: []`): those ask
    // for nothing the prefetched list does not already hold.
    const hasArguments = Object.values(args ?? {}).some(
      (value) => value !== undefined && !(Array.isArray(value) ? value.length === 0 : isEmptyObject(value)),
    );
    if (record && attribute in record && record[attribute] !== undefined && !hasArguments) return record[attribute];
    return resolve(parent, args, context, info);
  };
