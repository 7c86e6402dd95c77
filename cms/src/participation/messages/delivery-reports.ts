import type { Core } from '@strapi/strapi';

/**
 * What a provider said became of a text message, once its callback was verified
 * (delivery-callbacks.ts). Stand-in until the message outbox stores it: logs the provider's id
 * and the status only — never a number or a text.
 */
export interface DeliveryReport {
  provider: 'twilio' | 'telnyx';
  providerMessageId: string;
  status: 'delivered' | 'failed' | 'sent';
  errorCode?: string;
}

export async function recordDeliveryReport(report: DeliveryReport): Promise<void> {
  const log = (globalThis as { strapi?: Core.Strapi }).strapi?.log;
  const code = report.errorCode ? ` (code ${report.errorCode})` : '';
  log?.info(`[messages] delivery report: ${report.provider} ${report.providerMessageId} ${report.status}${code}`);
}
