import type { Core } from '@strapi/strapi';
import { normalisePhone } from '@passerelle/shared/participation';
import { deleteConversationsOf } from './conversation';
import { optOutHash } from './opt-outs';

/**
 * Law 25 erasure of what text messages in left about a number: its conversation and the records
 * of the messages it sent (ids and hashes), and what the phone line kept of its calls. Its opt-out stays, on purpose (opt-outs.ts).
 */
export async function eraseSmsTracesOf(strapi: Core.Strapi, phones: readonly string[]): Promise<number> {
  const hashes = [...new Set(phones.map((p) => normalisePhone(p)).filter((p): p is string => p !== null).map(optOutHash))];
  if (hashes.length === 0) return 0;
  const conversations = await deleteConversationsOf(strapi, hashes);
  const inbound = await strapi.db.query('api::participation.sms-inbound').deleteMany({ where: { senderHash: { $in: hashes } } });
  // The phone line keeps the caller's number under the same hash (voice/limits.ts).
  const calls = await strapi.db.query('api::participation.voice-action').deleteMany({ where: { callerHash: { $in: hashes } } });
  return conversations + inbound.count + calls.count;
}
