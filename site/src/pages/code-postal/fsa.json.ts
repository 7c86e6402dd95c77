import type { APIRoute } from 'astro';
import { siteContent } from '../../lib/content.ts';
import { fsaRedirects } from '../../lib/fsa.ts';

/** `/code-postal/fsa.json`: read by the static server to redirect `?cp=H2R1A1` to a neighbourhood. */
export const GET: APIRoute = async () => {
  const [fr, en] = await Promise.all([siteContent('fr'), siteContent('en')]);
  return new Response(JSON.stringify(fsaRedirects(fr.neighbourhoods, en.neighbourhoods)), {
    headers: { 'content-type': 'application/json' },
  });
};
