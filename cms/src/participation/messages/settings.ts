import type { z } from 'zod';
import { participationRoutes, participationUrl } from '@passerelle/shared/participation';
import { allowsDevDefaults, currentNodeEnv } from '../../../config/env-secrets';
import { CmsConfigError, cmsConfig, type CmsEnv } from '../../config';
import { messagesSchema } from '../../config/schema';

export { E164 } from '../../config/schema';

/**
 * How messages leave the CMS, read from the environment once per boot and validated.
 *
 * Every form offers email and a mobile number, so outside development both channels need a real
 * transport: SMTP for email, an SMS provider for text messages. The dev outbox (a file holding
 * whole messages: codes, links, names, numbers) exists only for development and tests; elsewhere a
 * missing transport stops the boot with the variable to set, rather than quietly keeping people's
 * messages in a file and never delivering them.
 */

export interface TwilioSettings {
  provider: 'twilio';
  accountSid: string;
  authToken: string;
  /** A sending number, or a Messaging Service that picks one (Twilio takes either). */
  sender: { from: string } | { messagingServiceSid: string };
  apiUrl: string;
  /** Where Twilio posts this message's delivery reports (`StatusCallback`); none without SMS_CALLBACK_BASE_URL. */
  statusCallbackUrl?: string;
  /** Where Twilio posts residents' text messages (the number's messaging webhook); none without SMS_CALLBACK_BASE_URL. */
  inboundUrl?: string;
}

export interface TelnyxSettings {
  provider: 'telnyx';
  apiKey: string;
  /** A sending number, a Messaging Profile (its number pool picks one), or both. */
  sender: { from?: string; messagingProfileId?: string };
  apiUrl: string;
  /** Where Telnyx posts this message's delivery reports (`webhook_url`); none without SMS_CALLBACK_BASE_URL. */
  statusCallbackUrl?: string;
  /** Base64 Ed25519 key that signs Telnyx's webhooks; without it no callback is accepted. */
  publicKey?: string;
}

export type SmsSettings = TwilioSettings | TelnyxSettings | { provider: 'dev-outbox' };

export interface MessageSettings {
  email: 'smtp' | 'dev-outbox';
  sms: SmsSettings;
  /** The retention job drops dev outbox messages older than this. */
  devOutboxDays: number;
  /** Text messages in (participation/sms/): the phone named in the help reply, and the flood limit. */
  inbound: { helpPhone: string | undefined; repliesPerHour: number };
  /** The phone line (participation/voice/): where the provider posts calls, the voices, the limits. */
  voice: VoiceSettings;
  outbox: OutboxSettings;
}

export interface VoiceSettings {
  /** The public URL of the configured provider's voice webhook (what Twilio signs, where action URLs point); none without SMS_CALLBACK_BASE_URL. */
  webhookUrl?: string;
  voices: { fr: string; en: string };
  callsPerHour: number;
  actionsPerHour: number;
}

/** How the durable outbox's worker paces itself (messages/worker.ts). */
export interface OutboxSettings {
  pollMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** The backoff's ceiling: after an outage, every message is tried again within this long. */
  retryMaxMs: number;
  leaseMs: number;
  keepDays: number;
}

function fail(problem: string): never {
  throw new Error(`Passerelle CMS — messages : ${problem}`);
}

const productionOnly = (variable: string, why: string, fix: string): never =>
  fail(
    `la variable d'environnement ${variable} est obligatoire hors développement (NODE_ENV=${currentNodeEnv() ?? '(vide)'}) : ${why} — ` +
      `missing required environment variable ${variable}: ${fix}`,
  );

/** Pure: the settings for an environment, or an Error naming what to set. */
export function messageSettingsFromEnv(env: CmsEnv, { devDefaults }: { devDefaults: boolean }): MessageSettings {
  const parsed = messagesSchema.safeParse(env);
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => `${issue.path.join('.')} : ${issue.message}`).join(' ; '));
  }
  return messageSettingsFrom(parsed.data, { devDefaults });
}

type MessageValues = z.output<typeof messagesSchema>;

/** The public URL a provider posts residents' text messages to: the one Twilio signs. */
function inboundUrl(values: MessageValues, provider: 'twilio' | 'telnyx'): string | undefined {
  if (!values.SMS_CALLBACK_BASE_URL) return undefined;
  const route = provider === 'twilio' ? participationRoutes.twilioInboundSms : participationRoutes.telnyxInboundSms;
  return new URL(participationUrl(route.path), values.SMS_CALLBACK_BASE_URL).toString();
}

/** The public URL a provider posts calls to (the number's voice webhook, the TeXML application's URL). */
function voiceUrl(values: MessageValues, provider: 'twilio' | 'telnyx'): string | undefined {
  if (!values.SMS_CALLBACK_BASE_URL) return undefined;
  const route = provider === 'twilio' ? participationRoutes.twilioVoice : participationRoutes.telnyxVoice;
  return new URL(participationUrl(route.path), values.SMS_CALLBACK_BASE_URL).toString();
}

/** The public URL a provider posts delivery reports to: the one it signs (Twilio) and is told to call. */
function callbackUrl(values: MessageValues, provider: 'twilio' | 'telnyx'): string | undefined {
  if (!values.SMS_CALLBACK_BASE_URL) return undefined;
  const route = provider === 'twilio' ? participationRoutes.twilioDeliveryReport : participationRoutes.telnyxDeliveryReport;
  return new URL(participationUrl(route.path), values.SMS_CALLBACK_BASE_URL).toString();
}

function messageSettingsFrom(values: MessageValues, { devDefaults }: { devDefaults: boolean }): MessageSettings {
  let sms: SmsSettings = { provider: 'dev-outbox' };
  if (values.SMS_PROVIDER === 'twilio') {
    const missing: string[] = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] as const).filter((k) => !values[k]);
    if (!values.TWILIO_FROM && !values.TWILIO_MESSAGING_SERVICE_SID) missing.push('TWILIO_FROM ou/or TWILIO_MESSAGING_SERVICE_SID');
    if (missing.length > 0) fail(`SMS_PROVIDER=twilio demande aussi ${missing.join(', ')} (SMS_PROVIDER=twilio also needs ${missing.join(', ')})`);
    sms = {
      provider: 'twilio',
      accountSid: values.TWILIO_ACCOUNT_SID!,
      authToken: values.TWILIO_AUTH_TOKEN!,
      // A Messaging Service, when given, chooses the number itself (and handles opt-outs).
      sender: values.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: values.TWILIO_MESSAGING_SERVICE_SID } : { from: values.TWILIO_FROM! },
      apiUrl: values.TWILIO_API_URL.replace(/\/+$/, ''),
      statusCallbackUrl: callbackUrl(values, 'twilio'),
      inboundUrl: inboundUrl(values, 'twilio'),
    };
  }
  if (values.SMS_PROVIDER === 'telnyx') {
    const missing: string[] = values.TELNYX_API_KEY ? [] : ['TELNYX_API_KEY'];
    if (!values.TELNYX_FROM && !values.TELNYX_MESSAGING_PROFILE_ID) missing.push('TELNYX_FROM ou/or TELNYX_MESSAGING_PROFILE_ID');
    // Asking Telnyx for reports we could not verify would only fill the logs with refusals.
    if (values.SMS_CALLBACK_BASE_URL && !values.TELNYX_PUBLIC_KEY) missing.push('TELNYX_PUBLIC_KEY (SMS_CALLBACK_BASE_URL)');
    if (missing.length > 0) fail(`SMS_PROVIDER=telnyx demande aussi ${missing.join(', ')} (SMS_PROVIDER=telnyx also needs ${missing.join(', ')})`);
    sms = {
      provider: 'telnyx',
      apiKey: values.TELNYX_API_KEY!,
      sender: {
        ...(values.TELNYX_FROM ? { from: values.TELNYX_FROM } : {}),
        ...(values.TELNYX_MESSAGING_PROFILE_ID ? { messagingProfileId: values.TELNYX_MESSAGING_PROFILE_ID } : {}),
      },
      apiUrl: values.TELNYX_API_URL.replace(/\/+$/, ''),
      statusCallbackUrl: callbackUrl(values, 'telnyx'),
      publicKey: values.TELNYX_PUBLIC_KEY,
    };
  }

  if (!devDefaults) {
    if (!values.SMTP_HOST) {
      productionOnly('SMTP_HOST', 'sans serveur SMTP, les courriels resteraient dans un fichier au lieu de partir', 'set SMTP_HOST (and SMTP_PORT, SMTP_USER, SMTP_PASSWORD) to a real mail server.');
    }
    if (sms.provider === 'dev-outbox') {
      productionOnly(
        'SMS_PROVIDER',
        'les formulaires offrent partout le cellulaire et les textos resteraient dans un fichier au lieu de partir',
        'set SMS_PROVIDER=twilio with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID), or SMS_PROVIDER=telnyx with TELNYX_API_KEY and TELNYX_FROM (or TELNYX_MESSAGING_PROFILE_ID).',
      );
    }
  }

  return {
    email: values.SMTP_HOST ? 'smtp' : 'dev-outbox',
    sms,
    devOutboxDays: values.DEV_OUTBOX_DAYS,
    inbound: { helpPhone: values.SMS_HELP_PHONE, repliesPerHour: values.SMS_INBOUND_REPLIES_PER_HOUR },
    voice: {
      webhookUrl: sms.provider === 'dev-outbox' ? undefined : voiceUrl(values, sms.provider),
      voices: { fr: values.VOICE_TTS_VOICE_FR, en: values.VOICE_TTS_VOICE_EN },
      callsPerHour: values.VOICE_CALLS_PER_HOUR,
      actionsPerHour: values.VOICE_ACTIONS_PER_HOUR,
    },
    outbox: {
      pollMs: values.OUTBOX_POLL_MS,
      maxAttempts: values.OUTBOX_MAX_ATTEMPTS,
      retryBaseMs: values.OUTBOX_RETRY_BASE_MS,
      retryMaxMs: Math.max(values.OUTBOX_RETRY_BASE_MS, values.OUTBOX_RETRY_MAX_MS),
      leaseMs: values.OUTBOX_LEASE_SECONDS * 1000,
      keepDays: values.OUTBOX_KEEP_DAYS,
    },
  };
}

let current: MessageSettings | undefined;

/**
 * From the CMS configuration, which each boot reads again (src/index.ts): called once per boot
 * (bootstrap), so a new boot sees new values.
 */
export function loadMessageSettings(): MessageSettings {
  current = messageSettingsFrom(parseMessages(cmsConfig()), { devDefaults: allowsDevDefaults() });
  return current;
}

export function messageSettings(): MessageSettings {
  return current ?? loadMessageSettings();
}

/** A malformed value stops the boot with this module's own message, naming the variable. */
function parseMessages(config: ReturnType<typeof cmsConfig>): MessageValues {
  try {
    return config.messages;
  } catch (error) {
    if (!(error instanceof CmsConfigError)) throw error;
    return fail(error.issues.map((issue) => `${issue.variable} : ${issue.message}`).join(' ; '));
  }
}
