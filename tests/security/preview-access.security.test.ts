import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypes } from '@passerelle/shared';
import { aValidDocument } from '@passerelle/shared/testing';
import { startSiteServer, type StartedSiteServer } from '../support/site-server.ts';
import { api, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Who gets a draft preview URL, and what that URL opens. Real admin users (super admin, an OC, two
 * community groups) log in over HTTP and ask the Content Manager's preview route for URLs, as the
 * admin panel does; the URLs are then tried, as issued and altered, against the real site server.
 * A URL is issued only for a document the admin may read (the group role: only its own events and
 * calls); it opens that one type, document, locale and status, until it expires.
 */
const SECRET = 'security-preview-secret-0123456789';
const TTL_SECONDS = 600;
const PASSWORD = 'Apercu-securite-2026!';
const SUPER = { email: 'super.apercu@example.org', password: PASSWORD };
const env: Record<string, string | undefined> = {
  NODE_ENV: 'test',
  PREVIEW_SECRET: SECRET,
  PREVIEW_API_TOKEN: 'security-preview-api-token-0123456789',
  PREVIEW_URL_TTL_SECONDS: String(TTL_SECONDS),
  ADMIN_EMAIL: SUPER.email,
  ADMIN_PASSWORD: SUPER.password,
  PUBLIC_SITE_URL: undefined,
};
const saved: Record<string, string | undefined> = {};

let app: StartedStrapi;
let strapi: Strapi;
let site: StartedSiteServer;
const tokens = { super: '', oc: '', groupA: '', groupB: '', frenchOnly: '' };
/** documentIds: one draft of every public type by the OC; one draft event per group. */
const docs: Record<string, string> = {};

async function adminUser(roleCode: string, email: string): Promise<string> {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  await strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: roleCode,
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  return login(email);
}

/** Strapi allows 5 logins per 5 minutes per email: once per user per suite. */
async function login(email: string): Promise<string> {
  const { status, body } = await api(app.baseUrl, '/admin/login', { body: { email, password: PASSWORD } });
  expect(status, `login ${email}`).toBe(200);
  return body.data.token as string;
}

/** A draft created through the Content Manager API, as the admin panel does: createdBy is that admin. */
async function draftAs(token: string, uid: string): Promise<string> {
  const { status, body } = await api(app.baseUrl, `/content-manager/collection-types/${uid}?plugins[i18n][locale]=fr`, {
    token,
    body: aValidDocument(uid, 'APERCU-SECURITE'),
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body.data.documentId as string;
}

/** What the admin panel's Preview side panel asks for. */
async function previewUrlFor(token: string, uid: string, documentId: string, locale = 'fr', status = 'draft') {
  const query = new URLSearchParams({ documentId, locale, status });
  const response = await api(app.baseUrl, `/content-manager/preview/url/${uid}?${query}`, { token });
  return { status: response.status, url: (response.body?.data?.url as string | undefined) ?? null };
}

/** The URL's query, opened on the real site server (whatever origin the CMS wrote). */
const openOnSite = (url: string) => fetch(`${site.base}/apercu/${new URL(url).search}`);

/**
 * The site server's gate passed: no render build is given to this server (PREVIEW_DATA_STORE points
 * nowhere), so an accepted URL gets the "preview unavailable" page (503), a refused one 401.
 */
async function expectAccepted(url: string) {
  const response = await openOnSite(url);
  const body = await response.text();
  expect(response.status, `${url}\n${body}`).toBe(503);
  expect(body).toContain('Aperçu indisponible');
}

async function expectRefused(url: string) {
  const response = await openOnSite(url);
  expect(response.status, url).toBe(401);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.text()).toContain('Aperçu refusé');
}

beforeAll(async () => {
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-preview-security-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, '404.html'), '<!doctype html><title>404</title>');
  site = await startSiteServer({
    SITE_DIR: dir,
    CMS_URL: 'http://127.0.0.1:9',
    PREVIEW_SECRET: SECRET,
    PREVIEW_API_TOKEN: env.PREVIEW_API_TOKEN!,
    PREVIEW_DATA_STORE: join(dir, 'no-such-store.json'),
  });
  // startSiteServer's close() removes what it set: the CMS below reads the same values.
  process.env.PREVIEW_SECRET = SECRET;
  process.env.PREVIEW_API_TOKEN = env.PREVIEW_API_TOKEN!;
  process.env.PREVIEW_SITE_URL = site.base;
  app = await startStrapi({ env: { ADMIN_EMAIL: SUPER.email, ADMIN_PASSWORD: SUPER.password } });
  strapi = app.strapi;

  tokens.super = await login(SUPER.email);
  tokens.oc = await adminUser('passerelle-community-organizer', 'oc.apercu.securite@example.org');
  tokens.groupA = await adminUser('passerelle-community-group', 'groupe.a.apercu@example.org');
  tokens.groupB = await adminUser('passerelle-community-group', 'groupe.b.apercu@example.org');
  for (const { uid } of Object.values(contentTypes)) docs[uid] = await draftAs(tokens.oc, uid);
  docs.groupAEvent = await draftAs(tokens.groupA, 'api::event.event');
  docs.groupACall = await draftAs(tokens.groupA, 'api::call.call');
  docs.groupBEvent = await draftAs(tokens.groupB, 'api::event.event');
  // An English version of the OC's draft event, and a role that reads French events only.
  await strapi.documents('api::event.event').update({
    documentId: docs['api::event.event'],
    locale: 'en',
    data: aValidDocument('api::event.event', 'PREVIEW-SECURITY'),
  });
  const frenchReader = await strapi.service('admin::role').create({ name: 'Lecture FR', code: 'test-french-reader', description: 'test' });
  await strapi.service('admin::role').assignPermissions(frenchReader.id, [
    { action: 'plugin::content-manager.explorer.read', subject: 'api::event.event', properties: { locales: ['fr'] }, conditions: [] },
  ]);
  tokens.frenchOnly = await adminUser('test-french-reader', 'lecture.fr.apercu@example.org');
});

afterAll(async () => {
  await app?.stop();
  site?.close();
  delete process.env.PREVIEW_SITE_URL;
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('a community group', () => {
  it('gets no URL for a draft petition, a type its role cannot read', async () => {
    const answer = await previewUrlFor(tokens.groupA, 'api::petition.petition', docs['api::petition.petition']!);
    expect(answer).toEqual({ status: 204, url: null });
  });

  it('gets no URL for a draft event or call it did not create (an OC’s, another group’s)', async () => {
    for (const [uid, documentId] of [
      ['api::event.event', docs['api::event.event']!],
      ['api::call.call', docs['api::call.call']!],
      ['api::event.event', docs.groupBEvent!],
    ] as const) {
      expect(await previewUrlFor(tokens.groupA, uid, documentId), `${uid} ${documentId}`).toEqual({ status: 204, url: null });
    }
    expect(await previewUrlFor(tokens.groupB, 'api::event.event', docs.groupAEvent!)).toEqual({ status: 204, url: null });
  });

  it('gets a URL for its own draft event and call, which the site server accepts', async () => {
    for (const [uid, documentId] of [
      ['api::event.event', docs.groupAEvent!],
      ['api::call.call', docs.groupACall!],
    ] as const) {
      const { status, url } = await previewUrlFor(tokens.groupA, uid, documentId);
      expect(status).toBe(200);
      expect(new URL(url!).searchParams.get('documentId')).toBe(documentId);
      await expectAccepted(url!);
    }
  });

  it('gets no URL for a version that does not exist (its own draft, never published)', async () => {
    expect(await previewUrlFor(tokens.groupA, 'api::event.event', docs.groupAEvent!, 'fr', 'published')).toEqual({ status: 204, url: null });
    expect(await previewUrlFor(tokens.groupA, 'api::event.event', docs.groupAEvent!, 'en', 'draft')).toEqual({ status: 204, url: null });
  });

  it('gets no URL for an unknown document or a locale the site does not have', async () => {
    expect(await previewUrlFor(tokens.oc, 'api::event.event', 'nexistepas000000000000000')).toEqual({ status: 204, url: null });
    expect(await previewUrlFor(tokens.oc, 'api::event.event', docs['api::event.event']!, 'es')).toEqual({ status: 204, url: null });
  });
});

describe('an admin whose role reads some locales only', () => {
  it('gets a URL for those, none for the others', async () => {
    const french = await previewUrlFor(tokens.frenchOnly, 'api::event.event', docs['api::event.event']!, 'fr');
    expect(french.status).toBe(200);
    await expectAccepted(french.url!);
    expect(await previewUrlFor(tokens.frenchOnly, 'api::event.event', docs['api::event.event']!, 'en')).toEqual({ status: 204, url: null });
    // The OC reads both: the English version exists.
    expect((await previewUrlFor(tokens.oc, 'api::event.event', docs['api::event.event']!, 'en')).status).toBe(200);
  });
});

describe('an OC and the super admin', () => {
  it('get a URL for a draft of every public type, which the site server accepts', async () => {
    for (const token of [tokens.oc, tokens.super]) {
      for (const [type, { uid }] of Object.entries(contentTypes)) {
        const { status, url } = await previewUrlFor(token, uid, docs[uid]!);
        expect(status, uid).toBe(200);
        expect(new URL(url!).searchParams.get('type')).toBe(type);
        await expectAccepted(url!);
      }
    }
    // …including a group's draft: the OC reviews it.
    const { url } = await previewUrlFor(tokens.oc, 'api::event.event', docs.groupAEvent!);
    await expectAccepted(url!);
  });

  it('the URL carries an expiry TTL seconds ahead and a signature, never the secret', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { url } = await previewUrlFor(tokens.oc, 'api::petition.petition', docs['api::petition.petition']!);
    const after = Math.ceil(Date.now() / 1000);
    const params = new URL(url!).searchParams;
    expect([...params.keys()].sort()).toEqual(['documentId', 'exp', 'locale', 'sig', 'status', 'type']);
    expect(Number(params.get('exp'))).toBeGreaterThanOrEqual(before + TTL_SECONDS);
    expect(Number(params.get('exp'))).toBeLessThanOrEqual(after + TTL_SECONDS);
    expect(params.get('sig')).toMatch(/^[0-9a-f]{64}$/);
    expect(url).not.toContain(SECRET);
    expect(url).not.toContain(encodeURIComponent(SECRET));
  });
});

describe('the site server', () => {
  it('refuses a URL altered in any parameter, or with its signature missing', async () => {
    const { url } = await previewUrlFor(tokens.oc, 'api::event.event', docs['api::event.event']!);
    await expectAccepted(url!);
    const issued = new URL(url!);
    const altered: Array<Record<string, string | null>> = [
      { type: 'calls' },
      { type: 'petitions' },
      // A document the same admin could preview: the URL is for one document only.
      { documentId: docs['api::call.call']! },
      { documentId: docs.groupAEvent! },
      { locale: 'en' },
      { status: 'published' },
      { exp: String(Number(issued.searchParams.get('exp')) + 3600) },
      { exp: String(Number(issued.searchParams.get('exp')) - 1) },
      { sig: issued.searchParams.get('sig')!.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
      { sig: issued.searchParams.get('sig')!.toUpperCase() },
      { sig: null },
      { exp: null },
    ];
    for (const change of altered) {
      const copy = new URL(issued);
      for (const [key, value] of Object.entries(change)) {
        if (value === null) copy.searchParams.delete(key);
        else copy.searchParams.set(key, value);
      }
      await expectRefused(copy.toString());
    }
  });

  it('refuses a URL issued to one admin for another document, even one that admin may read', async () => {
    const own = new URL((await previewUrlFor(tokens.groupA, 'api::event.event', docs.groupAEvent!)).url!);
    own.searchParams.set('documentId', docs.groupBEvent!);
    await expectRefused(own.toString());
  });

  it('refuses the former ?secret= link, even with the right secret', async () => {
    const query = new URLSearchParams({ type: 'events', documentId: docs['api::event.event']!, locale: 'fr', status: 'draft', secret: SECRET });
    await expectRefused(`${site.base}/apercu/?${query}`);
  });
});

describe('the preview route itself', () => {
  it('answers 401 without an admin session, and gives no URL for types the site does not show', async () => {
    const anonymous = await api(app.baseUrl, `/content-manager/preview/url/api::event.event?documentId=${docs['api::event.event']}&locale=fr&status=draft`);
    expect(anonymous.status).toBe(401);
    const proposal = await previewUrlFor(tokens.super, 'api::participation.event-proposal', 'x');
    expect(proposal).toEqual({ status: 204, url: null });
  });
});
