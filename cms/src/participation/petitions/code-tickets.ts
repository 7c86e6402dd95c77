import type { Core } from '@strapi/strapi';
import type { Trx } from '../abuse';
import { newToken } from '../crypto';

/**
 * The SMS code page's ref. Every submission that typed a phone gets its own ticket — new signer,
 * returning signer, held back as suspect, over a re-send limit — with the same five tries and the
 * same 24 hours, so the page's answers to wrong codes never depend on what was on file or on
 * whether the submission was held back. A ticket points to a signature only when the phone typed
 * is that signature's own: then a right code confirms it and a wrong one also spends one of the
 * signature's guesses (signatures.ts), which a new ticket does not give back.
 */
const uid = 'api::participation.signature-code-ticket';
export const maxTicketAttempts = 5;
export const ticketLifetimeMs = 86_400_000;

function tableAndColumns(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  return { table: meta.tableName, column };
}

/** Re-run every boot. */
export async function ensureCodeTicketIndexes(strapi: Core.Strapi): Promise<void> {
  const { table, column } = tableAndColumns(strapi);
  const knex = strapi.db.connection;
  await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${table}_ref_uq`, table, column('ref')]);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${table}_expires_idx`, table, column('expiresAtMs')]);
}

/**
 * Creates a ticket in the caller's transaction; `ref` is given when the signature already has one
 * (a new signature's first page shares its codeRef). Expired tickets go at the same time: they
 * answer like unknown refs anyway, and nothing else ever needs them.
 */
export async function issueCodeTicket(
  strapi: Core.Strapi,
  ticket: { petitionDocumentId: string; signatureDocumentId: string | null; ref?: string },
  now: number,
): Promise<string> {
  const query = strapi.db.query(uid);
  await query.deleteMany({ where: { expiresAtMs: { $lt: now } } });
  const ref = ticket.ref ?? newToken(18);
  await query.create({
    data: { ref, petitionDocumentId: ticket.petitionDocumentId, signatureDocumentId: ticket.signatureDocumentId, attempts: 0, expiresAtMs: now + ticketLifetimeMs },
    select: ['id'],
  });
  return ref;
}

export type TicketUse =
  | { kind: 'unknown' }
  | { kind: 'locked'; petitionDocumentId: string }
  | { kind: 'spent'; petitionDocumentId: string; signatureDocumentId: string | null; attemptsLeft: number };

/**
 * Spends one try on a ticket, atomically (parallel guesses cannot exceed the limit). Unknown and
 * expired refs are the same to the caller: a page that no longer works.
 */
export async function spendTicketAttempt(strapi: Core.Strapi, trx: Trx, ref: string, now: number): Promise<TicketUse> {
  const { table, column } = tableAndColumns(strapi);
  const read = () =>
    trx(table)
      .where(column('ref'), ref)
      .first({
        attempts: column('attempts'),
        expiresAtMs: column('expiresAtMs'),
        petitionDocumentId: column('petitionDocumentId'),
        signatureDocumentId: column('signatureDocumentId'),
      }) as Promise<{ attempts: number | string; expiresAtMs: number | string; petitionDocumentId: string; signatureDocumentId: string | null } | undefined>;
  const before = await read();
  if (!before || Number(before.expiresAtMs) < now) return { kind: 'unknown' };
  const spent = await trx(table).where(column('ref'), ref).andWhere(column('attempts'), '<', maxTicketAttempts).increment(column('attempts'), 1);
  if (Number(spent) === 0) return { kind: 'locked', petitionDocumentId: String(before.petitionDocumentId) };
  // Re-read after our increment: we hold the row lock, so this is our attempt's exact number.
  const after = await read();
  return {
    kind: 'spent',
    petitionDocumentId: String(before.petitionDocumentId),
    signatureDocumentId: before.signatureDocumentId ?? null,
    attemptsLeft: maxTicketAttempts - Number(after?.attempts ?? maxTicketAttempts),
  };
}
