import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootCms, freePort, productionSecrets } from '../support/cms-process.ts';
import { startFakeSmtp, type FakeSmtp } from '../support/fake-smtp.ts';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from '../support/fake-twilio.ts';
import { getLanding, postForm, publishedPetition, signPath, validSignature } from '../support/participation.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * Outside development, messages reach people or the CMS does not start: email needs SMTP_HOST,
 * text messages a real provider (Twilio), and nothing is ever written to the dev outbox file.
 * Twilio is a local fake of its REST API; a refused text message never turns into a 500.
 */
const settingsModule = () => import('../../cms/src/participation/messages/settings.ts');
const twilioModule = () => import('../../cms/src/participation/messages/twilio.ts');

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** A phone typed the way people do, and what any log line must never show of it. */
const digitsPattern = (phone: string) => new RegExp(phone.replace(/\D/g, '').slice(-10).split('').join('\\D{0,3}'));

describe('message settings (read once at boot, through a zod schema)', () => {
  const production = { devDefaults: false };

  it('outside development, refuses a configuration without SMTP_HOST, naming it', async () => {
    const { messageSettingsFromEnv } = await settingsModule();
    expect(() => messageSettingsFromEnv({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: sid('AC'), TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '+15145550100' }, production)).toThrow(/SMTP_HOST/);
  });

  it('outside development, refuses a configuration without an SMS provider, naming SMS_PROVIDER', async () => {
    const { messageSettingsFromEnv } = await settingsModule();
    expect(() => messageSettingsFromEnv({ SMTP_HOST: 'smtp.exemple.ca' }, production)).toThrow(/SMS_PROVIDER/);
  });

  it.each([
    [{ TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '+15145550100' }, 'TWILIO_ACCOUNT_SID'],
    [{ TWILIO_ACCOUNT_SID: sid('AC'), TWILIO_FROM: '+15145550100' }, 'TWILIO_AUTH_TOKEN'],
    [{ TWILIO_ACCOUNT_SID: sid('AC'), TWILIO_AUTH_TOKEN: 'x' }, 'TWILIO_FROM'],
    [{ TWILIO_ACCOUNT_SID: 'not-a-sid', TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '+15145550100' }, 'TWILIO_ACCOUNT_SID'],
    [{ TWILIO_ACCOUNT_SID: sid('AC'), TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '514-555-0100' }, 'TWILIO_FROM'],
    [{ TWILIO_ACCOUNT_SID: sid('AC'), TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '+15145550100', TWILIO_API_URL: 'pas une url' }, 'TWILIO_API_URL'],
  ])('SMS_PROVIDER=twilio with %o is refused, naming %s', async (twilio, named) => {
    const { messageSettingsFromEnv } = await settingsModule();
    for (const devDefaults of [true, false]) {
      expect(() => messageSettingsFromEnv({ SMTP_HOST: 'smtp.exemple.ca', SMS_PROVIDER: 'twilio', ...twilio }, { devDefaults })).toThrow(named);
    }
  });

  it('an unknown SMS_PROVIDER is refused, naming it', async () => {
    const { messageSettingsFromEnv } = await settingsModule();
    expect(() => messageSettingsFromEnv({ SMTP_HOST: 'smtp.exemple.ca', SMS_PROVIDER: 'pigeon' }, production)).toThrow(/SMS_PROVIDER/);
  });

  it('takes Twilio with a sender number or a messaging service, and defaults to its public API', async () => {
    const { messageSettingsFromEnv } = await settingsModule();
    const accountSid = sid('AC');
    const messagingServiceSid = sid('MG');
    const settings = messageSettingsFromEnv(
      { SMTP_HOST: 'smtp.exemple.ca', SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: 'tok', TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid },
      production,
    );
    expect(settings.email).toBe('smtp');
    expect(settings.sms).toEqual({ provider: 'twilio', accountSid, authToken: 'tok', sender: { messagingServiceSid }, apiUrl: 'https://api.twilio.com' });
  });

  it('in development and tests, without SMTP or a provider, messages go to the dev outbox', async () => {
    const { messageSettingsFromEnv } = await settingsModule();
    const settings = messageSettingsFromEnv({}, { devDefaults: true });
    expect(settings.email).toBe('dev-outbox');
    expect(settings.sms).toEqual({ provider: 'dev-outbox' });
    expect(settings.devOutboxDays).toBe(7);
  });
});

describe('the Twilio provider, against a local fake of its REST API', () => {
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await startFakeTwilio();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const settings = (extra: Record<string, unknown> = {}) => ({
    provider: 'twilio' as const,
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    sender: { from: '+15145550100' } as { from: string } | { messagingServiceSid: string },
    apiUrl: fake.url,
    ...extra,
  });

  it('posts To, From and Body, form-encoded, with Basic auth, and returns Twilio’s message id', async () => {
    const { twilioSmsProvider } = await twilioModule();
    const receipt = await twilioSmsProvider(settings()).send({ to: '+15145550123', body: 'Passerelle : votre code est 123456.' });
    expect(receipt.id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.received.at(-1)).toMatchObject({ to: '+15145550123', from: '+15145550100', messagingServiceSid: null, body: 'Passerelle : votre code est 123456.', statusCallback: null, sid: receipt.id });
  });

  it('sends through a messaging service instead of a number when one is configured', async () => {
    const { twilioSmsProvider } = await twilioModule();
    const messagingServiceSid = sid('MG');
    await twilioSmsProvider(settings({ sender: { messagingServiceSid } })).send({ to: '+14385550199', body: 'Bonjour' });
    expect(fake.received.at(-1)).toMatchObject({ to: '+14385550199', from: null, messagingServiceSid, body: 'Bonjour' });
  });

  it('asks for delivery reports at the configured public URL (StatusCallback) when there is one', async () => {
    const { twilioSmsProvider } = await twilioModule();
    const statusCallbackUrl = 'https://www.exemple.ca/participer/webhooks/sms/twilio';
    await twilioSmsProvider(settings({ statusCallbackUrl })).send({ to: '+14385550198', body: 'Bonjour' });
    expect(fake.received.at(-1)).toMatchObject({ to: '+14385550198', statusCallback: statusCallbackUrl });
  });

  it.each([
    [429, 20429, true],
    [500, 20500, true],
    [400, 21211, false],
  ])('an HTTP %i answer becomes an error with Twilio’s code %i (retryable: %s) that names neither the number nor the text', async (status, code, retryable) => {
    const { twilioSmsProvider } = await twilioModule();
    const to = `+1514555${String(status).padStart(4, '0')}`;
    fake.failures.set(to, status);
    const error = await twilioSmsProvider(settings())
      .send({ to, body: 'Votre code est 654321.' })
      .then(() => null, (e: unknown) => e as Error & { status?: number; code?: number; retryable?: boolean });
    fake.failures.delete(to);
    expect(error).toMatchObject({ name: 'SmsSendError', provider: 'twilio', status, code, retryable });
    expect(`${error!.message} ${error!.stack}`).not.toMatch(digitsPattern(to));
    expect(`${error!.message} ${error!.stack}`).not.toContain('654321');
  });

  it('wrong credentials (401) and an unreachable API are errors too, never a hang', async () => {
    const { twilioSmsProvider } = await twilioModule();
    await expect(twilioSmsProvider(settings({ authToken: 'faux' })).send({ to: '+15145550123', body: 'x' })).rejects.toMatchObject({ status: 401, code: 20003, retryable: false });
    const closedPort = await freePort();
    await expect(twilioSmsProvider(settings({ apiUrl: `http://127.0.0.1:${closedPort}` })).send({ to: '+15145550123', body: 'x' })).rejects.toMatchObject({
      name: 'SmsSendError',
      status: null,
      retryable: true,
    });
  });

  it('refuses a number that is not E.164 before calling Twilio', async () => {
    const { twilioSmsProvider } = await twilioModule();
    const before = fake.requests.length;
    await expect(twilioSmsProvider(settings()).send({ to: '514 555-0123', body: 'x' })).rejects.toMatchObject({ name: 'SmsSendError', retryable: false });
    expect(fake.requests.length).toBe(before);
  });
});

describe('production refuses to boot when a channel the forms offer has no real provider', () => {
  it('without SMTP_HOST: exits with a message naming SMTP_HOST', { timeout: 240_000 }, async () => {
    const outcome = await bootCms({ ...productionSecrets, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: sid('AC'), TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '+15145550100', LOG_LEVEL: 'info' });
    if (outcome.kind === 'ready') await outcome.cms.stop();
    expect(outcome.kind, 'the CMS booted without SMTP').toBe('exited');
    if (outcome.kind !== 'exited') return;
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('SMTP_HOST');
  });

  it('without an SMS provider: exits with a message naming SMS_PROVIDER', { timeout: 240_000 }, async () => {
    const outcome = await bootCms({ ...productionSecrets, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(await freePort()), LOG_LEVEL: 'info' });
    if (outcome.kind === 'ready') await outcome.cms.stop();
    expect(outcome.kind, 'the CMS booted without an SMS provider').toBe('exited');
    if (outcome.kind !== 'exited') return;
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('SMS_PROVIDER');
  });
});

describe('production with SMTP and Twilio configured', () => {
  let app: StartedStrapi;
  let smtp: FakeSmtp;
  let twilio: FakeTwilio;
  const outbox = path.join(tmpdir(), 'passerelle-tests', `outbox-production-${process.pid}-${randomBytes(3).toString('hex')}.jsonl`);
  const saved = { ...process.env };
  const logLines: string[] = [];

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    twilio = await startFakeTwilio();
    app = await startStrapi({
      env: {
        ...productionSecrets,
        ...twilioEnv(twilio),
        ADMIN_EMAIL: undefined,
        ADMIN_PASSWORD: undefined,
        PREVIEW_SECRET: undefined,
        PREVIEW_API_TOKEN: undefined,
        PUBLISHER_URL: undefined,
        TWILIO_MESSAGING_SERVICE_SID: undefined,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        EMAIL_FROM: 'Passerelle <petitions@exemple.ca>',
        DEV_OUTBOX_FILE: outbox,
        PETITION_COUNT_CACHE_SECONDS: '0',
        LOG_LEVEL: 'warn',
        CRON_ENABLED: 'false',
        // A refused text is retried in an hour at the soonest: while the resident signs again, the
        // first message is certainly still waiting, so what the outbox does with it is what is tested.
        OUTBOX_RETRY_BASE_MS: '3600000',
      },
    });
    expect(process.env.NODE_ENV).toBe('production');
    app.strapi.log.on('data', (info: Record<string | symbol, unknown>) => logLines.push(String(info[Symbol.for('message')] ?? info.message)));
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.close();
    await twilio?.close();
    rmSync(outbox, { force: true });
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('sends the code through Twilio in E.164 and the link by SMTP, and writes no outbox file', async () => {
    const petition = await publishedPetition(app.strapi);
    const email = `prod.${randomBytes(3).toString('hex')}@exemple.ca`;
    const signed = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email, phone: '(514) 555-0123' }));
    expect(signed.status).toBe(303);
    expect(signed.location).toMatch(/\/participer\/petitions\/code\?ref=/);

    const sms = twilio.received.find((m) => m.to === '+15145550123');
    expect(sms?.from).toBe('+15145550100');
    const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
    expect(code).toBeDefined();
    await expect.poll(() => smtp.received.some((m) => m.includes(email))).toBe(true);
    expect(existsSync(outbox)).toBe(false);

    const ref = new URL(signed.location!, app.baseUrl).searchParams.get('ref')!;
    const confirmed = await postForm(app.baseUrl, '/participer/petitions/code', { ref, code: code!, locale: 'fr' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toContain('confirmee');
  });

  it.each([429, 500])('Twilio answering %i: the resident still lands on the code page, the log names no one, and signing again sends a new code', async (status) => {
    const petition = await publishedPetition(app.strapi);
    const phone = `438 555-${String(status).padStart(4, '0')}`;
    const e164 = `+1${phone.replace(/\D/g, '')}`;
    twilio.failures.set(e164, status);
    const linesBefore = logLines.length;

    const refused = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone }));
    expect(refused.status).toBe(303);
    const page = await getLanding(app.baseUrl, refused.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('signez de nouveau');

    const logged = logLines.slice(linesBefore).join('\n');
    expect(logged).toContain(String(status));
    expect(logged).not.toMatch(digitsPattern(phone));
    expect(twilio.requests.some((r) => r.status === status)).toBe(true);
    expect(existsSync(outbox)).toBe(false);

    const queued = app.strapi.db.query('api::participation.outbound-message');
    const waiting = (await queued.findMany({ where: { messageKind: 'petition-confirmation', recipient: e164, deliveryStatus: 'pending' } })) as Array<{ id: number }>;
    expect(waiting).toHaveLength(1);

    twilio.failures.delete(e164);
    const again = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: '', phone }));
    expect(again.status).toBe(303);
    // The new code supersedes the one still waiting: it will never arrive after the live one.
    const first = (await queued.findOne({ where: { id: waiting[0]!.id } })) as Record<string, unknown>;
    expect(first).toMatchObject({ deliveryStatus: 'superseded', recipient: null, body: null });
    await expect.poll(() => twilio.received.filter((m) => m.to === e164).length).toBe(1);
    const sms = twilio.received.filter((m) => m.to === e164).at(-1);
    const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
    expect(code).toBeDefined();
    const ref = new URL(again.location!, app.baseUrl).searchParams.get('ref')!;
    const confirmed = await postForm(app.baseUrl, '/participer/petitions/code', { ref, code: code!, locale: 'fr' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toContain('confirmee');
  });
});
