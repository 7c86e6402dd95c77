import type { Core } from '@strapi/strapi';
import { normalisePhone } from '@passerelle/shared/participation';
import { hmac } from '../crypto';

/**
 * Numbers that texted ARRET/STOP: nothing is sent to them any more, whatever asked for it — a
 * petition code, an RSVP, a promotion from the waiting list, a reply — until they text DEBUT/START.
 * Checked twice: when a message is queued (queueSms) and again when the worker is about to send it
 * (a message queued before the opt-out must not leave after it). Kept as the keyed hash the outbox
 * already uses for recipients, never the number, and left alone by a Law 25 erasure: erasing it
 * would make sending possible again, the opposite of what the person asked for.
 */
const uid = 'api::participation.sms-opt-out';

/** The same keyed hash as the outbox's `recipientHash('sms', …)` (written here to keep send.ts free of a cycle). */
export const optOutHash = (phone: string): string => hmac(`sms:${normalisePhone(phone) ?? phone}`);

export async function ensureOptOutIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(uid);
  const column = (meta.attributes.phoneHash as { columnName?: string }).columnName ?? 'phone_hash';
  await strapi.db.connection.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${meta.tableName}_phone_uq`, meta.tableName, column]);
}

export async function isOptedOut(strapi: Core.Strapi, phone: string): Promise<boolean> {
  return (await strapi.db.query(uid).count({ where: { phoneHash: optOutHash(phone) } })) > 0;
}

/** True when this call opted the number out (false: it already was), in the caller's transaction. */
export async function optOut(strapi: Core.Strapi, phone: string, now = Date.now()): Promise<boolean> {
  if (await isOptedOut(strapi, phone)) return false;
  await strapi.db.query(uid).create({ data: { phoneHash: optOutHash(phone), optedOutAtMs: now }, select: ['id'] });
  return true;
}

/** True when the number was opted out and no longer is. */
export async function optIn(strapi: Core.Strapi, phone: string): Promise<boolean> {
  const { count } = await strapi.db.query(uid).deleteMany({ where: { phoneHash: optOutHash(phone) } });
  return count > 0;
}
