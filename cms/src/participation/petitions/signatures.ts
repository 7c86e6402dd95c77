import type { Core } from '@strapi/strapi';
import { canonicalEmail, type PetitionSignatureInput } from '../../generated/participation';
import { overRateLimits } from '../abuse';
import { hmac, newDocumentId, newSmsCode, newToken, safeEqualHex, sha256 } from '../crypto';
import type { PetitionTarget } from './petition-lookup';

/**
 * Signatures: stored pending, counted once confirmed (email link or SMS code), one per petition per
 * canonical email or phone. Every write happens in one transaction; the unique indexes on
 * emailKey/phoneKey (ensureSignatureIndexes) make "one per person" hold under concurrency too.
 */
const uid = 'api::participation.signature';
export const tokenLifetimeMs = 7 * 86_400_000;
export const codeLifetimeMs = 86_400_000;
export const maxCodeAttempts = 5;

export interface IssuedSecrets {
  token: string;
  ref: string;
  code: string;
}

export type SignOutcome =
  | { kind: 'pending'; secrets: IssuedSecrets; email: string | null; phone: string | null; name: string }
  | { kind: 'suspect'; ref: string | null };

function issue(now: number) {
  const secrets: IssuedSecrets = { token: newToken(), ref: newToken(18), code: newSmsCode() };
  return {
    secrets,
    columns: {
      confirmTokenHash: sha256(secrets.token),
      tokenExpiresAtMs: now + tokenLifetimeMs,
      codeRef: secrets.ref,
      codeHash: hmac(`${secrets.ref}:${secrets.code}`),
      codeAttempts: 0,
      codeExpiresAtMs: now + codeLifetimeMs,
    },
  };
}

function tableAndColumns(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  return { table: meta.tableName, column };
}

/** Unique per person and petition; NULLs (no email, suspect rows) never collide. Re-run every boot. */
export async function ensureSignatureIndexes(strapi: Core.Strapi): Promise<void> {
  const { table, column } = tableAndColumns(strapi);
  const knex = strapi.db.connection;
  for (const attribute of ['emailKey', 'phoneKey', 'confirmTokenHash', 'codeRef']) {
    const col = column(attribute);
    await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)`, [`${table}_${col}_uq`, table, col]);
  }
  const ratePetition = column('petitionDocumentId');
  await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??, ??)`, [
    `${table}_rate_idx`,
    table,
    ratePetition,
    column('ipHash'),
    column('submittedAtMs'),
  ]);
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export async function recordSignature(
  strapi: Core.Strapi,
  petition: PetitionTarget,
  input: PetitionSignatureInput,
  ipHash: string,
  checkedBy: SignatureCheck = 'ip-rate-limit',
  now = Date.now(),
): Promise<SignOutcome> {
  try {
    // Most submissions are a new person: insert straight away and let the unique indexes on
    // emailKey/phoneKey say otherwise, rather than looking first every time.
    return await recordSignatureOnce(strapi, petition, input, ipHash, checkedBy, now, 'insert');
  } catch (error) {
    // The same person signed before (or two of their submissions raced): the insert hit a unique
    // index and its transaction was rolled back. Run again, looking the person up first, and
    // re-send to the contact already on file instead of adding a row.
    if (!isUniqueViolation(error)) throw error;
    return recordSignatureOnce(strapi, petition, input, ipHash, checkedBy, now, 'look-up-first');
  }
}

/**
 * How a submission was screened, kept on the row for audit: by the per-IP rate limits, or by a
 * spent ALTCHA proof of work, which replaces those limits (proof-of-work/challenges.ts says why).
 */
export type SignatureCheck = 'ip-rate-limit' | 'proof-of-work';

async function recordSignatureOnce(
  strapi: Core.Strapi,
  petition: PetitionTarget,
  input: PetitionSignatureInput,
  ipHash: string,
  checkedBy: SignatureCheck,
  now: number,
  mode: 'insert' | 'look-up-first',
): Promise<SignOutcome> {
  return strapi.db.transaction(async (): Promise<SignOutcome> => {
    const query = strapi.db.query(uid);
    const base = {
      petitionDocumentId: petition.documentId,
      petitionSlug: petition.slug,
      name: input.name,
      postalCode: input.postalCode,
      email: input.email,
      phone: input.phone,
      wantsUpdates: input.updates,
      language: input.locale,
      ipHash,
      submittedAtMs: now,
      checkedBy,
    };
    // Rows a proof of work paid for do not count towards an address's limits.
    const overLimit =
      checkedBy === 'ip-rate-limit' &&
      (await overRateLimits(strapi, uid, { petitionDocumentId: petition.documentId }, ipHash, now, (q, column) =>
        q.whereNull(column('checkedBy')).orWhere(column('checkedBy'), 'ip-rate-limit'),
      ));
    const suspectReason = input.website ? 'honeypot' : overLimit ? 'rate-limit' : null;
    if (suspectReason) {
      // Kept for review, never counted, no message sent; the person sees the usual next page.
      const ref = input.phone ? newToken(18) : null;
      await query.create({ data: { ...base, documentId: newDocumentId(), signatureStatus: 'suspect', suspectReason, codeRef: ref }, select: ['id'] });
      return { kind: 'suspect', ref };
    }

    const emailKey = input.email ? `${petition.documentId}:${canonicalEmail(input.email)}` : null;
    const phoneKey = input.phone ? `${petition.documentId}:${input.phone}` : null;
    const { secrets, columns } = issue(now);
    if (mode === 'look-up-first') {
      const keys = [emailKey ? { emailKey } : null, phoneKey ? { phoneKey } : null].filter((k) => k !== null);
      const existing = (await query.findOne({ where: { $or: keys } })) as Record<string, any> | null;
      if (existing) {
        // The same person again: no duplicate; a fresh link/code goes to the contact already on file.
        await query.update({ where: { id: existing.id }, data: columns, select: ['id'] });
        return { kind: 'pending', secrets, email: existing.email ?? null, phone: existing.phone ?? null, name: existing.name ?? input.name };
      }
    }
    await query.create({
      data: { ...base, ...columns, documentId: newDocumentId(), emailKey, phoneKey, signatureStatus: 'pending' },
      select: ['id'],
    });
    return { kind: 'pending', secrets, email: input.email, phone: input.phone, name: input.name };
  });
}

export type ConfirmOutcome =
  | { kind: 'confirmed' | 'already-confirmed'; petitionDocumentId: string; language: 'fr' | 'en' }
  | { kind: 'invalid' }
  | { kind: 'wrong-code'; attemptsLeft: number }
  | { kind: 'locked' };

/** Looks the token up without changing anything: the GET page behind the email link. */
export async function findByToken(strapi: Core.Strapi, token: string, now = Date.now()) {
  const row = (await strapi.db.query(uid).findOne({ where: { confirmTokenHash: sha256(token) } })) as Record<string, any> | null;
  if (!row || row.signatureStatus === 'suspect') return null;
  if (row.signatureStatus === 'pending' && Number(row.tokenExpiresAtMs) < now) return null;
  return { petitionDocumentId: String(row.petitionDocumentId), language: row.language === 'en' ? ('en' as const) : ('fr' as const) };
}

export async function confirmByToken(strapi: Core.Strapi, token: string, now = Date.now()): Promise<ConfirmOutcome> {
  return strapi.db.transaction(async (): Promise<ConfirmOutcome> => {
    const query = strapi.db.query(uid);
    const row = (await query.findOne({ where: { confirmTokenHash: sha256(token) } })) as Record<string, any> | null;
    if (!row || row.signatureStatus === 'suspect') return { kind: 'invalid' };
    const found = { petitionDocumentId: String(row.petitionDocumentId), language: row.language === 'en' ? ('en' as const) : ('fr' as const) };
    if (row.signatureStatus === 'confirmed') return { kind: 'already-confirmed', ...found };
    if (Number(row.tokenExpiresAtMs) < now) return { kind: 'invalid' };
    await query.update({ where: { id: row.id }, data: { signatureStatus: 'confirmed', confirmedAt: new Date(now), confirmedBy: 'email' }, select: ['id'] });
    return { kind: 'confirmed', ...found };
  });
}

export async function findByCodeRef(strapi: Core.Strapi, ref: string): Promise<{ phone: string | null; hasEmail: boolean } | null> {
  const row = (await strapi.db.query(uid).findOne({ where: { codeRef: ref }, select: ['phone', 'email'] })) as Record<string, any> | null;
  return row ? { phone: row.phone ?? null, hasEmail: Boolean(row.email) } : null;
}

export async function confirmByCode(strapi: Core.Strapi, ref: string, code: string, now = Date.now()): Promise<ConfirmOutcome> {
  return strapi.db.transaction(async ({ trx }): Promise<ConfirmOutcome> => {
    const query = strapi.db.query(uid);
    const row = (await query.findOne({ where: { codeRef: ref } })) as Record<string, any> | null;
    if (!row) return { kind: 'invalid' };
    const found = { petitionDocumentId: String(row.petitionDocumentId), language: row.language === 'en' ? ('en' as const) : ('fr' as const) };
    if (row.signatureStatus === 'confirmed') return { kind: 'already-confirmed', ...found };
    // One attempt is spent atomically before comparing, so parallel guesses cannot exceed the limit.
    const { table, column } = tableAndColumns(strapi);
    const spent = await trx(table)
      .where('id', row.id)
      .andWhere(column('codeAttempts'), '<', maxCodeAttempts)
      .increment(column('codeAttempts'), 1);
    if (Number(spent) === 0) return { kind: 'locked' };
    if (Number(row.codeExpiresAtMs ?? 0) < now || !row.codeHash) return { kind: 'invalid' };
    if (row.signatureStatus !== 'pending' || !safeEqualHex(hmac(`${ref}:${code}`), String(row.codeHash))) {
      // Re-read after our increment: we hold the row lock, so this is our attempt's exact number.
      const after = await trx(table).where('id', row.id).first(column('codeAttempts'));
      const left = maxCodeAttempts - Number(after?.[column('codeAttempts')] ?? maxCodeAttempts);
      return left > 0 ? { kind: 'wrong-code', attemptsLeft: left } : { kind: 'locked' };
    }
    await query.update({ where: { id: row.id }, data: { signatureStatus: 'confirmed', confirmedAt: new Date(now), confirmedBy: 'sms' }, select: ['id'] });
    return { kind: 'confirmed', ...found };
  });
}

/** Confirmed signatures per petition documentId, in one grouped query. */
export async function confirmedCounts(strapi: Core.Strapi): Promise<Map<string, number>> {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const rows = (await strapi.db
    .connection(meta.tableName)
    .select({ petition: column('petitionDocumentId') })
    .count({ n: '*' })
    .where(column('signatureStatus'), 'confirmed')
    .groupBy(column('petitionDocumentId'))) as Array<{ petition: string; n: number | string }>;
  return new Map(rows.map((r) => [String(r.petition), Number(r.n)]));
}

export async function confirmedCount(strapi: Core.Strapi, petitionDocumentId: string): Promise<number> {
  return Number(await strapi.db.query(uid).count({ where: { petitionDocumentId, signatureStatus: 'confirmed' } }));
}
