import type { Core } from '@strapi/strapi';
import { canonicalEmail, type RsvpInput } from '@passerelle/shared/participation';
import { suspectReasonFor, type QueryBuilder, type Trx } from '../abuse';
import { hmac, newDocumentId, sha256 } from '../crypto';
import { isUniqueViolation } from '../petitions/signatures';
import type { EventTarget } from './event-lookup';

/**
 * Registrations and seats. Events are localized draft/publish documents (several rows per
 * document), so seats live in our own row per event documentId (event-seat-pool) and are taken by
 * one conditional UPDATE — `taken = taken + n WHERE taken + n <= capacity` — inside the same
 * transaction as the registration: under any concurrency, never more confirmed than capacity.
 *
 * One registration per event per person: unique indexes on `emailKey` (event + canonical email)
 * and `phoneKey` (event + E.164 phone) stop a second one, even when it races with the first. The
 * keys are cleared when a registration is cancelled (an erased one is deleted), so the person can
 * register again. Seats are taken at once, confirmation or not: docs/decisions/0001 says why.
 */
const registrationUid = 'api::participation.registration';
const poolUid = 'api::participation.event-seat-pool';

/** The columns of a registration row read here (the query engine types rows as `any`). */
interface RegistrationRow {
  id: number;
  documentId: string;
  eventDocumentId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  people: number;
  language: string | null;
  registrationStatus: string;
}

/** A stranger who types someone's contact can make us write to them this often, no more. */
export const maxResendsPerDay = 3;
const resendWindowMs = 86_400_000;

function tableOf(strapi: Core.Strapi, uid: string) {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  return { table: meta.tableName, column };
}

/** The seat pool's key, and registrations' per-person keys, cancel tokens and rate-limit lookups. Re-run every boot. */
export async function ensureSeatPoolIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  const { table, column } = tableOf(strapi, poolUid);
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${table}_event_uq`, table, column('eventDocumentId')]);
  const reg = tableOf(strapi, registrationUid);
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${reg.table}_cancel_uq`, reg.table, reg.column('cancelTokenHash')]);
  // NULLs never collide: suspect, repeated and cancelled rows carry no keys.
  for (const attribute of ['emailKey', 'phoneKey']) {
    await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${reg.table}_${reg.column(attribute)}_uq`, reg.table, reg.column(attribute)]);
  }
  await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??, ??)', [
    `${reg.table}_rate_idx`,
    reg.table,
    reg.column('eventDocumentId'),
    reg.column('ipHash'),
    reg.column('submittedAtMs'),
  ]);
}

/**
 * The cancel link's token, derived from the registration with the participation secret: every
 * message about one registration carries the same link, so a re-send or a place given from the
 * waiting list never breaks the link someone already has. Only its SHA-256 is stored, to find the
 * row: the database alone cannot make a link.
 */
export function cancelTokenFor(registrationDocumentId: string): string {
  return Buffer.from(hmac(`rsvp-cancel:${registrationDocumentId}`), 'hex').toString('base64url');
}

export type Seating = 'confirmed' | 'waitlisted';

/** What to send again, taken from the registration on file, never from the request. */
export interface Resend {
  eventDocumentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  people: number;
  language: 'fr' | 'en';
  status: Seating;
  cancelToken: string;
}

/**
 * `seating` is the page the person gets. For a new registration it is what happened; for a repeat
 * or a suspect one it is what a new registration would get right now, so the answer never tells
 * whether a contact was known or a submission was set aside.
 */
export type RsvpOutcome =
  | { kind: 'new'; seating: Seating; cancelToken: string }
  | { kind: 'repeat'; seating: Seating; resend: Resend | null }
  | { kind: 'suspect'; seating: Seating };

export async function registerForEvent(
  strapi: Core.Strapi,
  event: EventTarget,
  input: RsvpInput,
  ipHash: string,
  now = Date.now(),
  /** Runs inside the transaction with its outcome: the messages are queued with the rows, or not at all. */
  queueMessages: (outcome: RsvpOutcome) => Promise<void> = async () => {},
): Promise<RsvpOutcome> {
  try {
    // Most registrations are a new person: insert straight away and let the unique keys say otherwise.
    return await registerOnce(strapi, event, input, ipHash, now, 'insert', queueMessages);
  } catch (error) {
    // The same person registered before (or two of their requests raced): the insert hit a unique
    // index and its transaction, seats included, was rolled back. Run again, looking them up first.
    if (!isUniqueViolation(error)) throw error;
    return registerOnce(strapi, event, input, ipHash, now, 'look-up-first', queueMessages);
  }
}

function personKeys(eventDocumentId: string, input: RsvpInput) {
  return {
    emailKey: input.email ? `${eventDocumentId}:${canonicalEmail(input.email)}` : null,
    phoneKey: input.phone ? `${eventDocumentId}:${input.phone}` : null,
  };
}

async function registerOnce(
  strapi: Core.Strapi,
  event: EventTarget,
  input: RsvpInput,
  ipHash: string,
  now: number,
  mode: 'insert' | 'look-up-first',
  queueMessages: (outcome: RsvpOutcome) => Promise<void>,
): Promise<RsvpOutcome> {
  return strapi.db.transaction(async ({ trx }): Promise<RsvpOutcome> => {
    const outcome = await placeRegistration(strapi, trx, event, input, ipHash, now, mode);
    await queueMessages(outcome);
    return outcome;
  });
}

async function placeRegistration(
  strapi: Core.Strapi,
  trx: Trx,
  event: EventTarget,
  input: RsvpInput,
  ipHash: string,
  now: number,
  mode: 'insert' | 'look-up-first',
): Promise<RsvpOutcome> {
  const query = strapi.db.query(registrationUid);
  const base = {
    eventDocumentId: event.documentId,
    eventSlug: event.slug,
    name: input.name,
    email: input.email,
    phone: input.phone,
    people: input.people,
    accessibilityNeeds: input.accessibilityNeeds,
    language: input.locale,
    ipHash,
    submittedAtMs: now,
  };
  // Every row counts against the address, repeats included: otherwise whether the next
  // submission from that address is limited would tell that the previous contact was known.
  const suspectReason = await suspectReasonFor(strapi, registrationUid, { eventDocumentId: event.documentId }, ipHash, input.website, now);
  if (suspectReason) {
    await query.create({ data: { ...base, documentId: newDocumentId(), registrationStatus: 'suspect', suspectReason }, select: ['id'] });
    return { kind: 'suspect', seating: await seatingNow(strapi, trx, event, input.people) };
  }
  const keys = personKeys(event.documentId, input);
  if (mode === 'look-up-first') {
    const existing = (await query.findOne({
      where: { $or: [keys.emailKey ? { emailKey: keys.emailKey } : null, keys.phoneKey ? { phoneKey: keys.phoneKey } : null].filter((k) => k !== null) },
    })) as RegistrationRow | null;
    if (existing) {
      // Kept so the address's limits count it, with only what those limits read: the contact
      // typed may be a stranger's, and the registration on file is untouched.
      const { name: _name, email: _email, phone: _phone, accessibilityNeeds: _needs, ...counted } = base;
      await query.create({ data: { ...counted, documentId: newDocumentId(), registrationStatus: 'duplicate' }, select: ['id'] });
      return { kind: 'repeat', seating: await seatingNow(strapi, trx, event, input.people), resend: await claimResend(strapi, trx, existing, now) };
    }
  }
  const documentId = newDocumentId();
  const cancelToken = cancelTokenFor(documentId);
  // The row first: a second registration of the same person stops here, before touching the seats.
  const row = (await query.create({
    data: { ...base, ...keys, documentId, registrationStatus: 'waitlisted', cancelTokenHash: sha256(cancelToken) },
    select: ['id'],
  })) as { id: number };
  const seated = await takeSeats(strapi, trx, event, input.people, now);
  if (seated) await query.update({ where: { id: row.id }, data: { registrationStatus: 'confirmed' }, select: ['id'] });
  return { kind: 'new', seating: seated ? 'confirmed' : 'waitlisted', cancelToken };
}

/** Takes `people` seats if they fit; an event without capacity always has room. */
async function takeSeats(strapi: Core.Strapi, trx: Trx, event: EventTarget, people: number, now: number): Promise<boolean> {
  if (event.capacity === null) return true;
  const pool = tableOf(strapi, poolUid);
  const eventColumn = pool.column('eventDocumentId');
  // First registration creates the pool; an OC's later capacity change is applied here too.
  await trx(pool.table)
    .insert({ [eventColumn]: event.documentId, [pool.column('capacity')]: event.capacity, [pool.column('taken')]: 0, document_id: newDocumentId(), created_at: new Date(now), updated_at: new Date(now), published_at: new Date(now) })
    .onConflict(eventColumn)
    .ignore();
  await trx(pool.table).where(eventColumn, event.documentId).update({ [pool.column('capacity')]: event.capacity });
  const taken = pool.column('taken');
  const updated = await trx(pool.table)
    .where(eventColumn, event.documentId)
    .andWhereRaw('?? + ? <= ??', [taken, people, pool.column('capacity')])
    .update({ [taken]: trx.raw('?? + ?', [taken, people]) });
  return Number(updated) === 1;
}

/** What a new registration of `people` would get now, without taking anything. */
async function seatingNow(strapi: Core.Strapi, trx: Trx, event: EventTarget, people: number): Promise<Seating> {
  if (event.capacity === null) return 'confirmed';
  const pool = tableOf(strapi, poolUid);
  const row = await trx(pool.table).where(pool.column('eventDocumentId'), event.documentId).first({ taken: pool.column('taken') });
  return Number(row?.taken ?? 0) + people <= event.capacity ? 'confirmed' : 'waitlisted';
}

/**
 * One re-send of a registration, if it had fewer than `maxResendsPerDay` in its current 24-hour
 * window: one conditional UPDATE, so racing repeats cannot exceed it.
 */
async function claimResend(strapi: Core.Strapi, trx: Trx, existing: RegistrationRow, now: number): Promise<Resend | null> {
  const { table, column } = tableOf(strapi, registrationUid);
  const count = column('resendCount');
  const start = column('resendWindowStartMs');
  const staleBefore = now - resendWindowMs;
  const cancelToken = cancelTokenFor(String(existing.documentId));
  const updated = await trx(table)
    .where('id', existing.id)
    .andWhere((q: QueryBuilder) => q.whereNull(start).orWhere(start, '<=', staleBefore).orWhereNull(count).orWhere(count, '<', maxResendsPerDay))
    .update({
      [count]: trx.raw('CASE WHEN ?? IS NULL OR ?? <= ? THEN 1 ELSE COALESCE(??, 0) + 1 END', [start, start, staleBefore, count]),
      [start]: trx.raw('CASE WHEN ?? IS NULL OR ?? <= ? THEN ? ELSE ?? END', [start, start, staleBefore, now, start]),
      // Rows from before derived tokens held a random one: from now on their link is the derived one.
      [column('cancelTokenHash')]: sha256(cancelToken),
    });
  if (Number(updated) !== 1) return null;
  return {
    eventDocumentId: String(existing.eventDocumentId),
    name: String(existing.name ?? ''),
    email: existing.email ?? null,
    phone: existing.phone ?? null,
    people: Number(existing.people),
    language: existing.language === 'en' ? 'en' : 'fr',
    status: existing.registrationStatus === 'confirmed' ? 'confirmed' : 'waitlisted',
    cancelToken,
  };
}

export async function findRegistrationByToken(strapi: Core.Strapi, token: string) {
  const row = (await strapi.db.query(registrationUid).findOne({ where: { cancelTokenHash: sha256(token) } })) as RegistrationRow | null;
  return row ? { eventDocumentId: String(row.eventDocumentId), status: String(row.registrationStatus), language: row.language === 'en' ? ('en' as const) : ('fr' as const) } : null;
}

/** Someone taken off the waiting list: who, and the cancel token for their message. */
export interface Promotion {
  eventDocumentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  people: number;
  language: 'fr' | 'en';
  cancelToken: string;
}

/**
 * Cancelling frees the seats of a confirmed registration and gives them to the waiting list, in the
 * order people registered; someone whose group does not fit in what is free is passed over, not
 * blocking smaller groups behind. Cancelling twice is harmless.
 */
export async function cancelRegistration(
  strapi: Core.Strapi,
  token: string,
  now = Date.now(),
): Promise<{ status: 'cancelled' | 'invalid'; promoted: Promotion[] }> {
  return strapi.db.transaction(async ({ trx }) => {
    const query = strapi.db.query(registrationUid);
    const row = (await query.findOne({ where: { cancelTokenHash: sha256(token) } })) as RegistrationRow | null;
    if (!row || row.registrationStatus === 'suspect') return { status: 'invalid' as const, promoted: [] };
    if (row.registrationStatus === 'cancelled') return { status: 'cancelled' as const, promoted: [] };
    const wasConfirmed = row.registrationStatus === 'confirmed';
    // Without its keys, the cancelled row no longer stops the person from registering again.
    await query.update({ where: { id: row.id }, data: { registrationStatus: 'cancelled', cancelledAt: new Date(now), emailKey: null, phoneKey: null } });
    if (!wasConfirmed) return { status: 'cancelled' as const, promoted: [] };
    await releaseSeats(strapi, trx, String(row.eventDocumentId), Number(row.people));
    return { status: 'cancelled' as const, promoted: await promoteFromWaitingList(strapi, trx, String(row.eventDocumentId)) };
  });
}

/** Seats whatever fits from the waiting list, oldest first, with the same atomic seat update as a registration. */
export async function promoteFromWaitingList(strapi: Core.Strapi, trx: Trx, eventDocumentId: string): Promise<Promotion[]> {
  const query = strapi.db.query(registrationUid);
  const waiting = (await query.findMany({
    where: { eventDocumentId, registrationStatus: 'waitlisted' },
    orderBy: [{ submittedAtMs: 'asc' }, { id: 'asc' }],
  })) as RegistrationRow[];
  const pool = tableOf(strapi, poolUid);
  const taken = pool.column('taken');
  const promoted: Promotion[] = [];
  for (const candidate of waiting) {
    const people = Number(candidate.people);
    const updated = await trx(pool.table)
      .where(pool.column('eventDocumentId'), eventDocumentId)
      .andWhereRaw('?? + ? <= ??', [taken, people, pool.column('capacity')])
      .update({ [taken]: trx.raw('?? + ?', [taken, people]) });
    if (Number(updated) !== 1) continue;
    // The same link as in their waiting-list message (rows older than derived tokens get it now).
    const cancelToken = cancelTokenFor(String(candidate.documentId));
    await query.update({ where: { id: candidate.id }, data: { registrationStatus: 'confirmed', cancelTokenHash: sha256(cancelToken) } });
    promoted.push({
      eventDocumentId,
      name: String(candidate.name ?? ''),
      email: candidate.email ?? null,
      phone: candidate.phone ?? null,
      people,
      language: candidate.language === 'en' ? 'en' : 'fr',
      cancelToken,
    });
  }
  return promoted;
}

/** Gives back the seats of a confirmed registration (cancelled, or erased at the person's request). */
export async function releaseSeats(strapi: Core.Strapi, trx: Trx, eventDocumentId: string, people: number): Promise<void> {
  const pool = tableOf(strapi, poolUid);
  const taken = pool.column('taken');
  await trx(pool.table)
    .where(pool.column('eventDocumentId'), eventDocumentId)
    .andWhere(taken, '>=', people)
    .update({ [taken]: trx.raw('?? - ?', [taken, people]) });
}

export async function seatsTaken(strapi: Core.Strapi, eventDocumentId: string): Promise<number> {
  const row = (await strapi.db.query(poolUid).findOne({ where: { eventDocumentId } })) as { taken: number } | null;
  return Number(row?.taken ?? 0);
}
