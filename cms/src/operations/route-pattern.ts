/**
 * The label a request is counted under: the pattern of the route that answered it
 * (`/api/petitions/:id`, `/participer/petitions/:slug/signer`), never the path itself, which
 * carries slugs and ids. The write path's router names its own (ctx.state.route); Strapi's router
 * (koa-router) leaves its pattern in `_matchedRoute`. The catch-all of `strapi::public` (uploads,
 * the public folder: a pattern with no literal path, `([^/]*)`) is `static`; anything no route
 * matched is `unmatched`.
 */
export const UNMATCHED = 'unmatched';
export const STATIC = 'static';

export function routePatternOf(ctx: { state?: Record<string, unknown>; _matchedRoute?: unknown }): string {
  const own = ctx.state?.route;
  if (typeof own === 'string') return own;
  if (typeof ctx._matchedRoute !== 'string') return UNMATCHED;
  return ctx._matchedRoute.startsWith('/') ? ctx._matchedRoute : STATIC;
}
