import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages, postForm, publishedPetition, signPath, useTestOutbox, validSignature } from '../support/participation.ts';
import { messageTransports, productionSecrets } from '../support/cms-process.ts';
import { startFakeSmtp, type FakeSmtp } from '../support/fake-smtp.ts';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * Pages and tools for developers (the dev outbox, which lists every code and link "sent"; GraphQL
 * introspection, landing page and stack traces) exist only where development defaults are allowed:
 * NODE_ENV=development or test. A staging server has real secrets and real people's messages.
 */
const outbox = useTestOutbox();
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
      NODE_ENV: 'staging',
      ...messageTransports(smtp, twilio),
      PREVIEW_SECRET: undefined,
      PREVIEW_API_TOKEN: undefined,
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await smtp?.close();
  await twilio?.close();
  process.env.NODE_ENV = savedNodeEnv;
});

const graphql = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${app.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('a CMS with NODE_ENV=staging', () => {
  it('sends messages through the real transport, never to the dev outbox, and serves no outbox page', async () => {
    const petition = await publishedPetition(app.strapi, 'open');
    const email = `staging.${randomBytes(3).toString('hex')}@exemple.ca`;
    expect((await postForm(app.baseUrl, `${signPath(petition.slug)}?locale=fr`, validSignature({ email }))).status).toBe(303);
    expect(smtp.received.some((data) => data.includes(email))).toBe(true);
    expect(outboxMessages(outbox)).toEqual([]);
    for (const path of ['/participer/dev/outbox', '/participer/dev/outbox.json']) {
      const response = await fetch(app.baseUrl + path);
      expect(response.status, path).toBe(404);
      const text = await response.text();
      expect(text, path).not.toContain(email);
      expect(text, path).not.toContain('jeton=');
    }
  });

  it('serves no dev phone: neither its page nor its form, which would let anyone text as any number', async () => {
    expect((await fetch(`${app.baseUrl}/participer/dev/telephone`)).status).toBe(404);
    const before = await app.strapi.db.query('api::participation.sms-inbound').count();
    const posted = await fetch(`${app.baseUrl}/participer/dev/telephone`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ numero: '514 555-0142', texte: 'ARRET' }).toString(),
    });
    expect(posted.status).toBe(404);
    expect(await app.strapi.db.query('api::participation.sms-inbound').count()).toBe(before);
    expect(await app.strapi.db.query('api::participation.sms-opt-out').count()).toBe(0);
  });

  it('refuses GraphQL introspection', async () => {
    const response = await graphql('{ __schema { types { name } } }');
    const body = await response.json();
    expect(body.data?.__schema).toBeUndefined();
    expect(JSON.stringify(body.errors)).toMatch(/introspection/i);
  });

  it('does not serve the GraphQL landing page (Apollo Sandbox)', async () => {
    const response = await fetch(`${app.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    const text = await response.text();
    expect(text).toContain('API GraphQL');
    expect(text).not.toMatch(/sandbox|embeddable|apollographql\.com|<script/i);
  });

  it('keeps stack traces out of GraphQL errors', async () => {
    const body = await (await graphql('{ nothingHere }')).json();
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.js:\d+/i);
  });
});
