import type { Core } from '@strapi/strapi';
import { normalisePhone } from '@passerelle/shared/participation';
import { htmlFromText } from './email-html';
import { appendToOutbox } from './outbox';
import { outboxEmailProvider } from './outbox-email-provider';
import type { MessageSettings } from './settings';
import { SmsSendError, type SmsProvider } from './sms-provider';
import { telnyxSmsProvider } from './telnyx';
import { twilioSmsProvider } from './twilio';

/**
 * The two ways the write path talks to residents. Emails go through Strapi's email plugin (SMTP
 * via nodemailer, or the dev outbox in development); text messages through an `SmsProvider`
 * (Twilio or Telnyx, or the dev outbox in development), chosen at boot from `MessageSettings`.
 *
 * A message that cannot be sent does not fail the person's request: their submission is kept and
 * they land on the usual page, which says what to do when nothing arrives (sign again for a new
 * code or link). The failure is logged with the provider's status and error code only — never the
 * address, the number or the text, which hold the very secrets the message was carrying.
 */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

export const outboxSmsProvider: SmsProvider = {
  name: 'dev-outbox',
  async send({ to, body }) {
    return { id: appendToOutbox({ channel: 'sms', to, text: body }).id };
  },
};

type Log = Pick<Core.Strapi['log'], 'warn' | 'error'>;

let smsProvider: SmsProvider = outboxSmsProvider;
let log: Log = { warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) } as Log;

function smsProviderFor(sms: MessageSettings['sms']): SmsProvider {
  if (sms.provider === 'twilio') return twilioSmsProvider(sms);
  if (sms.provider === 'telnyx') return telnyxSmsProvider(sms);
  return outboxSmsProvider;
}

/** bootstrap(): installs the transports the settings name. */
export function configureMessages(strapi: Core.Strapi, settings: MessageSettings): void {
  log = strapi.log;
  if (settings.email === 'dev-outbox') strapi.plugin('email').provider = outboxEmailProvider;
  smsProvider = smsProviderFor(settings.sms);
}

/** Sends one email; `false` (and a log line without personal data) when it could not be sent. */
export async function sendEmail(strapi: Core.Strapi, message: EmailMessage): Promise<boolean> {
  try {
    await strapi.plugin('email').service('email').send({ ...message, html: htmlFromText(message.text) });
    return true;
  } catch (error) {
    // nodemailer's messages quote the refused address: keep only its codes.
    const { code, responseCode, command } = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- nodemailer's responseCode is the SMTP reply's number
    const details = [code, responseCode && `SMTP ${String(responseCode)}`, command].filter((d) => typeof d === 'string' || typeof d === 'number');
    log.error(`[messages] email not sent (${details.join(', ') || 'unknown error'}); the submission is kept`);
    return false;
  }
}

/** Sends one text message; `false` (and a log line without personal data) when it could not be sent. */
export async function sendSms(to: string, text: string): Promise<boolean> {
  const e164 = normalisePhone(to);
  if (!e164) {
    log.error('[messages] text message not sent: the number is not a North-American number');
    return false;
  }
  try {
    await smsProvider.send({ to: e164, body: text });
    return true;
  } catch (error) {
    const detail = error instanceof SmsSendError ? `${error.message}${error.retryable ? ', retryable' : ''}` : `${smsProvider.name}: unexpected error`;
    log.error(`[messages] text message not sent (${detail}); the person can ask for a new code by signing again`);
    return false;
  }
}
