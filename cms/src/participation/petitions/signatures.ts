import type { Core } from '@strapi/strapi';
import { canonicalEmail, type PetitionSignatureInput } from '@passerelle/shared/participation';
import { overRateLimitsAcross, type RateLimitSource, type Trx } from '../abuse';
import { hmac, newDocumentId, newSmsCode, newToken, safeEqualHex, sha256 } from '../crypto';
import { ensureCodeTicketIndexes, issueCodeTicket, spendTicketAttempt } from './code-tickets';
import type { PetitionTarget } from './petition-lookup';
import { ensureResendIndexes, maxResendsPerDay, recordResend, resendRateLimitSource, resendsSentToday, type ResendOutcome } from './resends';

/**
 * Signatures: stored pending, counted once confirmed (email link or SMS code), one per petition per
 * canonical email or phone. Every write happens in one transaction; the unique indexes on
 * emailKey/phoneKey (ensureSignatureIndexes) make "one per person" hold under concurrency too.
 *
 * What a submission leads to never depends on what the database already knew: the caller picks
 * the next page from what was typed, and this module only decides which messages go where —
 * always to contacts on file, only on the channels that were typed, within the re-send limits.
 */
const uid = 'api::participation.signature';
export const tokenLifetimeMs = 7 * 86_400_000;
export const codeLifetimeMs = 86_400_000;
/** Wrong codes a signature takes, over all its code pages together: a new code brings no new tries. */
export const maxCodeAttempts = 5;

/** One message to queue in the same transaction (messages.ts), to contacts taken from the row on file. */
export interface OutgoingMessage {
  kind: 'confirm' | 'already-signed';
  /** The signature it is about: a new code or link supersedes one still waiting to be sent. */
  signatureDocumentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** The email link's token, when an email goes out for a pending signature. */
  token: string | null;
  /** The SMS code, when a text goes out for a pending signature. */
  code: string | null;
}

export interface SignOutcome {
  kind: 'pending' | 'resend' | 'suspect';
  /** Why a submission was held back (for the metrics; the answer is the same). */
  suspectReason?: 'honeypot' | 'rate-limit';
  /** The code page's ticket whenever a phone was typed, whatever happened (code-tickets.ts). */
  ref: string | null;
  messages: OutgoingMessage[];
}

/** The code's hash is salted by the signature's own codeRef, so it holds for every ticket. */
const codeHashFor = (codeRef: string, code: string) => hmac(`${codeRef}:${code}`);

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
  // Code pages find their signature by documentId: Strapi's own `<table>_documents_idx` starts with it.
  await ensureCodeTicketIndexes(strapi);
  await ensureResendIndexes(strapi);
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
  /** Runs inside the transaction with its outcome: the messages are queued with the rows, or not at all. */
  queueMessages: (outcome: SignOutcome) => Promise<void> = async () => {},
): Promise<SignOutcome> {
  try {
    // Most submissions are a new person: insert straight away and let the unique indexes on
    // emailKey/phoneKey say otherwise, rather than looking first every time.
    return await recordSignatureOnce(strapi, petition, input, ipHash, checkedBy, now, 'insert', queueMessages);
  } catch (error) {
    // The same email or phone signed before (or two submissions raced): the insert hit a unique
    // index and its transaction was rolled back. Run again, looking the signature up first: this
    // is a re-send, not a new row.
    if (!isUniqueViolation(error)) throw error;
    return recordSignatureOnce(strapi, petition, input, ipHash, checkedBy, now, 'look-up-first', queueMessages);
  }
}

/**
 * How a submission was screened, kept on the row for audit: by the per-IP rate limits, or by a
 * spent ALTCHA proof of work, which replaces those limits (proof-of-work/challenges.ts says why).
 */
export type SignatureCheck = 'ip-rate-limit' | 'proof-of-work';

/**
 * What counts against an address on a petition: signatures screened by the rate limits (rows a
 * proof of work paid for do not count) and every re-send asked for.
 */
function submissionSources(petition: PetitionTarget): RateLimitSource[] {
  return [
    {
      uid,
      item: { petitionDocumentId: petition.documentId },
      narrow: (q, column) => q.whereNull(column('checkedBy')).orWhere(column('checkedBy'), 'ip-rate-limit'),
    },
    resendRateLimitSource(petition.documentId),
  ];
}

async function recordSignatureOnce(
  strapi: Core.Strapi,
  petition: PetitionTarget,
  input: PetitionSignatureInput,
  ipHash: string,
  checkedBy: SignatureCheck,
  now: number,
  mode: 'insert' | 'look-up-first',
  queueMessages: (outcome: SignOutcome) => Promise<void>,
): Promise<SignOutcome> {
  return strapi.db.transaction(async ({ trx }): Promise<SignOutcome> => {
    const outcome = await writeSignature(strapi, trx, petition, input, ipHash, checkedBy, now, mode);
    await queueMessages(outcome);
    return outcome;
  });
}

async function writeSignature(
  strapi: Core.Strapi,
  trx: Trx,
  petition: PetitionTarget,
  input: PetitionSignatureInput,
  ipHash: string,
  checkedBy: SignatureCheck,
  now: number,
  mode: 'insert' | 'look-up-first',
): Promise<SignOutcome> {
  const query = strapi.db.query(uid);
  const emailKey = input.email ? `${petition.documentId}:${canonicalEmail(input.email)}` : null;
  const phoneKey = input.phone ? `${petition.documentId}:${input.phone}` : null;
  // A filled honeypot is never a re-send: it is stored as suspect below like any other.
  if (mode === 'look-up-first' && !input.website) {
    const keys = [emailKey ? { emailKey } : null, phoneKey ? { phoneKey } : null].filter((k) => k !== null);
    const known = (await query.findMany({ where: { $or: keys }, limit: 2 })) as Array<Record<string, any>>;
    if (known.length > 0) return resend(strapi, trx, petition, input, ipHash, { emailKey, phoneKey }, known, now);
  }

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
  const overLimit = checkedBy === 'ip-rate-limit' && (await overRateLimitsAcross(strapi, submissionSources(petition), ipHash, now));
  const suspectReason = input.website ? 'honeypot' : overLimit ? 'rate-limit' : null;
  if (suspectReason) {
    // Kept for review, never counted, no message sent. A typed phone still gets a code page,
    // whose ticket points to no signature: its answers are those of any other ticket.
    const ref = input.phone ? await issueCodeTicket(strapi, { petitionDocumentId: petition.documentId, signatureDocumentId: null }, now) : null;
    await query.create({ data: { ...base, documentId: newDocumentId(), signatureStatus: 'suspect', suspectReason, codeRef: ref }, select: ['id'] });
    return { kind: 'suspect', suspectReason, ref, messages: [] };
  }

  const documentId = newDocumentId();
  const token = input.email ? newToken() : null;
  // Only a typed phone needs a code; an email-only signature keeps no code secret at all.
  const code = input.phone ? { ref: newToken(18), value: newSmsCode() } : null;
  await query.create({
    data: {
      ...base,
      documentId,
      emailKey,
      phoneKey,
      signatureStatus: 'pending',
      confirmTokenHash: token ? sha256(token) : null,
      tokenExpiresAtMs: token ? now + tokenLifetimeMs : null,
      codeRef: code?.ref ?? null,
      codeHash: code ? codeHashFor(code.ref, code.value) : null,
      codeAttempts: 0,
      codeExpiresAtMs: code ? now + codeLifetimeMs : null,
    },
    select: ['id'],
  });
  if (code) await issueCodeTicket(strapi, { petitionDocumentId: petition.documentId, signatureDocumentId: documentId, ref: code.ref }, now);
  return {
    kind: 'pending',
    ref: code?.ref ?? null,
    messages: [{ kind: 'confirm', signatureDocumentId: documentId, name: input.name, email: input.email, phone: input.phone, token, code: code?.value ?? null }],
  };
}

/**
 * Someone typed an email or phone that already signed. Each signature it matches may get one
 * message, on the channels typed, to the contact on file, greeting the name on file: a stranger
 * typing someone's email can neither learn their phone nor text it, nor put words in the message.
 */
async function resend(
  strapi: Core.Strapi,
  trx: Trx,
  petition: PetitionTarget,
  input: PetitionSignatureInput,
  ipHash: string,
  keys: { emailKey: string | null; phoneKey: string | null },
  known: Array<Record<string, any>>,
  now: number,
): Promise<SignOutcome> {
  const emailRow = keys.emailKey ? known.find((row) => row.emailKey === keys.emailKey) : undefined;
  const phoneRow = keys.phoneKey ? known.find((row) => row.phoneKey === keys.phoneKey) : undefined;
  const ref = input.phone
    ? await issueCodeTicket(strapi, { petitionDocumentId: petition.documentId, signatureDocumentId: phoneRow ? String(phoneRow.documentId) : null }, now)
    : null;
  const overLimit = await overRateLimitsAcross(strapi, submissionSources(petition), ipHash, now);
  const messages: OutgoingMessage[] = [];
  for (const row of new Set([emailRow, phoneRow].filter((r) => r !== undefined))) {
    const outcome: ResendOutcome = overLimit
      ? 'over-rate-limit'
      : await resendTo(strapi, trx, row, { email: row === emailRow, sms: row === phoneRow }, now, messages);
    await recordResend(strapi, { petitionDocumentId: petition.documentId, signatureDocumentId: String(row.documentId), ipHash, outcome }, now);
  }
  return { kind: 'resend', ref, messages };
}

async function resendTo(
  strapi: Core.Strapi,
  trx: Trx,
  found: Record<string, any>,
  channels: { email: boolean; sms: boolean },
  now: number,
  messages: OutgoingMessage[],
): Promise<ResendOutcome> {
  const { table } = tableAndColumns(strapi);
  // Lock the signature before counting its re-sends, so simultaneous ones count one after the
  // other on PostgreSQL (knex drops FOR UPDATE on SQLite, whose one connection already does),
  // then read it again: another transaction may have confirmed it or spent its guesses meanwhile.
  await trx(table).where('id', found.id).forUpdate().first('id');
  const row = (await strapi.db.query(uid).findOne({ where: { id: found.id } })) as Record<string, any> | null;
  if (!row) return 'nothing-to-send';
  if ((await resendsSentToday(strapi, trx, String(row.documentId), now)) >= maxResendsPerDay) return 'over-signature-limit';
  const email = channels.email && row.email ? String(row.email) : null;
  const phone = channels.sms && row.phone ? String(row.phone) : null;
  const name = String(row.name ?? '');

  if (row.signatureStatus === 'confirmed') {
    // Probably someone who forgot they signed: a short "already counted", still a re-send.
    messages.push({ kind: 'already-signed', signatureDocumentId: String(row.documentId), name, email, phone, token: null, code: null });
    return 'sent';
  }
  const data: Record<string, unknown> = {};
  const token = email ? newToken() : null;
  if (token) Object.assign(data, { confirmTokenHash: sha256(token), tokenExpiresAtMs: now + tokenLifetimeMs });
  // No new code once the signature's guesses are spent: it could not be used (the code page's
  // lock-out says what to do instead). The attempt counter itself is never reset.
  const canText = phone !== null && Number(row.codeAttempts ?? 0) < maxCodeAttempts;
  const code = canText ? newSmsCode() : null;
  const codeRef = String(row.codeRef ?? newToken(18));
  if (code) Object.assign(data, { codeRef, codeHash: codeHashFor(codeRef, code), codeExpiresAtMs: now + codeLifetimeMs });
  if (!token && !code) return 'nothing-to-send';
  await strapi.db.query(uid).update({ where: { id: row.id }, data, select: ['id'] });
  messages.push({ kind: 'confirm', signatureDocumentId: String(row.documentId), name, email: token ? email : null, phone: code ? phone : null, token, code });
  return 'sent';
}

export type ConfirmOutcome =
  | { kind: 'confirmed' | 'already-confirmed'; petitionDocumentId: string; language: 'fr' | 'en' }
  | { kind: 'invalid' }
  | { kind: 'wrong-code'; attemptsLeft: number }
  | { kind: 'locked'; petitionDocumentId: string | null };

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

/**
 * A code typed on a code page. The answer to a wrong code depends on the page's ticket only (every
 * ticket starts alike), so it cannot tell a held-back submission, a known phone or a new one
 * apart. Behind it, a wrong code also spends one of the signature's own guesses; once those are
 * spent even the right code is refused, on any page, whatever new code was sent since.
 */
export async function confirmByCode(strapi: Core.Strapi, ref: string, code: string, now = Date.now()): Promise<ConfirmOutcome> {
  return strapi.db.transaction(async ({ trx }): Promise<ConfirmOutcome> => {
    const ticket = await spendTicketAttempt(strapi, trx, ref, now);
    if (ticket.kind === 'unknown') return { kind: 'invalid' };
    if (ticket.kind === 'locked') return { kind: 'locked', petitionDocumentId: ticket.petitionDocumentId };
    const wrong = (): ConfirmOutcome =>
      ticket.attemptsLeft > 0 ? { kind: 'wrong-code', attemptsLeft: ticket.attemptsLeft } : { kind: 'locked', petitionDocumentId: ticket.petitionDocumentId };
    if (!ticket.signatureDocumentId) return wrong();

    const query = strapi.db.query(uid);
    const row = (await query.findOne({ where: { documentId: ticket.signatureDocumentId } })) as Record<string, any> | null;
    if (!row || (row.signatureStatus !== 'pending' && row.signatureStatus !== 'confirmed')) return wrong();
    const found = { petitionDocumentId: String(row.petitionDocumentId), language: row.language === 'en' ? ('en' as const) : ('fr' as const) };
    const right = Boolean(row.codeRef && row.codeHash) && safeEqualHex(codeHashFor(String(row.codeRef), code), String(row.codeHash));
    if (row.signatureStatus === 'confirmed') return right ? { kind: 'already-confirmed', ...found } : wrong();
    if (!right) {
      const { table, column } = tableAndColumns(strapi);
      await trx(table).where('id', row.id).andWhere(column('codeAttempts'), '<', maxCodeAttempts).increment(column('codeAttempts'), 1);
      return wrong();
    }
    if (Number(row.codeAttempts ?? 0) >= maxCodeAttempts) return { kind: 'locked', petitionDocumentId: ticket.petitionDocumentId };
    if (Number(row.codeExpiresAtMs ?? 0) < now) return { kind: 'invalid' };
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
