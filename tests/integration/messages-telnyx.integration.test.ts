import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/cms-process.ts';
import { startFakeTelnyx, type FakeTelnyx } from '../support/fake-telnyx.ts';

/**
 * The Telnyx adapter (Messaging API v2) against a local fake of its HTTP API, and its settings.
 * No Strapi here: the adapter is plain fetch, and the settings are a pure function of the
 * environment. (What the CMS does when a provider refuses is in messages-providers.)
 */
const settingsModule = () => import('../../cms/src/participation/messages/settings.ts');
const telnyxModule = () => import('../../cms/src/participation/messages/telnyx.ts');

const digitsPattern = (phone: string) => new RegExp(phone.replace(/\D/g, '').slice(-10).split('').join('\\D{0,3}'));

describe('Telnyx settings (read once at boot, through the zod schema)', () => {
  const production = { devDefaults: false };
  const base = { SMTP_HOST: 'smtp.exemple.ca', SMS_PROVIDER: 'telnyx' };
  const publicKey = Buffer.alloc(32, 7).toString('base64');

  it('takes an API key and a sender number, defaults to the public API, and asks for no reports without a callback URL', async () => {
    const { messageSettingsFromEnv } = await settingsModule();
    const settings = messageSettingsFromEnv({ ...base, TELNYX_API_KEY: 'KEY0123', TELNYX_FROM: '+15145550100' }, production);
    expect(settings.sms).toEqual({ provider: 'telnyx', apiKey: 'KEY0123', sender: { from: '+15145550100' }, apiUrl: 'https://api.telnyx.com' });
  });

  it('with SMS_CALLBACK_BASE_URL and the public key, asks for reports at the Telnyx route of that origin', async () => {
    const { messageSettingsFromEnv } = await settingsModule();
    const profile = randomUUID();
    const settings = messageSettingsFromEnv(
      { ...base, TELNYX_API_KEY: 'KEY0123', TELNYX_MESSAGING_PROFILE_ID: profile, TELNYX_PUBLIC_KEY: publicKey, SMS_CALLBACK_BASE_URL: 'https://www.exemple.ca/' },
      production,
    );
    expect(settings.sms).toMatchObject({
      provider: 'telnyx',
      sender: { messagingProfileId: profile },
      statusCallbackUrl: 'https://www.exemple.ca/participer/webhooks/sms/telnyx',
      publicKey,
    });
  });

  it.each([
    [{ TELNYX_FROM: '+15145550100' }, 'TELNYX_API_KEY'],
    [{ TELNYX_API_KEY: 'KEY0123' }, 'TELNYX_FROM'],
    [{ TELNYX_API_KEY: 'KEY0123', TELNYX_FROM: '514-555-0100' }, 'TELNYX_FROM'],
    [{ TELNYX_API_KEY: 'KEY0123', TELNYX_MESSAGING_PROFILE_ID: 'pas-un-uuid' }, 'TELNYX_MESSAGING_PROFILE_ID'],
    [{ TELNYX_API_KEY: 'KEY0123', TELNYX_FROM: '+15145550100', TELNYX_PUBLIC_KEY: 'trop-court' }, 'TELNYX_PUBLIC_KEY'],
    [{ TELNYX_API_KEY: 'KEY0123', TELNYX_FROM: '+15145550100', SMS_CALLBACK_BASE_URL: 'https://www.exemple.ca' }, 'TELNYX_PUBLIC_KEY'],
    [{ TELNYX_API_KEY: 'KEY0123', TELNYX_FROM: '+15145550100', TELNYX_API_URL: 'pas une url' }, 'TELNYX_API_URL'],
  ])('SMS_PROVIDER=telnyx with %o is refused, naming %s', async (telnyx, named) => {
    const { messageSettingsFromEnv } = await settingsModule();
    for (const devDefaults of [true, false]) expect(() => messageSettingsFromEnv({ ...base, ...telnyx }, { devDefaults })).toThrow(named);
  });

  it('outside development, without any SMS provider, the refusal names Telnyx as a way out too', async () => {
    const { messageSettingsFromEnv } = await settingsModule();
    expect(() => messageSettingsFromEnv({ SMTP_HOST: 'smtp.exemple.ca' }, production)).toThrow(/SMS_PROVIDER=telnyx/);
  });
});

describe('the Telnyx provider, against a local fake of its Messaging API', () => {
  let fake: FakeTelnyx;
  beforeAll(async () => {
    fake = await startFakeTelnyx();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const settings = (extra: Record<string, unknown> = {}) => ({
    provider: 'telnyx' as const,
    apiKey: fake.apiKey,
    sender: { from: '+15145550100' } as { from?: string; messagingProfileId?: string },
    apiUrl: fake.url,
    ...extra,
  });

  it('posts to, from and text as JSON with the API key as a bearer token, and returns Telnyx’s message id', async () => {
    const { telnyxSmsProvider } = await telnyxModule();
    const receipt = await telnyxSmsProvider(settings()).send({ to: '+15145550123', body: 'Passerelle : votre code est 123456.' });
    const accepted = fake.received.at(-1)!;
    expect(receipt.id).toBe(accepted.id);
    expect(accepted).toEqual({ to: '+15145550123', from: '+15145550100', text: 'Passerelle : votre code est 123456.', id: receipt.id });
    const request = fake.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: '/v2/messages', status: 200 });
    expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('sends through a messaging profile, and asks for delivery reports at the configured URL', async () => {
    const { telnyxSmsProvider } = await telnyxModule();
    const messagingProfileId = randomUUID();
    const statusCallbackUrl = 'https://www.exemple.ca/participer/webhooks/sms/telnyx';
    await telnyxSmsProvider(settings({ sender: { messagingProfileId }, statusCallbackUrl })).send({ to: '+14385550199', body: 'Bonjour' });
    expect(fake.received.at(-1)).toMatchObject({ to: '+14385550199', messaging_profile_id: messagingProfileId, webhook_url: statusCallbackUrl, text: 'Bonjour' });
    expect(fake.received.at(-1)).not.toHaveProperty('from');
  });

  it.each([
    [429, 10011, true],
    [500, 10007, true],
    [503, 10007, true],
    [422, 40310, false],
    [400, 40310, false],
  ])('an HTTP %i answer becomes an error with Telnyx’s code %i (retryable: %s) that names neither the number nor the text', async (status, code, retryable) => {
    const { telnyxSmsProvider } = await telnyxModule();
    const to = `+1514555${String(status).padStart(4, '0')}`;
    fake.failures.set(to, status);
    const error = await telnyxSmsProvider(settings())
      .send({ to, body: 'Votre code est 654321.' })
      .then(() => null, (e: unknown) => e as Error);
    fake.failures.delete(to);
    expect(error).toMatchObject({ name: 'SmsSendError', provider: 'telnyx', status, code, retryable });
    expect(`${error!.message} ${error!.stack}`).not.toMatch(digitsPattern(to));
    expect(`${error!.message} ${error!.stack}`).not.toContain('654321');
  });

  it('a wrong API key (401) is not retryable; an unreachable API is, and never hangs', async () => {
    const { telnyxSmsProvider } = await telnyxModule();
    await expect(telnyxSmsProvider(settings({ apiKey: 'KEYfaux' })).send({ to: '+15145550123', body: 'x' })).rejects.toMatchObject({ status: 401, code: 10009, retryable: false });
    const closedPort = await freePort();
    await expect(telnyxSmsProvider(settings({ apiUrl: `http://127.0.0.1:${closedPort}` })).send({ to: '+15145550123', body: 'x' })).rejects.toMatchObject({
      name: 'SmsSendError',
      status: null,
      retryable: true,
    });
  });

  it('refuses a number that is not E.164 before calling Telnyx', async () => {
    const { telnyxSmsProvider } = await telnyxModule();
    const before = fake.requests.length;
    await expect(telnyxSmsProvider(settings()).send({ to: '514 555-0123', body: 'x' })).rejects.toMatchObject({ name: 'SmsSendError', retryable: false });
    expect(fake.requests.length).toBe(before);
  });
});
