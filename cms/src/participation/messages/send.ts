import type { Core } from '@strapi/strapi';
import { appendToOutbox } from './outbox';

/**
 * The two ways the write path talks to residents. Emails go through Strapi's email plugin (SMTP
 * via nodemailer, or the dev outbox); text messages through `SmsProvider`, for which only the
 * outbox exists today — a real gateway (Twilio, Telnyx…) plugs in here without touching callers.
 */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

export async function sendEmail(strapi: Core.Strapi, message: EmailMessage): Promise<void> {
  await strapi.plugin('email').service('email').send(message);
}

export interface SmsProvider {
  send(to: string, text: string): Promise<void>;
}

export const outboxSmsProvider: SmsProvider = {
  async send(to, text) {
    appendToOutbox({ channel: 'sms', to, text });
  },
};

let smsProvider: SmsProvider = outboxSmsProvider;

export function setSmsProvider(provider: SmsProvider): void {
  smsProvider = provider;
}

export async function sendSms(to: string, text: string): Promise<void> {
  await smsProvider.send(to, text);
}
