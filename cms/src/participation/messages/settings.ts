import { z } from 'zod';
import { allowsDevDefaults } from '../../../config/env-secrets';

/**
 * How messages leave the CMS, read from the environment once per boot and validated.
 *
 * Every form offers email and a mobile number, so outside development both channels need a real
 * transport: SMTP for email, an SMS provider for text messages. The dev outbox (a file holding
 * whole messages: codes, links, names, numbers) exists only for development and tests; elsewhere a
 * missing transport stops the boot with the variable to set, rather than quietly keeping people's
 * messages in a file and never delivering them.
 */
export const E164 = /^\+[1-9]\d{7,14}$/;

const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const schema = z.object({
  SMTP_HOST: optional(z.string().trim()),
  SMS_PROVIDER: optional(z.enum(['twilio'], { message: 'seule valeur possible : twilio (only "twilio" is supported)' })),
  TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'AC suivi de 32 caractères hexadécimaux (AC + 32 hex characters)')),
  TWILIO_AUTH_TOKEN: optional(z.string().min(1)),
  TWILIO_FROM: optional(z.string().regex(E164, 'un numéro au format E.164, par exemple +15145550100 (an E.164 number)')),
  TWILIO_MESSAGING_SERVICE_SID: optional(z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'MG suivi de 32 caractères hexadécimaux (MG + 32 hex characters)')),
  TWILIO_API_URL: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v : undefined), z.string().url().default('https://api.twilio.com')),
  DEV_OUTBOX_DAYS: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v : undefined), z.coerce.number().int().min(1).max(365).default(7)),
});

export interface TwilioSettings {
  provider: 'twilio';
  accountSid: string;
  authToken: string;
  /** A sending number, or a Messaging Service that picks one (Twilio takes either). */
  sender: { from: string } | { messagingServiceSid: string };
  apiUrl: string;
}

export type SmsSettings = TwilioSettings | { provider: 'dev-outbox' };

export interface MessageSettings {
  email: 'smtp' | 'dev-outbox';
  sms: SmsSettings;
  /** The retention job drops dev outbox messages older than this. */
  devOutboxDays: number;
}

function fail(problem: string): never {
  throw new Error(`Passerelle CMS — messages : ${problem}`);
}

const productionOnly = (variable: string, why: string, fix: string): never =>
  fail(
    `la variable d'environnement ${variable} est obligatoire hors développement (NODE_ENV=${process.env.NODE_ENV ?? '(vide)'}) : ${why} — ` +
      `missing required environment variable ${variable}: ${fix}`,
  );

/** Pure: the settings for an environment, or an Error naming what to set. */
export function messageSettingsFromEnv(env: Record<string, string | undefined>, { devDefaults }: { devDefaults: boolean }): MessageSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => `${issue.path.join('.')} : ${issue.message}`).join(' ; '));
  }
  const values = parsed.data;

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
        'set SMS_PROVIDER=twilio with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID).',
      );
    }
  }

  return { email: values.SMTP_HOST ? 'smtp' : 'dev-outbox', sms, devOutboxDays: values.DEV_OUTBOX_DAYS };
}

let current: MessageSettings | undefined;

/** Reads the environment again: called once per boot (bootstrap), so a new boot sees new values. */
export function loadMessageSettings(): MessageSettings {
  current = messageSettingsFromEnv(process.env, { devDefaults: allowsDevDefaults() });
  return current;
}

export function messageSettings(): MessageSettings {
  return current ?? loadMessageSettings();
}
