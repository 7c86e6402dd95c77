import type { Core } from '@strapi/strapi';
import { withLimitLock, type LimitLock } from '../limit-lock';
import { isUniqueViolation } from '../petitions/signatures';
import { optOutHash } from '../sms/opt-outs';

/**
 * What the phone line remembers, and only to hold its limits: each call, each item sent by text
 * and each registration, as a key (`call:twilio:CA…`, `text:twilio:CA…:<document>`) and the
 * caller's keyed hash — the one opt-outs and the outbox use, never the number. The retention job
 * deletes the records after a day; a Law 25 erasure deletes a number's at once (sms/erase.ts).
 *
 * Caller ID can be forged, so these limits are per number: whoever borrows a number cannot make
 * the line text it or register it more than VOICE_ACTIONS_PER_HOUR times an hour.
 */
const uid = 'api::participation.voice-action';
const hourMs = 60 * 60 * 1000;

export type VoiceActionKind = 'call' | 'text' | 'register';

export async function ensureVoiceIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const knex = strapi.db.connection;
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${meta.tableName}_key_uq`, meta.tableName, column('actionKey')]);
  await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??, ??)', [`${meta.tableName}_caller_idx`, meta.tableName, column('callerHash'), column('actionKind'), column('atMs')]);
}

export const callerHash = (from: string): string => optOutHash(from);

export async function hasAction(strapi: Core.Strapi, key: string): Promise<boolean> {
  return (await strapi.db.query(uid).count({ where: { actionKey: key } })) > 0;
}

export async function actionsWithinHour(strapi: Core.Strapi, hash: string, kind: VoiceActionKind, now: number): Promise<number> {
  return strapi.db.query(uid).count({ where: { callerHash: hash, actionKind: kind, atMs: { $gt: now - hourMs } } });
}

/**
 * Thrown where an action is recorded when the number's actions of that kind for the hour ran out
 * meanwhile (a burst of simultaneous calls): the transaction it runs in is undone, text or
 * registration included, and the caller is told the number made enough requests.
 */
export class ActionsRanOut extends Error {}

/**
 * The number's lock for one kind of action, by its keyed hash (never the number): simultaneous
 * calls of one number count their actions one after the other
 * (docs/decisions/0051-public-limits-hold-under-bursts.md).
 */
const callerLock = (hash: string, kind: VoiceActionKind): LimitLock => ({ key: `voice:${kind}:${hash}` });

async function create(strapi: Core.Strapi, key: string, kind: VoiceActionKind, hash: string, now: number): Promise<void> {
  await strapi.db.query(uid).create({ data: { actionKey: key, actionKind: kind, callerHash: hash, atMs: now }, select: ['id'] });
}

/**
 * Records an action in the caller's transaction, counted under the number's lock: false when this
 * key was recorded already (pressed again in the same call), `ActionsRanOut` thrown when the
 * number already made `perHour` of this kind within the hour.
 */
export async function recordLimitedAction(strapi: Core.Strapi, key: string, kind: VoiceActionKind, hash: string, perHour: number, now: number): Promise<boolean> {
  return withLimitLock(strapi, [callerLock(hash, kind)], async () => {
    if (await hasAction(strapi, key)) return false;
    if ((await actionsWithinHour(strapi, hash, kind, now)) >= perHour) throw new ActionsRanOut();
    await create(strapi, key, kind, hash, now);
    return true;
  });
}

/**
 * The call is let in: a call seen before always is (its caller is mid-menu); a new one only while
 * its number made fewer than `perHour` calls in the last hour, counted under the number's lock.
 */
export async function admitCall(strapi: Core.Strapi, key: string, hash: string, perHour: number, now: number): Promise<boolean> {
  if (await hasAction(strapi, key)) return true;
  // Read first without a lock: a number over its limit is turned away here.
  if ((await actionsWithinHour(strapi, hash, 'call', now)) >= perHour) return false;
  try {
    return await withLimitLock(strapi, [callerLock(hash, 'call')], async () => {
      if (await hasAction(strapi, key)) return true;
      if ((await actionsWithinHour(strapi, hash, 'call', now)) >= perHour) return false;
      await create(strapi, key, 'call', hash, now);
      return true;
    });
  } catch (error) {
    // The provider retried the first request while it was being answered: the same call.
    if (!isUniqueViolation(error)) throw error;
    return true;
  }
}
