import type { Loader, LoaderContext } from 'astro/loaders';
import { ClientError, GraphQLClient } from 'graphql-request';
import { collectionQuery, contentTypes, documentQuery, locales, type CollectionName, type Locale } from '@passerelle/shared';
import { CmsQueryError, CmsUnreachableError } from './errors.ts';
import { normaliseNode } from './normalise.ts';
import { siteBuildConfig } from '../config.ts';

export { CmsQueryError, CmsUnreachableError } from './errors.ts';

export interface StrapiLoaderOptions<C extends CollectionName = CollectionName> {
  /** Which entry of `contentTypes` to load. */
  collection: C;
  /** CMS base URL, without `/graphql`. Defaults to `CMS_URL`, then a local Strapi. */
  url?: string;
  /** API token sent as a bearer token. Defaults to `CMS_TOKEN`; the Public role needs none. */
  token?: string;
  /**
   * Documents per request. Strapi silently caps `pagination.pageSize` at the GraphQL plugin's
   * `maxLimit` (cms/config/plugins.ts sets it to 200): keep this at or below it, or pages get lost.
   */
  pageSize?: number;
  /** Milliseconds before one request counts as a timeout. */
  timeoutMs?: number;
  /** Attempts per request when the CMS cannot be reached (1 = no retry). */
  retries?: number;
  /** Base delay between attempts, multiplied by the attempt number. */
  retryDelayMs?: number;
}

const DEFAULT_PAGE_SIZE = 200;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Astro content loader for one Strapi collection, every locale, through the GraphQL API. */
export function strapiLoader<C extends CollectionName>(
  options: StrapiLoaderOptions<C>,
): Loader & { schema: (typeof contentTypes)[C]['schema'] } {
  const definition: (typeof contentTypes)[C] = contentTypes[options.collection];
  if (!definition) throw new Error(`strapiLoader: unknown collection "${String(options.collection)}"`);
  const baseUrl = (options.url ?? siteBuildConfig().cmsUrl).replace(/\/+$/, '');
  const endpoint = `${baseUrl}/graphql`;
  const token = options.token ?? siteBuildConfig().cmsToken;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = Math.max(1, options.retries ?? 3);
  const retryDelayMs = options.retryDelayMs ?? 500;
  const query = collectionQuery(options.collection);
  const client = new GraphQLClient(endpoint, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

  return {
    name: 'passerelle-strapi-loader',
    schema: definition.schema,
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Astro passes generateDigest as a plain function (typed as a method), and its docs destructure it
    async load({ store, logger, generateDigest }: LoaderContext) {
      const seen = new Set<string>();
      let stored = 0;
      let skipped = 0;
      let unchanged = 0;

      for (const locale of locales) {
        for await (const node of fetchAll(locale)) {
          const normalised = normaliseNode(options.collection, locale, node);
          if (!normalised.ok) {
            skipped++;
            logger.warn(`${options.collection} [${locale}] ${normalised.label} skipped: ${normalised.issues}`);
            continue;
          }
          const { id, data } = normalised.entry;
          seen.add(id);
          const digest = generateDigest(data);
          // Astro's store skips a `set` whose digest is unchanged; we count it to say so in the log.
          if (store.get(id)?.digest === digest) {
            unchanged++;
            continue;
          }
          store.set({ id, data, digest });
          stored++;
        }
      }

      // Entries deleted or unpublished in the CMS since the last build must disappear from the site.
      for (const id of store.keys()) if (!seen.has(id)) store.delete(id);

      logger.info(
        `${options.collection}: ${seen.size} entries (${stored} updated, ${unchanged} unchanged, ${skipped} invalid skipped)`,
      );
    },
  };

  /**
   * A locale's documents, page after page in order. The next page is asked for before this one's
   * documents are handed on: the CMS makes it while the site parses and stores these, instead of
   * each side waiting for the other.
   */
  async function* fetchAll(locale: Locale): AsyncGenerator<unknown> {
    let next = fetchPage(locale, 1);
    for (let page = 1; ; page++) {
      const nodes = await next;
      const more = nodes.length >= pageSize;
      if (more) {
        next = fetchPage(locale, page + 1);
        // If the build stops before awaiting it (a document fails to store), its failure is not
        // an unhandled rejection that kills the process with a second, misleading error.
        next.catch(() => undefined);
      }
      yield* nodes;
      if (!more) return;
    }
  }

  async function fetchPage(locale: Locale, page: number): Promise<unknown[]> {
    let result: Record<string, unknown> | undefined;
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await client.request<Record<string, unknown>>({
          document: query,
          variables: { locale, page, pageSize },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const failure = toLoaderError(error, endpoint, options.collection, locale);
        // A reset or refused connection is often a moment's trouble (a keep-alive socket closed
        // under us, a CMS restarting): try again briefly before failing the whole build.
        const transient = failure instanceof CmsUnreachableError && !(error instanceof ClientError);
        if (!transient || attempt >= retries) throw failure;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt));
      }
    }
    const nodes = result[definition.query];
    if (!Array.isArray(nodes)) {
      throw new CmsQueryError(options.collection, locale, `the answer has no "${definition.query}" list`);
    }
    // Array.isArray makes `any[]` of an unknown: the nodes are parsed by the collection's schema later.
    return nodes as unknown[];
  }
}

/** Sorts a failed request into "the CMS is not there" and "the CMS said no". */
export function toLoaderError(error: unknown, endpoint: string, collection: string, locale: string): Error {
  if (error instanceof ClientError) {
    const messages = (error.response.errors ?? []).map((e) => e.message).filter(Boolean);
    if (messages.length > 0) return new CmsQueryError(collection, locale, messages.join('; '), { cause: error });
    return new CmsUnreachableError(endpoint, `HTTP ${error.response.status}`, { cause: error });
  }
  return new CmsUnreachableError(endpoint, networkReason(error), { cause: error });
}

function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const code = cause?.code ?? (error as { code?: string } | null)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}

export interface FetchDocumentOptions {
  collection: CollectionName;
  documentId: string;
  locale: Locale;
  /** `draft` needs a token allowed to read drafts (the preview's read-only API token). */
  status: 'draft' | 'published';
  url?: string;
  token?: string;
  timeoutMs?: number;
}

/**
 * The raw GraphQL node of one document (null when the CMS has none in that locale and state),
 * for the on-demand renderer. Errors are the loader's: CmsUnreachableError, CmsQueryError.
 */
export async function fetchDocument(options: FetchDocumentOptions): Promise<unknown> {
  const definition = contentTypes[options.collection];
  const endpoint = `${(options.url ?? siteBuildConfig().cmsUrl).replace(/\/+$/, '')}/graphql`;
  const client = new GraphQLClient(endpoint, {
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  });
  let result: Record<string, unknown>;
  try {
    result = await client.request<Record<string, unknown>>({
      document: documentQuery(options.collection),
      variables: { locale: options.locale, documentId: options.documentId, status: options.status.toUpperCase() },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw toLoaderError(error, endpoint, options.collection, options.locale);
  }
  const nodes = result[definition.query];
  if (!Array.isArray(nodes)) {
    throw new CmsQueryError(options.collection, options.locale, `the answer has no "${definition.query}" list`);
  }
  return nodes[0] ?? null;
}
