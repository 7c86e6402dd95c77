import { appendToOutbox } from './outbox';

/**
 * A provider for Strapi's email plugin that keeps messages in the dev outbox instead of sending
 * them. Installed at bootstrap in development and tests when SMTP_HOST is not set
 * (cms/config/plugins.ts picks nodemailer when it is; elsewhere the boot requires SMTP_HOST), so
 * every email of the app goes through `strapi.plugin('email')` either way.
 */
interface SendOptions {
  to: string;
  subject?: string;
  text?: string;
  html?: string;
  attachments?: Array<{ filename: string; content: string | Buffer; contentType?: string }>;
}

export const outboxEmailProvider = {
  async send(options: SendOptions): Promise<void> {
    appendToOutbox({
      channel: 'email',
      to: options.to,
      subject: options.subject ?? '',
      text: options.text ?? options.html ?? '',
      attachments: (options.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType ?? 'application/octet-stream',
        content: Buffer.isBuffer(a.content) ? a.content.toString('utf8') : a.content,
      })),
    });
  },
};
