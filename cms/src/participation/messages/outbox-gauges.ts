import type { Core } from '@strapi/strapi';
import { registerGauge } from '../../operations/metrics';
import { outboxTable } from './claim';

/**
 * What operators watch on the outbox: how many messages wait, how long the oldest has waited
 * (a provider down shows here before residents call), and how many gave up. Counts only.
 */
export function registerOutboxGauges(strapi: Core.Strapi): void {
  const waiting = () => {
    const { table, column } = outboxTable(strapi);
    return strapi.db.connection(table).whereIn(column('deliveryStatus'), ['pending', 'sending']);
  };
  registerGauge(strapi, 'passerelle_outbox_depth', 'Messages waiting to be sent (pending or being sent)', async () => {
    const row = (await waiting().count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  });
  registerGauge(strapi, 'passerelle_outbox_oldest_age_seconds', 'Age of the oldest message waiting to be sent, 0 when none', async () => {
    const { column } = outboxTable(strapi);
    // A notice held back on purpose (fold.ts: never tried, not due yet) is not late: it would
    // raise this alarm for ten minutes after every burst of changes in the space.
    const held = (q: any) => q.where(column('deliveryStatus'), 'pending').andWhere(column('attempts'), 0).andWhere(column('nextAttemptAtMs'), '>', Date.now());
    const row = (await waiting().whereNot(held).min({ oldest: column('queuedAtMs') }).first()) as { oldest: number | string | null } | undefined;
    const oldest = row?.oldest == null ? null : Number(row.oldest);
    return oldest === null ? 0 : Math.max(0, (Date.now() - oldest) / 1000);
  });
  registerGauge(strapi, 'passerelle_outbox_dead', 'Messages that gave up after their last try (listed for OCs in the admin)', async () => {
    const { table, column } = outboxTable(strapi);
    const row = (await strapi.db.connection(table).where(column('deliveryStatus'), 'dead').count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  });
}
