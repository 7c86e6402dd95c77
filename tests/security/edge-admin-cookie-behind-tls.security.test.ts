import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageTransports, productionSecrets } from '../support/cms-process.ts';
import { startFakeSmtp, type FakeSmtp } from '../support/fake-smtp.ts';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * In production behind a proxy that ends TLS (nginx on loopback), the CMS itself speaks plain HTTP.
 * The editor's refresh cookie must still be `Secure` when the trusted proxy says the request came
 * over TLS, or a browser would send it over plain HTTP to anyone on the path. A client that is not
 * a trusted proxy cannot claim TLS to get HSTS or anything else.
 */
const ADMIN = { email: 'tls.admin@exemple.ca', password: 'Tls-admin-2026!' };
const savedNodeEnv = process.env.NODE_ENV;
let app: StartedStrapi;
let smtp: FakeSmtp;
let twilio: FakeTwilio;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  twilio = await startFakeTwilio();
  app = await startStrapi({
    env: {
      ...productionSecrets,
      NODE_ENV: 'production',
      ...messageTransports(smtp, twilio),
      PREVIEW_SECRET: undefined,
      PREVIEW_API_TOKEN: undefined,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      TRUSTED_PROXIES: 'loopback',
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await smtp?.close();
  await twilio?.close();
  process.env.NODE_ENV = savedNodeEnv;
});

async function login(forwardedProto?: string): Promise<string[]> {
  const response = await fetch(`${app.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedProto ? { 'x-forwarded-proto': forwardedProto } : {}) },
    body: JSON.stringify({ ...ADMIN, rememberMe: true }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().filter((c) => c.startsWith('strapi_admin_refresh='));
}

describe('the admin refresh cookie behind a TLS proxy', () => {
  it('is Secure when the trusted proxy says the request came over TLS', async () => {
    const cookies = await login('https');
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*secure/i);
  });

  it('is not marked Secure on a plain-HTTP request, where a browser would refuse a Secure cookie', async () => {
    const cookies = await login();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).not.toMatch(/;\s*secure/i);
  });
});
