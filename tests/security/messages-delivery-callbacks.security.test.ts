import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelnyx, telnyxDeliveryEvent, type FakeTelnyx } from '../support/fake-telnyx.ts';
import { startFakeTwilio, type FakeTwilio, twilioEnv } from '../support/fake-twilio.ts';
import { freshIp, postForm, publishedPetition, signPath, validSignature } from '../support/participation.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * The SMS providers' delivery reports (`/participer/webhooks/sms/{twilio,telnyx}`): anyone on the
 * internet can post there, so a report counts only with the provider's signature over exactly what
 * arrived — Twilio's HMAC over the public URL we gave it (never the Host header), Telnyx's Ed25519
 * over `timestamp|body` within five minutes. Anything else is a bare 403, a log line without
 * personal data, and no report. "Recorded" is the log line the stand-in `recordDeliveryReport`
 * writes (provider, id, status); absence is checked behind a fence: a genuine report sent after
 * the refused one, whose line must appear first.
 */
const publicBase = 'https://www.exemple.ca';
const twilioPath = '/participer/webhooks/sms/twilio';
const telnyxPath = '/participer/webhooks/sms/telnyx';
/** Ids without digit runs, so the log redaction (which masks anything phone-like) leaves them whole. */
const messageId = (prefix: string) => `${prefix}${randomBytes(16).toString('hex').replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!)}`;
const telnyxId = () => randomUUID().replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!);

interface Booted {
  app: StartedStrapi;
  logs: string[];
}

const saved = { ...process.env };
function restoreEnv(): void {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
}

async function boot(env: Record<string, string | undefined>): Promise<Booted> {
  const app = await startStrapi({ env: { LOG_LEVEL: 'info', PETITION_COUNT_CACHE_SECONDS: '0', CRON_ENABLED: 'false', SMTP_HOST: undefined, ...env } });
  const logs: string[] = [];
  app.strapi.log.on('data', (info: Record<string | symbol, unknown>) => logs.push(String(info[Symbol.for('message')] ?? info.message)));
  return { app, logs };
}

async function post(baseUrl: string, path: string, body: string, headers: Record<string, string>, ip = freshIp()) {
  const response = await fetch(baseUrl + path, { method: 'POST', headers: { 'x-forwarded-for': ip, ...headers }, body });
  return { status: response.status, text: await response.text() };
}

const reportLine = (logs: string[], provider: string, id: string) => logs.find((line) => line.includes(`delivery report: ${provider} ${id}`));

describe('Twilio status callbacks', () => {
  let cms: Booted;
  let twilio: FakeTwilio;
  const url = `${publicBase}${twilioPath}`;
  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const formType = { 'content-type': 'application/x-www-form-urlencoded' };
  const callback = (sid: string, status: string, extra: Record<string, string> = {}) => ({
    SmsSid: sid,
    SmsStatus: status,
    MessageStatus: status,
    To: '+15145550123',
    MessageSid: sid,
    AccountSid: twilio.accountSid,
    From: '+15145550100',
    ApiVersion: '2010-04-01',
    ...extra,
  });
  /** A genuine report; resolves once its line is logged, so everything sent before it was handled. */
  const fence = async () => {
    const sid = messageId('SM');
    const params = callback(sid, 'sent');
    expect((await post(cms.app.baseUrl, twilioPath, form(params), { ...formType, 'x-twilio-signature': twilio.signCallback(url, params) })).status).toBe(204);
    await expect.poll(() => reportLine(cms.logs, 'twilio', sid)).toBeDefined();
  };

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    cms = await boot({
      ...twilioEnv(twilio),
      SMS_CALLBACK_BASE_URL: publicBase,
      TELNYX_PUBLIC_KEY: undefined,
    });
  });
  afterAll(async () => {
    await cms?.app.stop();
    await twilio?.close();
    restoreEnv();
  });

  it('every text message asks Twilio for reports at the configured public URL', async () => {
    const petition = await publishedPetition(cms.app.strapi);
    const signed = await postForm(cms.app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: '514 555-0177' }));
    expect(signed.status).toBe(303);
    expect(twilio.received.find((m) => m.to === '+15145550177')?.statusCallback).toBe(url);
  });

  it.each([
    ['delivered', {}, 'delivered'],
    ['undelivered', { ErrorCode: '30003' }, 'failed (code 30003)'],
    ['failed', { ErrorCode: '30008' }, 'failed (code 30008)'],
    ['sent', {}, 'sent'],
  ])('a signed "%s" callback is answered 204 and recorded as %s', async (status, extra, recorded) => {
    const sid = messageId('SM');
    const params = callback(sid, status, extra);
    const answer = await post(cms.app.baseUrl, twilioPath, form(params), { ...formType, 'x-twilio-signature': twilio.signCallback(url, params) });
    expect(answer.status).toBe(204);
    await expect.poll(() => reportLine(cms.logs, 'twilio', sid)).toContain(`${sid} ${recorded}`);
  });

  it('a signed status on the way (queued) is acknowledged and not recorded', async () => {
    const sid = messageId('SM');
    const params = callback(sid, 'queued');
    expect((await post(cms.app.baseUrl, twilioPath, form(params), { ...formType, 'x-twilio-signature': twilio.signCallback(url, params) })).status).toBe(204);
    await fence();
    expect(reportLine(cms.logs, 'twilio', sid)).toBeUndefined();
  });

  it.each([
    ['no signature', (_params: Record<string, string>) => ({})],
    ['an empty signature', () => ({ 'x-twilio-signature': '' })],
    ['a signature made with another auth token', (params: Record<string, string>) => ({ 'x-twilio-signature': signWith(randomBytes(16).toString('hex'), url, params) })],
    // What a CMS that trusted the Host header would have checked: the attacker picks it.
    ['a signature for the address the request reached (Host header), not the public one', (params: Record<string, string>) => ({ 'x-twilio-signature': twilio.signCallback(`${cms.app.baseUrl}${twilioPath}`, params) })],
    ['a signature for other parameters', (params: Record<string, string>) => ({ 'x-twilio-signature': twilio.signCallback(url, { ...params, MessageStatus: 'failed' }) })],
    ['garbage', () => ({ 'x-twilio-signature': 'AAAA' })],
  ])('%s: 403, nothing recorded, and the log names no one', async (_name, headers) => {
    const sid = messageId('SM');
    const params = callback(sid, 'delivered');
    const linesBefore = cms.logs.length;
    const answer = await post(cms.app.baseUrl, twilioPath, form(params), { ...formType, ...headers(params) });
    expect(answer.status).toBe(403);
    await fence();
    expect(reportLine(cms.logs, 'twilio', sid)).toBeUndefined();
    const logged = cms.logs.slice(linesBefore).join('\n');
    expect(logged).toContain('twilio delivery callback refused');
    expect(logged).not.toMatch(/5145550123|\+15145550123/);
  });

  it('answers 405 to anything but POST, 415 to another type, 413 past 16 KB', async () => {
    const get = await fetch(cms.app.baseUrl + twilioPath);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const params = callback(messageId('SM'), 'delivered');
    expect((await post(cms.app.baseUrl, twilioPath, JSON.stringify(params), { 'content-type': 'application/json', 'x-twilio-signature': twilio.signCallback(url, params) })).status).toBe(415);
    const big = { ...params, Body: 'x'.repeat(17 * 1024) };
    expect((await post(cms.app.baseUrl, twilioPath, form(big), { ...formType, 'x-twilio-signature': twilio.signCallback(url, big) })).status).toBe(413);
  });

  it('an address that keeps forging gets 429 without being checked, and genuine reports from elsewhere still count', async () => {
    const ip = freshIp();
    const params = callback(messageId('SM'), 'delivered');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(cms.app.baseUrl, twilioPath, form(params), { ...formType, 'x-twilio-signature': 'forged' }, ip)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even a valid signature from that address waits: it is not checked at all.
    expect((await post(cms.app.baseUrl, twilioPath, form(params), { ...formType, 'x-twilio-signature': twilio.signCallback(url, params) }, ip)).status).toBe(429);
    await fence();
  });

  it('the Telnyx route does not exist on a CMS that sends through Twilio', async () => {
    const body = telnyxDeliveryEvent(telnyxId(), 'message.finalized', 'delivered');
    expect((await post(cms.app.baseUrl, telnyxPath, body, { 'content-type': 'application/json' })).status).toBe(404);
  });
});

function signWith(token: string, url: string, params: Record<string, string>): string {
  // Same construction as the fake's, with another key: a forger who knows the scheme but not the token.
  return createHmac('sha1', token)
    .update(url + Object.keys(params).sort().map((k) => k + params[k]).join(''))
    .digest('base64');
}

describe('Telnyx webhooks', () => {
  let cms: Booted;
  let telnyx: FakeTelnyx;
  const json = { 'content-type': 'application/json' };
  const fence = async () => {
    const id = telnyxId();
    const body = telnyxDeliveryEvent(id, 'message.sent', 'sent');
    expect((await post(cms.app.baseUrl, telnyxPath, body, { ...json, ...telnyx.signWebhook(body) })).status).toBe(204);
    await expect.poll(() => reportLine(cms.logs, 'telnyx', id)).toBeDefined();
  };

  beforeAll(async () => {
    telnyx = await startFakeTelnyx();
    cms = await boot({
      SMS_PROVIDER: 'telnyx',
      TELNYX_API_KEY: telnyx.apiKey,
      TELNYX_FROM: '+15145550100',
      TELNYX_MESSAGING_PROFILE_ID: undefined,
      TELNYX_API_URL: telnyx.url,
      TELNYX_PUBLIC_KEY: telnyx.publicKey,
      SMS_CALLBACK_BASE_URL: publicBase,
      TWILIO_AUTH_TOKEN: undefined,
    });
  });
  afterAll(async () => {
    await cms?.app.stop();
    await telnyx?.close();
    restoreEnv();
  });

  it('every text message asks Telnyx for reports at the configured public URL', async () => {
    const petition = await publishedPetition(cms.app.strapi);
    const signed = await postForm(cms.app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone: '514 555-0178' }));
    expect(signed.status).toBe(303);
    expect(telnyx.received.find((m) => m.to === '+15145550178')).toMatchObject({ from: '+15145550100', webhook_url: `${publicBase}${telnyxPath}` });
  });

  it.each([
    ['message.finalized', 'delivered', [], 'delivered'],
    ['message.finalized', 'delivery_failed', [{ code: '40008', title: 'Undeliverable' }], 'failed (code 40008)'],
    ['message.finalized', 'sending_failed', [], 'failed'],
    ['message.finalized', 'delivery_unconfirmed', [], 'sent'],
    ['message.sent', 'sent', [], 'sent'],
  ] as const)('a signed %s (%s) is answered 204 and recorded as %s', async (event, status, errors, recorded) => {
    const id = telnyxId();
    const body = telnyxDeliveryEvent(id, event, status, [...errors]);
    expect((await post(cms.app.baseUrl, telnyxPath, body, { ...json, ...telnyx.signWebhook(body) })).status).toBe(204);
    await expect.poll(() => reportLine(cms.logs, 'telnyx', id)).toContain(`${id} ${recorded}`);
  });

  it('a signed event that is no delivery report (an inbound message) is acknowledged and not recorded', async () => {
    const id = telnyxId();
    const body = telnyxDeliveryEvent(id, 'message.finalized', 'delivered').replace('"message.finalized"', '"message.received"');
    expect((await post(cms.app.baseUrl, telnyxPath, body, { ...json, ...telnyx.signWebhook(body) })).status).toBe(204);
    await fence();
    expect(reportLine(cms.logs, 'telnyx', id)).toBeUndefined();
  });

  const otherKey = generateKeyPairSync('ed25519').privateKey;
  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['no signature headers', (_body: string) => ({}), (body: string) => body],
    ['a timestamp without a signature', () => ({ 'telnyx-timestamp': String(now()) }), (body: string) => body],
    [
      'a signature by another key',
      (body: string) => {
        const ts = String(now());
        return { 'telnyx-timestamp': ts, 'telnyx-signature-ed25519': sign(null, Buffer.from(`${ts}|${body}`), otherKey).toString('base64') };
      },
      (body: string) => body,
    ],
    // A genuine webhook captured and replayed later: its signature is valid, its time is not.
    ['a replay six minutes later', (body: string) => telnyx.signWebhook(body, now() - 360), (body: string) => body],
    ['a timestamp six minutes ahead', (body: string) => telnyx.signWebhook(body, now() + 360), (body: string) => body],
    ['a genuine signature with the timestamp changed', (body: string) => ({ ...telnyx.signWebhook(body, now() - 10), 'telnyx-timestamp': String(now()) }), (body: string) => body],
    ['a genuine signature over another body', (body: string) => telnyx.signWebhook(body), (body: string) => body.replace('"delivered"', '"delivery_failed"')],
    ['garbage', () => ({ 'telnyx-timestamp': String(now()), 'telnyx-signature-ed25519': 'bm9u' }), (body: string) => body],
  ])('%s: 403, nothing recorded, and the log names no one', async (_name, headers, sent) => {
    const id = telnyxId();
    const body = telnyxDeliveryEvent(id, 'message.finalized', 'delivered');
    const linesBefore = cms.logs.length;
    expect((await post(cms.app.baseUrl, telnyxPath, sent(body), { ...json, ...headers(body) })).status).toBe(403);
    await fence();
    expect(reportLine(cms.logs, 'telnyx', id)).toBeUndefined();
    const logged = cms.logs.slice(linesBefore).join('\n');
    expect(logged).toContain('telnyx delivery callback refused');
    expect(logged).not.toMatch(/5145550123|5145550100/);
  });

  it('answers 405 to GET, 415 to a form, 413 past 16 KB', async () => {
    expect((await fetch(cms.app.baseUrl + telnyxPath)).status).toBe(405);
    const body = telnyxDeliveryEvent(telnyxId(), 'message.finalized', 'delivered');
    expect((await post(cms.app.baseUrl, telnyxPath, body, { 'content-type': 'application/x-www-form-urlencoded', ...telnyx.signWebhook(body) })).status).toBe(415);
    const big = JSON.stringify({ ...JSON.parse(body), padding: 'x'.repeat(17 * 1024) });
    expect((await post(cms.app.baseUrl, telnyxPath, big, { ...json, ...telnyx.signWebhook(big) })).status).toBe(413);
  });

  it('the Twilio route does not exist on a CMS that sends through Telnyx', async () => {
    expect((await post(cms.app.baseUrl, twilioPath, 'MessageSid=SMab&MessageStatus=delivered', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(404);
  });
});
