import { defineMiddleware } from 'astro:middleware';
import { ClientError } from 'graphql-request';
import { pathTo } from '@passerelle/shared';
import { CmsUnreachableError } from '../loader/errors.ts';
import { normaliseNode } from '../loader/normalise.ts';
import { fetchDocument } from '../loader/strapi-loader.ts';
import { withRenderOverride } from '../lib/render-context.ts';
import { RENDER_PATH, renderFailureCodes, renderRequestSchema, type RenderFailureCode, type RenderRequest } from './request.ts';

/**
 * Render build only (./integration.mjs adds it). Turns the renderer's request into the
 * entry the content loader would have stored, then renders the page with that entry in place for
 * this request only. Any other path is a 404: the render build serves nothing else.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const parsed = renderRequestSchema.safeParse((context.locals as { passerelleRender?: unknown }).passerelleRender);
  if (!parsed.success) return failure('bad-request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const request = parsed.data;
  if (context.url.pathname !== `${RENDER_PATH}${request.collection}/`) return failure('not-found', `no page at ${context.url.pathname}`);

  const node = 'node' in request ? request.node : await fetchNode(request);
  if (node instanceof Response) return node;
  const normalised = normaliseNode(request.collection, request.locale, node);
  if (!normalised.ok) return failure('invalid', `${normalised.label}: ${normalised.issues}`);
  const entry = normalised.entry.data;
  const override = {
    collection: request.collection,
    locale: request.locale,
    entry,
    pathname: pathTo(request.locale, request.collection, entry.slug),
    mode: request.mode,
  };
  const response = await withRenderOverride(override, () => next());
  response.headers.set('x-passerelle-path', override.pathname);
  return response;
});

async function fetchNode(request: Extract<RenderRequest, { fetch: unknown }>): Promise<unknown> {
  const { documentId, status, cmsUrl, token } = request.fetch;
  try {
    const node = await fetchDocument({
      collection: request.collection,
      locale: request.locale,
      documentId,
      status,
      url: cmsUrl,
      ...(token ? { token } : {}),
    });
    return node ?? failure('not-found', `no ${status} ${request.collection} ${documentId} in ${request.locale}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // 401/403: the CMS is there but refuses the token (PREVIEW_API_TOKEN differs between the two).
    const status = error instanceof Error && error.cause instanceof ClientError ? error.cause.response.status : 0;
    if (status === 401 || status === 403) return failure('cms-error', `the CMS refused the token (HTTP ${status})`);
    return failure(error instanceof CmsUnreachableError ? 'cms-unreachable' : 'cms-error', message);
  }
}

function failure(code: RenderFailureCode, message: string): Response {
  return new Response(JSON.stringify({ code, message }), {
    status: renderFailureCodes[code],
    headers: { 'content-type': 'application/json' },
  });
}
