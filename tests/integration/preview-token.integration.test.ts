import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypes, documentQuery } from '@passerelle/shared';
import { aValidDocument, labelFieldOf, pluralOf } from '@passerelle/shared/testing';
import { api, cmsRequire, graphql, rereadCmsEnvironment, startStrapi, withEpisodeAudio, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Draft preview: the CMS keeps a read-only API token whose access key is PREVIEW_API_TOKEN.
 * That token reads drafts (REST and GraphQL, with the very query the site's preview sends); the
 * public still does not; the token cannot write; the admin's preview handler points at the site.
 * Who gets a preview URL, and what it opens: tests/security/preview-*.security.test.ts.
 */
const PREVIEW_TOKEN = 'integration-preview-token-0123456789';
const PREVIEW_SECRET = 'integration-preview-secret-0123456789';
const DRAFT_MARK = 'APERCU-BROUILLON';
const uids = Object.values(contentTypes).map((c) => c.uid);
const ADMIN = { email: 'oc.apercu@example.org', password: 'Apercu-admin-2026!' };
const saved = {
  token: process.env.PREVIEW_API_TOKEN,
  secret: process.env.PREVIEW_SECRET,
  site: process.env.PREVIEW_SITE_URL,
  adminEmail: process.env.ADMIN_EMAIL,
  adminPassword: process.env.ADMIN_PASSWORD,
};

let app: StartedStrapi;
let strapi: Strapi;
const draftOnly: Record<string, string> = {};

beforeAll(async () => {
  process.env.PREVIEW_API_TOKEN = PREVIEW_TOKEN;
  process.env.PREVIEW_SECRET = PREVIEW_SECRET;
  process.env.PREVIEW_SITE_URL = 'http://site.test:4321';
  app = await startStrapi({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  strapi = app.strapi;
  for (const uid of uids) {
    const created = await strapi.documents(uid).create({ locale: 'fr', data: await withEpisodeAudio(strapi, uid, aValidDocument(uid, DRAFT_MARK)) });
    draftOnly[uid] = created.documentId;
  }
});

afterAll(async () => {
  await app?.stop();
  const restore = [
    ['PREVIEW_API_TOKEN', saved.token],
    ['PREVIEW_SECRET', saved.secret],
    ['PREVIEW_SITE_URL', saved.site],
    ['ADMIN_EMAIL', saved.adminEmail],
    ['ADMIN_PASSWORD', saved.adminPassword],
  ] as const;
  for (const [key, value] of restore) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const previewTokens = () => strapi.db.query('admin::api-token').findMany({ where: { name: 'Aperçu du site (lecture seule)' } });

describe('the preview token', () => {
  it('exists once, read-only, whose key is PREVIEW_API_TOKEN', async () => {
    const tokens = await previewTokens();
    expect(tokens).toHaveLength(1);
    expect(tokens[0].type).toBe('read-only');
    expect(tokens[0].accessKey).toBe(strapi.service('admin::api-token').hash(PREVIEW_TOKEN));
  });

  it.each(uids)('reads the draft of %s over REST', async (uid) => {
    const plural = pluralOf(uid);
    const one = await api(app.baseUrl, `/api/${plural}/${draftOnly[uid]}?status=draft`, { token: PREVIEW_TOKEN });
    expect(one.status).toBe(200);
    expect(JSON.stringify(one.body)).toContain(DRAFT_MARK);
    // …and the public does not, with the same request.
    expect((await api(app.baseUrl, `/api/${plural}/${draftOnly[uid]}?status=draft`)).status).toBe(404);
  });

  it.each(Object.entries(contentTypes))('reads the draft of %s with the site preview GraphQL query; the public gets nothing', async (name, def) => {
    const variables = { locale: 'fr', documentId: draftOnly[def.uid], status: 'DRAFT' };
    const query = documentQuery(name as keyof typeof contentTypes);
    const withToken = await graphql(app.baseUrl, query, variables, PREVIEW_TOKEN);
    expect(withToken.errors).toBeUndefined();
    expect(withToken.data[def.query]).toHaveLength(1);
    expect(withToken.data[def.query][0][labelFieldOf(def.uid)]).toContain(DRAFT_MARK);
    // What the preview renders must pass the schema the site's loader applies.
    expect(def.schema.safeParse(withToken.data[def.query][0]).success).toBe(true);

    const anonymous = await graphql(app.baseUrl, query, variables);
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data[def.query]).toEqual([]);
  });

  it('cannot write, over REST or GraphQL', async () => {
    const created = await api(app.baseUrl, '/api/events', { body: { data: aValidDocument('api::event.event', 'Intrus') }, token: PREVIEW_TOKEN });
    expect(created.status).toBe(403);
    const removed = await api(app.baseUrl, `/api/events/${draftOnly['api::event.event']}`, { method: 'DELETE', token: PREVIEW_TOKEN });
    expect(removed.status).toBe(403);
    const mutation = await graphql(
      app.baseUrl,
      `mutation($id: ID!) { deleteEvent(documentId: $id) { documentId } }`,
      { id: draftOnly['api::event.event'] },
      PREVIEW_TOKEN,
    );
    expect(mutation.errors?.[0]?.message).toMatch(/forbidden/i);
    expect(await strapi.documents('api::event.event').findOne({ documentId: draftOnly['api::event.event'] })).not.toBeNull();
  });

  it('a wrong key reads nothing', async () => {
    const one = await api(app.baseUrl, `/api/events/${draftOnly['api::event.event']}?status=draft`, { token: `${PREVIEW_TOKEN}x` });
    expect(one.status).toBe(401);
  });

  it('follows PREVIEW_API_TOKEN on the next boot, and disappears when preview is turned off', async () => {
    const distDir = path.join(path.dirname(cmsRequire.resolve('./package.json')), 'dist');
    const { ensurePreviewToken } = cmsRequire(path.join(distDir, 'src/bootstrap/preview-token.js'));
    try {
      process.env.PREVIEW_API_TOKEN = `${PREVIEW_TOKEN}-rotated`;
      rereadCmsEnvironment();
      await ensurePreviewToken(strapi);
      await ensurePreviewToken(strapi);
      expect(await previewTokens()).toHaveLength(1);
      expect((await api(app.baseUrl, `/api/events/${draftOnly['api::event.event']}?status=draft`, { token: PREVIEW_TOKEN })).status).toBe(401);
      expect((await api(app.baseUrl, `/api/events/${draftOnly['api::event.event']}?status=draft`, { token: `${PREVIEW_TOKEN}-rotated` })).status).toBe(200);

      const env = process.env.NODE_ENV;
      delete process.env.PREVIEW_API_TOKEN;
      delete process.env.PREVIEW_SECRET;
      process.env.NODE_ENV = 'production'; // no development defaults: preview off
      rereadCmsEnvironment();
      try {
        await ensurePreviewToken(strapi);
      } finally {
        process.env.NODE_ENV = env;
      }
      expect(await previewTokens()).toHaveLength(0);
      expect((await api(app.baseUrl, `/api/events/${draftOnly['api::event.event']}?status=draft`, { token: `${PREVIEW_TOKEN}-rotated` })).status).toBe(401);
    } finally {
      process.env.PREVIEW_API_TOKEN = PREVIEW_TOKEN;
      process.env.PREVIEW_SECRET = PREVIEW_SECRET;
      rereadCmsEnvironment();
      await ensurePreviewToken(strapi);
    }
  });
});

describe('the admin preview handler (Strapi preview, Community Edition)', () => {
  const previewUrlModule = () => {
    const distDir = path.join(path.dirname(cmsRequire.resolve('./package.json')), 'dist');
    return cmsRequire(path.join(distDir, 'src/preview/preview-url.js'));
  };

  it('is on and lets the admin frame the site; outside an admin request it gives no URL', async () => {
    const preview = strapi.config.get('admin.preview');
    expect(preview.enabled).toBe(true);
    expect(preview.config.allowedOrigins).toEqual(['http://site.test:4321']);
    // No request, so no admin whose permissions could allow it (tests/security/preview-access).
    expect(await preview.config.handler('api::petition.petition', { documentId: draftOnly['api::petition.petition'], locale: 'fr', status: 'draft' })).toBeNull();
  });

  it('points every public type at the site preview, named as the site names it', () => {
    const { previewTarget, signedPreviewUrl } = previewUrlModule();
    const settings = { siteUrl: 'http://site.test:4321', secret: PREVIEW_SECRET, apiToken: PREVIEW_TOKEN, urlTtlSeconds: 1800 };
    // cms/src/preview/preview-url.ts keeps its own copy of the site's collection names: same as shared's.
    for (const [type, def] of Object.entries(contentTypes)) {
      const url = new URL(signedPreviewUrl(settings, previewTarget(def.uid, { documentId: 'x', locale: 'fr', status: 'published' })));
      expect(url.origin + url.pathname).toBe('http://site.test:4321/apercu/');
      expect(url.searchParams.get('type')).toBe(type);
    }
  });

  it('has no preview for types the site does not show', async () => {
    const { previewTarget } = previewUrlModule();
    expect(previewTarget('plugin::users-permissions.user', { documentId: 'x', locale: 'fr', status: 'draft' })).toBeNull();
    expect(previewTarget('api::event.event', { locale: 'fr', status: 'draft' })).toBeNull();
  });
});

describe('the admin panel side', () => {
  it('gives a signed-in editor the preview URL of a draft through the Content Manager API', async () => {
    const login = await api(app.baseUrl, '/admin/login', { body: ADMIN });
    expect(login.status).toBe(200);
    const documentId = draftOnly['api::event.event']!;
    const { status, body } = await api(
      app.baseUrl,
      `/content-manager/preview/url/api::event.event?documentId=${documentId}&locale=fr&status=draft`,
      { token: login.body.data.token },
    );
    expect(status).toBe(200);
    const url = new URL(body.data.url);
    expect(url.searchParams.get('documentId')).toBe(documentId);
    expect(url.searchParams.get('sig')).toMatch(/^[0-9a-f]{64}$/);
    expect(body.data.url).not.toContain(PREVIEW_SECRET);
    // Without a session: no URL.
    const anonymous = await api(app.baseUrl, `/content-manager/preview/url/api::event.event?documentId=${documentId}&locale=fr&status=draft`);
    expect(anonymous.status).toBe(401);
  });

  it('lets the admin frame the site (CSP frame-src)', async () => {
    const response = await fetch(`${app.baseUrl}/_health`);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-src[^;]*http:\/\/site\.test:4321/);
  });
});
