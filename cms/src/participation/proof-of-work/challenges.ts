import type { Core } from '@strapi/strapi';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib';
import { z } from 'zod';
import { participationConfig } from '../config';
import { isUniqueViolation } from '../petitions/signatures';

/**
 * ALTCHA proof of work (protocol v1: find n ≤ maxNumber with SHA-256(salt + n) = challenge), an
 * optional extra on the petition form when JavaScript runs. A solved, unexpired challenge that was
 * never presented before stands in for the per-IP rate limit: many people rightly sign from one
 * address (a community centre, a library), and each of them paid a second of CPU instead.
 * Anything else — absent, garbage, forged, expired, replayed — counts as "no proof": the rate
 * limits apply as they do without JavaScript, and the person never sees an error for it.
 */
const uid = 'api::participation.proof-of-work-use';

export interface IssuedChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

export async function issueChallenge(now = Date.now()): Promise<IssuedChallenge> {
  const { hmacKey, maxNumber, expiresMs } = participationConfig().proofOfWork;
  const issued = await createChallenge({ hmacKey, maxNumber, expires: new Date(now + expiresMs) });
  return { algorithm: issued.algorithm, challenge: issued.challenge, maxnumber: maxNumber, salt: issued.salt, signature: issued.signature };
}

/** The widget's payload: base64 of this JSON. Strict shapes before any hashing. */
const payloadSchema = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: z.string().regex(/^[0-9a-f]{64}$/),
  number: z.number().int().nonnegative(),
  salt: z.string().min(1).max(200),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
type Payload = z.infer<typeof payloadSchema>;

export function parsePayload(field: string | undefined): Payload | null {
  if (!field || field.length > 1000 || !/^[A-Za-z0-9+/]+={0,2}$/.test(field)) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(field, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Seconds since the epoch from the signed salt; a challenge without one is never ours. */
function expiresAtMs(payload: Payload): number | null {
  const expires = Number(extractParams(payload).expires);
  return Number.isSafeInteger(expires) && expires > 0 ? expires * 1000 : null;
}

/**
 * True once per valid solution. The spent challenge goes into the database, not memory, so a
 * solution replayed against another CMS instance is refused too; the unique index decides races.
 */
export async function spendProofOfWork(strapi: Core.Strapi, field: string | undefined, now = Date.now()): Promise<boolean> {
  const payload = parsePayload(field);
  if (!payload) return false;
  const expiresAt = expiresAtMs(payload);
  if (expiresAt === null || expiresAt <= now) return false;
  const { hmacKey, maxNumber } = participationConfig().proofOfWork;
  if (payload.number > maxNumber) return false;
  if (!(await verifySolution(payload, hmacKey, true))) return false;

  const query = strapi.db.query(uid);
  await query.deleteMany({ where: { expiresAtMs: { $lt: now } } });
  try {
    await query.create({ data: { challenge: payload.challenge, expiresAtMs: expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Re-run every boot: the replay guard is this index. */
export async function ensureProofOfWorkIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const knex = strapi.db.connection;
  await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${meta.tableName}_challenge_uq`, meta.tableName, column('challenge')]);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${meta.tableName}_expires_idx`, meta.tableName, column('expiresAtMs')]);
}
