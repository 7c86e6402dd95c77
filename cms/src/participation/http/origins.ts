/**
 * The origins that are ours: the site's (PUBLIC_SITE_URL: its pages post the forms, through its
 * /participer/ proxy), the CMS's public one (PUBLIC_URL: the admin panel, and forms posting to the
 * CMS directly) and any extra in ALLOWED_ORIGINS. One list for CORS (config/middlewares.ts) and
 * for refusing cross-site form posts (router.ts), so the two can never disagree.
 */
export interface OurOrigins {
  all: string[];
  /** A public URL is https, so the people we serve reach us over TLS. */
  https: boolean;
}

function originOf(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `Passerelle CMS: ${name} contient « ${value} », qui n'est pas une adresse http(s) — ${name}: "${value}" is not an http(s) URL.`,
    );
  }
  return url.origin;
}

export function ourOrigins(env: { PUBLIC_SITE_URL?: string; PUBLIC_URL?: string; ALLOWED_ORIGINS?: string }): OurOrigins {
  const named: Array<[string, string]> = [['PUBLIC_SITE_URL', env.PUBLIC_SITE_URL?.trim() || 'http://127.0.0.1:4321']];
  if (env.PUBLIC_URL?.trim()) named.push(['PUBLIC_URL', env.PUBLIC_URL.trim()]);
  for (const extra of (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)) {
    named.push(['ALLOWED_ORIGINS', extra]);
  }
  const all = [...new Set(named.map(([name, value]) => originOf(name, value)))];
  const https = named.some(([name, value]) => name.startsWith('PUBLIC_') && value.startsWith('https:'));
  return { all, https };
}
