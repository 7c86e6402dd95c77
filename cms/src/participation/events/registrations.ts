import type { Core } from '@strapi/strapi';
import type { RsvpInput } from '../../generated/participation';
import { newDocumentId, newToken, sha256 } from '../crypto';
import type { EventTarget } from './event-lookup';

/**
 * Registrations and seats. Events are localized draft/publish documents (several rows per
 * document), so seats live in our own row per event documentId (event-seat-pool) and are taken by
 * one conditional UPDATE — `taken = taken + n WHERE taken + n <= capacity` — inside the same
 * transaction as the registration: under any concurrency, never more confirmed than capacity.
 */
const registrationUid = 'api::participation.registration';
const poolUid = 'api::participation.event-seat-pool';

function tableOf(strapi: Core.Strapi, uid: string) {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  return { table: meta.tableName, column };
}

export async function ensureSeatPoolIndexes(strapi: Core.Strapi): Promise<void> {
  const { table, column } = tableOf(strapi, poolUid);
  await strapi.db.connection.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${table}_event_uq`, table, column('eventDocumentId')]);
  const reg = tableOf(strapi, registrationUid);
  await strapi.db.connection.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${reg.table}_cancel_uq`, reg.table, reg.column('cancelTokenHash')]);
}

export type RsvpOutcome = { kind: 'confirmed' | 'waitlisted'; cancelToken: string } | { kind: 'suspect' };

export async function registerForEvent(strapi: Core.Strapi, event: EventTarget, input: RsvpInput, ipHash: string, now = Date.now()): Promise<RsvpOutcome> {
  return strapi.db.transaction(async ({ trx }): Promise<RsvpOutcome> => {
    const base = {
      documentId: newDocumentId(),
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
    const query = strapi.db.query(registrationUid);
    if (input.website) {
      await query.create({ data: { ...base, registrationStatus: 'suspect', suspectReason: 'honeypot' } });
      return { kind: 'suspect' };
    }
    let seated = true;
    if (event.capacity !== null) {
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
        .andWhereRaw('?? + ? <= ??', [taken, input.people, pool.column('capacity')])
        .update({ [taken]: trx.raw('?? + ?', [taken, input.people]) });
      seated = Number(updated) === 1;
    }
    const cancelToken = newToken();
    await query.create({ data: { ...base, registrationStatus: seated ? 'confirmed' : 'waitlisted', cancelTokenHash: sha256(cancelToken) } });
    return { kind: seated ? 'confirmed' : 'waitlisted', cancelToken };
  });
}

export async function findRegistrationByToken(strapi: Core.Strapi, token: string) {
  const row = (await strapi.db.query(registrationUid).findOne({ where: { cancelTokenHash: sha256(token) } })) as Record<string, any> | null;
  return row ? { eventDocumentId: String(row.eventDocumentId), status: String(row.registrationStatus), language: row.language === 'en' ? ('en' as const) : ('fr' as const) } : null;
}

/** Someone taken off the waiting list: who, and the new cancel token for their message. */
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
    const row = (await query.findOne({ where: { cancelTokenHash: sha256(token) } })) as Record<string, any> | null;
    if (!row || row.registrationStatus === 'suspect') return { status: 'invalid' as const, promoted: [] };
    if (row.registrationStatus === 'cancelled') return { status: 'cancelled' as const, promoted: [] };
    const wasConfirmed = row.registrationStatus === 'confirmed';
    await query.update({ where: { id: row.id }, data: { registrationStatus: 'cancelled', cancelledAt: new Date(now) } });
    if (!wasConfirmed) return { status: 'cancelled' as const, promoted: [] };
    await releaseSeats(strapi, trx, String(row.eventDocumentId), Number(row.people));
    return { status: 'cancelled' as const, promoted: await promoteFromWaitingList(strapi, trx, String(row.eventDocumentId)) };
  });
}

/** Seats whatever fits from the waiting list, oldest first, with the same atomic seat update as a registration. */
export async function promoteFromWaitingList(strapi: Core.Strapi, trx: any, eventDocumentId: string): Promise<Promotion[]> {
  const query = strapi.db.query(registrationUid);
  const waiting = (await query.findMany({
    where: { eventDocumentId, registrationStatus: 'waitlisted' },
    orderBy: [{ submittedAtMs: 'asc' }, { id: 'asc' }],
  })) as Array<Record<string, any>>;
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
    // Only the hash of the old token is stored: the promotion message carries a new cancel link.
    const cancelToken = newToken();
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
export async function releaseSeats(strapi: Core.Strapi, trx: any, eventDocumentId: string, people: number): Promise<void> {
  const pool = tableOf(strapi, poolUid);
  const taken = pool.column('taken');
  await trx(pool.table)
    .where(pool.column('eventDocumentId'), eventDocumentId)
    .andWhere(taken, '>=', people)
    .update({ [taken]: trx.raw('?? - ?', [taken, people]) });
}

export async function seatsTaken(strapi: Core.Strapi, eventDocumentId: string): Promise<number> {
  const row = (await strapi.db.query(poolUid).findOne({ where: { eventDocumentId } })) as Record<string, any> | null;
  return Number(row?.taken ?? 0);
}
