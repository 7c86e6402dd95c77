import { startFakeTelnyx, type FakeTelnyx } from './fake-telnyx.ts';
import { startFakeTwilio, twilioEnv, type FakeTwilio } from './fake-twilio.ts';
import { startStrapi, type StartedStrapi, type Strapi } from './strapi.ts';
import { voiceSimulator, type VoiceSimulator } from './voice-simulator.ts';

/**
 * The phone line under test: an in-process Strapi whose SMS and voice provider is a local fake
 * (Twilio or Telnyx TeXML), reached at a public base the provider would sign, mail off, and the
 * simulated caller's phone. Each test file passes the limits and settings it relies on in `env`.
 */
export const voicePublicBase = 'https://www.exemple.ca';

interface VoiceLineBase {
  app: StartedStrapi;
  strapi: Strapi;
  line: VoiceSimulator;
  /** Stops the CMS, then the fake provider. */
  stop(): Promise<void>;
}
export interface TwilioVoiceLine extends VoiceLineBase {
  twilio: FakeTwilio;
  /** Bodies of the texts the fake Twilio accepted for `number`, in order. */
  textsTo(number: string): string[];
}
export interface TelnyxVoiceLine extends VoiceLineBase {
  telnyx: FakeTelnyx;
}

type Env = Record<string, string | undefined>;

const lineEnv = (env: Env): Env => ({ SMS_CALLBACK_BASE_URL: voicePublicBase, PUBLIC_SITE_URL: voicePublicBase, SMTP_HOST: undefined, ...env });

export async function startTwilioVoiceLine(env: Env = {}): Promise<TwilioVoiceLine> {
  const twilio = await startFakeTwilio();
  try {
    const app = await startStrapi({ env: { ...twilioEnv(twilio), ...lineEnv(env) } });
    return {
      app,
      strapi: app.strapi,
      twilio,
      line: voiceSimulator(app.baseUrl, { kind: 'twilio', twilio, publicBase: voicePublicBase }),
      textsTo: (number) => twilio.received.filter((m) => m.to === number).map((m) => m.body),
      stop: async () => {
        await app.stop();
        await twilio.close();
      },
    };
  } catch (error) {
    await twilio.close();
    throw error;
  }
}

export async function startTelnyxVoiceLine(env: Env = {}): Promise<TelnyxVoiceLine> {
  const telnyx = await startFakeTelnyx();
  try {
    const app = await startStrapi({
      env: {
        SMS_PROVIDER: 'telnyx',
        TELNYX_API_KEY: telnyx.apiKey,
        TELNYX_FROM: '+15145550100',
        TELNYX_MESSAGING_PROFILE_ID: undefined,
        TELNYX_API_URL: telnyx.url,
        TELNYX_PUBLIC_KEY: telnyx.publicKey,
        ...lineEnv(env),
      },
    });
    return {
      app,
      strapi: app.strapi,
      telnyx,
      line: voiceSimulator(app.baseUrl, { kind: 'telnyx', telnyx, publicBase: voicePublicBase }),
      stop: async () => {
        await app.stop();
        await telnyx.close();
      },
    };
  } catch (error) {
    await telnyx.close();
    throw error;
  }
}
