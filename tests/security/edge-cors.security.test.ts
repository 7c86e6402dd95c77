import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * CORS names our origins only (the CMS's public URL, the site's, ALLOWED_ORIGINS). The attack: a
 * page on another site calls `POST /admin/access-token` with the editor's refresh cookie; with
 * Strapi's default CORS the answer reflected that page's origin with credentials allowed, so the
 * page could read a fresh admin token.
 */
const ADMIN = { email: 'cors.admin@exemple.ca', password: 'Cors-admin-2026!' };
const CMS_ORIGIN = 'https://cms.passerelle.test';
const SITE_ORIGIN = 'https://passerelle.test';
const EXTRA_ORIGIN = 'https://apercu.passerelle.test';
const FOREIGN = 'https://evil.example';

let app: StartedStrapi;
let refreshCookie = '';

beforeAll(async () => {
  app = await startStrapi({
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PUBLIC_URL: `${CMS_ORIGIN}/`,
      PUBLIC_SITE_URL: `${SITE_ORIGIN}/`,
      ALLOWED_ORIGINS: EXTRA_ORIGIN,
    },
  });
  // Logged in once (Strapi allows 5 logins per 5 minutes per address).
  const login = await fetch(`${app.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...ADMIN, rememberMe: true }),
  });
  expect(login.status).toBe(200);
  refreshCookie = refreshCookieFrom(login);
  expect(refreshCookie).not.toBe('');
});

afterAll(async () => {
  await app?.stop();
});

/**
 * The request runs whatever CORS says (CORS only hides the answer from the page), and each refresh
 * rotates the cookie: keep the newest. (The cookie is SameSite=Lax: browsers leave it out of
 * cross-site fetches, but not of same-site ones from a sibling subdomain, nor old browsers.)
 */
async function refresh(origin: string): Promise<Response> {
  const response = await fetch(`${app.baseUrl}/admin/access-token`, {
    method: 'POST',
    headers: { origin, cookie: refreshCookie, 'content-type': 'application/json' },
    body: '{}',
  });
  const rotated = refreshCookieFrom(response);
  if (rotated) refreshCookie = rotated;
  return response;
}

function refreshCookieFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => /^strapi_admin_refresh(\.sig)?=/.test(c))
    .join('; ');
}

describe('CORS on the CMS', () => {
  it('does not let a foreign page read a fresh admin token with the refresh cookie', async () => {
    const response = await refresh(FOREIGN);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a foreign preflight without any permission', async () => {
    const response = await fetch(`${app.baseUrl}/admin/access-token`, {
      method: 'OPTIONS',
      headers: { origin: FOREIGN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('still serves our own origins, with credentials', async () => {
    for (const origin of [CMS_ORIGIN, SITE_ORIGIN, EXTRA_ORIGIN]) {
      const response = await refresh(origin);
      expect(response.status, origin).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials'), origin).toBe('true');
      expect((await response.json()).data.token).toBeTruthy();
    }
  });

  it('does not open the public APIs to foreign pages either (REST and GraphQL)', async () => {
    const rest = await fetch(`${app.baseUrl}/api/events`, { headers: { origin: FOREIGN } });
    expect(rest.headers.get('access-control-allow-origin')).toBeNull();
    const graphql = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { origin: FOREIGN, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ events { documentId } }' }),
    });
    expect(graphql.status).toBe(200);
    expect(graphql.headers.get('access-control-allow-origin')).toBeNull();
    const ours = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { origin: SITE_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ events { documentId } }' }),
    });
    expect(ours.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
  });
});
