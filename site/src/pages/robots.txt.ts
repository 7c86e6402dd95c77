import type { APIRoute } from 'astro';

/** Built rather than kept in public/: the sitemap line needs the absolute site URL. */
export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: /\nSitemap: ${new URL('/sitemap.xml', site ?? 'http://127.0.0.1:4321').href}\n`, {
    headers: { 'content-type': 'text/plain' },
  });
