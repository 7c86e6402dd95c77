import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHER_SECRET_HEADER, PUBLISHER_WEBHOOK_NAME, registerPublisherWebhook } from '../../cms/src/bootstrap/publisher-webhook.ts';
import { aValidDocument } from '@passerelle/shared/testing';
import { resetCmsConfig } from '../../cms/src/config/index.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The CMS tells the publisher about every change that can alter the public site, through a
 * webhook it registers itself from PUBLISHER_URL / PUBLISHER_SECRET.
 */
const SECRET = 'secret-de-test-du-publieur';
/** A webhook delivery: its headers and its JSON body, whose shape the assertions check. */
type Delivery = {
  headers: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, as `JSON.parse` gives it
  body: any;
};
const received: Delivery[] = [];
let capture: Server;
let app: StartedStrapi;
let strapi: Strapi;

beforeAll(async () => {
  capture = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  process.env.PUBLISHER_URL = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/webhooks/strapi`;
  process.env.PUBLISHER_SECRET = SECRET;
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  delete process.env.PUBLISHER_URL;
  delete process.env.PUBLISHER_SECRET;
  await app?.stop();
  capture?.close();
});

const ours = async () =>
  ((await strapi.get('webhookStore').findWebhooks()) as Array<{ name: string; url: string; events: string[] }>).filter(
    (hook) => hook.name === PUBLISHER_WEBHOOK_NAME,
  );

async function waitForEvent(event: string): Promise<Delivery> {
  for (let i = 0; i < 100; i++) {
    const hit = received.find((r) => r.body.event === event);
    if (hit) return hit;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${event} webhook received`);
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('publisher webhook registered by the CMS', () => {
  it('is stored once, with the publish, unpublish, delete, update and media events', async () => {
    const hooks = await ours();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.url).toBe(process.env.PUBLISHER_URL);
    expect(hooks[0]!.events).toEqual(
      expect.arrayContaining(['entry.publish', 'entry.unpublish', 'entry.delete', 'entry.update', 'media.create', 'media.update', 'media.delete']),
    );
  });

  it('stays one webhook when the bootstrap runs again (next boot)', async () => {
    await registerPublisherWebhook(strapi);
    await registerPublisherWebhook(strapi);
    expect(await ours()).toHaveLength(1);
  });

  it('sends a publish with the shared secret, and a draft save marked as a draft', async () => {
    const events = strapi.documents('api::event.event');
    const emitted: string[] = [];
    const onCreate = () => emitted.push('entry.create');
    strapi.eventHub.on('entry.create', onCreate);
    const draft = await events.create({ locale: 'fr', data: aValidDocument('api::event.event') });

    await events.update({ documentId: draft.documentId, locale: 'fr', data: { summary: 'Résumé modifié.' } });
    const update = await waitForEvent('entry.update');
    // Strapi emits document events after the commit, each after its own database read and
    // without awaiting it: the create event can come after `create` returns, even after the
    // update's. The listener stays until it has been seen.
    await until(() => emitted.length > 0);
    strapi.eventHub.off('entry.create', onCreate);
    expect(update.body.entry.publishedAt).toBeNull();
    expect(emitted).toEqual(['entry.create']);

    await events.publish({ documentId: draft.documentId, locale: 'fr' });
    const publish = await waitForEvent('entry.publish');
    // Not subscribed: a new draft cannot change the public site. The create event did happen,
    // before the publish that the webhook runner, taking events in order, has now delivered.
    expect(received.some((r) => r.body.event === 'entry.create')).toBe(false);
    expect((await ours())[0]!.events).not.toContain('entry.create');
    expect(publish.headers[PUBLISHER_SECRET_HEADER.toLowerCase()]).toBe(SECRET);
    expect(publish.body.model).toBe('event');
    expect(publish.body.entry.documentId).toBe(draft.documentId);
  });

  it('is removed when PUBLISHER_URL is no longer set', async () => {
    delete process.env.PUBLISHER_URL;
    // The configuration is read once (per boot); this test changes it mid-run, for the function it calls.
    resetCmsConfig();
    await registerPublisherWebhook(strapi);
    expect(await ours()).toHaveLength(0);
  });
});
