import type { Core } from '@strapi/strapi';
import type { RateLimitSource, Trx } from '../abuse';
import { participationConfig } from '../config';

/**
 * Re-sent confirmations. Signing again with a known email or phone adds no signature row, yet it
 * sends a message to a contact nobody has proven is theirs: each one is recorded here, so it counts
 * against the sender's address like a signature does (`resendRateLimitSource`), and at most
 * `maxResendsPerDay` messages a day go to any one signature, however many addresses ask.
 */
const uid = 'api::participation.signature-resend';
export const maxResendsPerDay = 3;
const dayMs = 86_400_000;

export type ResendOutcome = 'sent' | 'over-signature-limit' | 'over-rate-limit' | 'nothing-to-send';

function tableAndColumns(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  return { table: meta.tableName, column };
}

/** Re-run every boot: one index per question asked of this table. */
export async function ensureResendIndexes(strapi: Core.Strapi): Promise<void> {
  const { table, column } = tableAndColumns(strapi);
  const knex = strapi.db.connection;
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??, ??)`, [`${table}_rate_idx`, table, column('petitionDocumentId'), column('ipHash'), column('submittedAtMs')]);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??)`, [`${table}_signature_idx`, table, column('signatureDocumentId'), column('submittedAtMs')]);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${table}_at_idx`, table, column('submittedAtMs')]);
}

/**
 * Every re-send asked for counts against its address, sent or not, proof of work or not: a proof
 * of work exempts a new signature because many people rightly sign from one address, but many
 * re-sends from one address is not something people do, and each is a message to a stranger.
 */
export function resendRateLimitSource(petitionDocumentId: string): RateLimitSource {
  return { uid, item: { petitionDocumentId } };
}

/** Messages actually sent to this signature in the last 24 hours (refused asks do not count). */
export async function resendsSentToday(strapi: Core.Strapi, trx: Trx, signatureDocumentId: string, now: number): Promise<number> {
  const { table, column } = tableAndColumns(strapi);
  const row = (await trx(table)
    .where(column('signatureDocumentId'), signatureDocumentId)
    .andWhere(column('submittedAtMs'), '>', now - dayMs)
    .andWhere(column('resendOutcome'), 'sent')
    .count({ n: '*' })
    .first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * Records one re-send, in the caller's transaction. Rows older than every limit they count in are
 * removed at the same time: they hold an address hash and nothing else ever reads them.
 */
export async function recordResend(
  strapi: Core.Strapi,
  resend: { petitionDocumentId: string; signatureDocumentId: string; ipHash: string; outcome: ResendOutcome },
  now: number,
): Promise<void> {
  const keepMs = Math.max(dayMs, ...participationConfig().rateLimits.map((l) => l.windowMs));
  const query = strapi.db.query(uid);
  await query.deleteMany({ where: { submittedAtMs: { $lt: now - keepMs } } });
  await query.create({
    data: {
      petitionDocumentId: resend.petitionDocumentId,
      signatureDocumentId: resend.signatureDocumentId,
      ipHash: resend.ipHash,
      submittedAtMs: now,
      resendOutcome: resend.outcome,
    },
    select: ['id'],
  });
}
