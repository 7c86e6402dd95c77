import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { outboxTable } from './claim';

/**
 * What a provider's delivery callback says about a message it accepted: found by the provider's
 * own message id (stored when the worker sent it). The callback routes verify the provider's
 * signature before calling this.
 *
 * A report never moves a message backwards: `delivered` is final, and a late `sent` after
 * `delivered` or `failed` changes nothing. `failed` after `delivered` is ignored too (reports can
 * arrive out of order).
 */
export const deliveryReportSchema = z.object({
  provider: z.string().min(1).max(32),
  providerMessageId: z.string().min(1).max(128),
  status: z.enum(['delivered', 'failed', 'sent']),
  /** The provider's error code (e.g. Twilio's 30003): codes only, never its text. */
  errorCode: z.union([z.string().max(64), z.number()]).optional(),
});
export type DeliveryReport = z.input<typeof deliveryReportSchema>;

/** `true` when a message with that provider id exists (changed or already further along). */
export async function recordDeliveryReport(strapi: Core.Strapi, report: DeliveryReport): Promise<boolean> {
  const { provider, providerMessageId, status, errorCode } = deliveryReportSchema.parse(report);
  // The provider's id and the status only: never a number or a text.
  strapi.log.info(`[messages] delivery report: ${provider} ${providerMessageId} ${status}${errorCode === undefined ? '' : ` (code ${String(errorCode)})`}`);
  const { table, column } = outboxTable(strapi);
  const knex = strapi.db.connection;
  const row = knex(table).where(column('providerName'), provider).andWhere(column('providerMessageId'), providerMessageId);
  const found = (await row.clone().first('id')) as { id: number } | undefined;
  if (!found) return false;
  // Only from a state the report may follow.
  const from = status === 'delivered' ? ['sending', 'sent', 'failed'] : ['sending', 'sent'];
  if (status === 'sent') return true;
  await knex(table)
    .where('id', found.id)
    .whereIn(column('deliveryStatus'), from)
    .update({
      [column('deliveryStatus')]: status,
      ...(status === 'delivered' ? { [column('deliveredAt')]: new Date() } : {}),
      ...(status === 'failed' ? { [column('lastError')]: `${provider}: delivery failed${errorCode === undefined ? '' : `, code ${String(errorCode)}`}`.slice(0, 200) } : {}),
    });
  return true;
}
