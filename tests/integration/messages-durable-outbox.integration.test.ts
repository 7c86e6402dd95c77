import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUserToken } from '../support/admin-users.ts';
import { startFakeSmtp, type FakeSmtp } from '../support/fake-smtp.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import { outboxSettled, publishedPetition, signPath, validSignature } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { deletePersonData } from '../../cms/src/participation/person-data.ts';
import { claimDueMessages } from '../../cms/src/participation/messages/claim.ts';
import { recordDeliveryReport } from '../../cms/src/participation/messages/delivery-reports.ts';
import { configureMessages, queueSms } from '../../cms/src/participation/messages/send.ts';
import { loadMessageSettings } from '../../cms/src/participation/messages/settings.ts';
import { deliver } from '../../cms/src/participation/messages/worker.ts';

/**
 * The durable outbox, end to end, with real providers' stand-ins: a local fake of Twilio's API and
 * an SMTP server on loopback. Every message is queued in the transaction of what caused it, and
 * the worker of the CMS process sends it a moment later: retried while a provider is down,
 * dead (and shown to OCs) when refused for good, sent exactly once however many claim it, and
 * emptied of its recipient and text once sent. Runs on SQLite and, with DATABASE_CLIENT=postgres,
 * on PostgreSQL.
 */
const uid = 'api::participation.outbound-message';
let app: StartedStrapi;
let strapi: Strapi;
let twilio: FakeTwilio;
let smtp: FakeSmtp;
let petition: { documentId: string; slug: string };
let ocToken: string;

const uniquePhone = () => `+1514555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
const uniqueEmail = () => `outbox.${randomBytes(4).toString('hex')}@exemple.ca`;

/** A raw POST, without the helpers' wait for the outbox: what the person's browser sees. */
async function sign(fields: Record<string, string>): Promise<number> {
  const response = await fetch(app.baseUrl + signPath(petition.slug), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    body: new URLSearchParams(fields).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

const rows = (where: Record<string, unknown>) => strapi.db.query(uid).findMany({ where }) as Promise<Array<Record<string, any>>>;
const smsTo = (to: string) => twilio.received.filter((m) => m.to === to);
const mailsTo = (to: string) => smtp.received.filter((m) => m.includes(to));

async function signatureCount(where: Record<string, unknown>): Promise<number> {
  return strapi.db.query('api::participation.signature').count({ where: { petitionDocumentId: petition.documentId, ...where } });
}

beforeAll(async () => {
  twilio = await startFakeTwilio();
  smtp = await startFakeSmtp();
  app = await startStrapi({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      EMAIL_FROM: 'Passerelle <petitions@exemple.ca>',
      ...twilioEnv(twilio),
      OUTBOX_MAX_ATTEMPTS: '4',
      PETITION_COUNT_CACHE_SECONDS: '0',
      PETITION_RATE_SHORT_MAX: '1000',
      PETITION_RATE_LONG_MAX: '1000',
    },
  });
  strapi = app.strapi;
  // This file's own claimers (the "second instance" below) send with the configured transports.
  configureMessages(strapi, loadMessageSettings());
  petition = await publishedPetition(strapi);
  ocToken = await adminUserToken(app, 'passerelle-community-organizer', 'oc.outbox@cisss.example.org');
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await twilio?.close();
  await smtp?.close();
});

describe('the durable outbox', () => {
  it('queues the messages with the signature, then sends them and keeps only what Law 25 allows', async () => {
    const email = uniqueEmail();
    const phone = uniquePhone();
    expect(await sign(validSignature({ email, phone }))).toBe(303);
    // Right after the answer, before any wait: the messages exist, with the signature.
    const queued = await rows({ messageKind: 'petition-confirmation', recipient: { $in: [email, phone] } });
    const sentAlready = await rows({ messageKind: 'petition-confirmation', deliveryStatus: 'sent' });
    expect(queued.length + sentAlready.length).toBeGreaterThanOrEqual(2);
    expect(await signatureCount({ email })).toBe(1);

    await expect.poll(() => smsTo(phone).length).toBe(1);
    await expect.poll(() => mailsTo(email).length).toBe(1);
    await outboxSettled();
    const mine = await rows({ providerName: 'twilio', deliveryStatus: 'sent' });
    const row = mine.find((r) => String(r.providerMessageId).startsWith('SM'));
    expect(row).toBeTruthy();
    // Sent: nothing of the message itself is kept.
    for (const r of await rows({ deliveryStatus: 'sent' })) {
      expect([r.recipient, r.subject, r.body, r.attachments]).toEqual([null, null, null, null]);
      expect(r.recipientHash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.sentAt).toBeTruthy();
    }
    // The email carries a Message-ID derived from the message's key, which is what is stored.
    const mail = mailsTo(email)[0]!;
    const messageId = /^Message-ID: (<[^>]+>)/im.exec(mail)?.[1];
    expect(messageId).toMatch(/@exemple\.ca>$/);
    expect((await rows({ providerMessageId: messageId })).length).toBe(1);
  });

  it('queues nothing when the write fails: the message and the signature go together', async () => {
    const email = uniqueEmail();
    // The database refuses this one message (a real failure of the outbox write, mid-transaction).
    const { tableName } = strapi.db.metadata.get(uid);
    const knex = strapi.db.connection;
    if (strapi.db.dialect.client === 'postgres') {
      await knex.raw(
        `CREATE OR REPLACE FUNCTION refuse_outbox() RETURNS trigger AS $$ BEGIN IF NEW.recipient = '${email}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await knex.raw(`CREATE TRIGGER refuse_outbox BEFORE INSERT ON ?? FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`, [tableName]);
    } else {
      await knex.raw(`CREATE TRIGGER refuse_outbox BEFORE INSERT ON ?? WHEN NEW.recipient = '${email}' BEGIN SELECT RAISE(ABORT, 'refused'); END`, [tableName]);
    }
    try {
      const status = await sign(validSignature({ email }));
      expect(status).toBeGreaterThanOrEqual(500);
      expect(await signatureCount({ email })).toBe(0);
      expect(await rows({ recipient: email })).toEqual([]);
    } finally {
      await knex.raw('DROP TRIGGER IF EXISTS refuse_outbox' + (strapi.db.dialect.client === 'postgres' ? ` ON "${tableName}"` : ''));
    }
  });

  it('retries while the providers are down, with backoff, and delivers exactly once when they are back', async () => {
    const email = uniqueEmail();
    const phone = uniquePhone();
    twilio.failures.set(phone, 503);
    smtp.refuseWith = 451;
    try {
      expect(await sign(validSignature({ email, phone }))).toBe(303);
      // Tried several times, each later than the one before, and still waiting.
      await expect
        .poll(async () => (await rows({ messageKind: 'petition-confirmation', deliveryStatus: 'pending', attempts: { $gte: 2 } })).length, { timeout: 10_000 })
        .toBe(2);
      const waiting = await rows({ messageKind: 'petition-confirmation', deliveryStatus: 'pending', attempts: { $gte: 2 } });
      expect(waiting.map((r) => r.lastError).sort()).toEqual([expect.stringMatching(/^smtp: EENVELOPE, SMTP 451/), 'twilio: HTTP 503, code 20503']);
      for (const r of waiting) expect(String(r.lastError)).not.toContain(email);
      expect(smsTo(phone)).toEqual([]);
    } finally {
      twilio.failures.delete(phone);
      smtp.refuseWith = null;
    }
    await expect.poll(() => smsTo(phone).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => mailsTo(email).length, { timeout: 10_000 }).toBe(1);
    await outboxSettled();
    expect(smsTo(phone).length).toBe(1);
    expect(mailsTo(email).length).toBe(1);
  });

  it('marks a refused message dead at once, shows it to OCs without its recipient, and retries it on request', async () => {
    const phone = uniquePhone();
    twilio.failures.set(phone, 400);
    expect(await sign(validSignature({ email: '', phone }))).toBe(303);
    await expect.poll(async () => (await rows({ deliveryStatus: 'dead' })).length, { timeout: 10_000 }).toBe(1);
    const [dead] = await rows({ deliveryStatus: 'dead' });
    expect(dead!.attempts).toBe(1);

    const listed = await fetch(`${app.baseUrl}/passerelle/messages/echecs`, { headers: { authorization: `Bearer ${ocToken}` } });
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(phone.slice(2));
    const { data } = JSON.parse(text) as { data: { count: number; items: Array<Record<string, unknown>> } };
    expect(data.count).toBe(1);
    expect(data.items[0]).toMatchObject({ id: dead!.id, channel: 'sms', kind: 'petition-confirmation', status: 'dead', attempts: 1, lastError: 'twilio: HTTP 400, code 21211', retryable: true });

    twilio.failures.delete(phone);
    const retried = await fetch(`${app.baseUrl}/passerelle/messages/${dead!.id}/renvoyer`, { method: 'POST', headers: { authorization: `Bearer ${ocToken}` } });
    expect(retried.status).toBe(200);
    await expect.poll(() => smsTo(phone).length, { timeout: 10_000 }).toBe(1);
    await outboxSettled();
    expect((await rows({ id: dead!.id }))[0]).toMatchObject({ deliveryStatus: 'sent', body: null });
  });

  it('records delivery reports by the provider’s message id', async () => {
    const phone = uniquePhone();
    expect(await sign(validSignature({ email: '', phone }))).toBe(303);
    await outboxSettled();
    const row = (await rows({ providerName: 'twilio', deliveryStatus: 'sent' })).at(-1)!;
    expect(await recordDeliveryReport(strapi, { provider: 'twilio', providerMessageId: String(row.providerMessageId), status: 'delivered' })).toBe(true);
    // Reports can arrive out of order: a late "failed" does not undo "delivered".
    await recordDeliveryReport(strapi, { provider: 'twilio', providerMessageId: String(row.providerMessageId), status: 'failed', errorCode: 30003 });
    expect((await rows({ id: row.id }))[0]).toMatchObject({ deliveryStatus: 'delivered' });
    expect((await rows({ id: row.id }))[0]!.deliveredAt).toBeTruthy();
    expect(await recordDeliveryReport(strapi, { provider: 'twilio', providerMessageId: 'SMunknown', status: 'delivered' })).toBe(false);
  });

  it('erasing a person removes the messages still waiting for them: they are never sent', async () => {
    const phone = uniquePhone();
    twilio.failures.set(phone, 503);
    try {
      expect(await sign(validSignature({ email: '', phone }))).toBe(303);
      await expect.poll(async () => (await rows({ recipient: phone, attempts: { $gte: 1 } })).length, { timeout: 10_000 }).toBe(1);
      await deletePersonData(strapi, phone);
      expect(await rows({ recipient: phone })).toEqual([]);
    } finally {
      twilio.failures.delete(phone);
    }
    await outboxSettled();
    expect(smsTo(phone)).toEqual([]);
  });

  it('sends each of 200 messages exactly once while three claimers compete (this process’s worker and two more)', async () => {
    const tag = randomBytes(4).toString('hex');
    const phones = Array.from({ length: 200 }, (_, i) => `+1438${String(5_000_000 + i).padStart(7, '0')}`);
    await strapi.db.transaction(async () => {
      for (const [i, phone] of phones.entries()) await queueSms(strapi, { kind: 'petition-confirmation', key: `${tag}-${i}` }, phone, `burst ${tag} #${i}`);
    });
    const settings = loadMessageSettings().outbox;
    const claimer = async (owner: string) => {
      for (;;) {
        const claimed = await claimDueMessages(strapi, owner, { leaseMs: settings.leaseMs, limit: 5 });
        if (claimed.length === 0) return;
        for (const message of claimed) await deliver(strapi, owner, message, settings);
      }
    };
    await Promise.all([claimer(`second-${tag}`), claimer(`third-${tag}`)]);
    await outboxSettled();
    const bodies = twilio.received.filter((m) => m.body.startsWith(`burst ${tag} `)).map((m) => m.body);
    expect(bodies.length).toBe(200);
    expect(new Set(bodies).size).toBe(200);
  }, 30_000);

  it('sends again a message whose sender died mid-send (its lease ran out)', async () => {
    const phone = uniquePhone();
    // As a process leaves it when it dies after claiming: sending, its lease run out.
    const now = Date.now();
    await strapi.db.query(uid).create({
      data: {
        channel: 'sms',
        messageKind: 'petition-confirmation',
        idempotencyKey: `lease-${randomBytes(6).toString('hex')}`,
        recipient: phone,
        body: 'lease test',
        deliveryStatus: 'sending',
        attempts: 1,
        leaseOwner: 'dead-process',
        leaseUntilMs: now - 1,
        nextAttemptAtMs: now - 1000,
        queuedAtMs: now - 1000,
      },
    });
    await expect.poll(() => smsTo(phone).length, { timeout: 10_000 }).toBe(1);
    await outboxSettled();
    expect((await rows({ providerName: 'twilio', deliveryStatus: 'sent', attempts: 2 })).length).toBeGreaterThanOrEqual(1);
  });
});
