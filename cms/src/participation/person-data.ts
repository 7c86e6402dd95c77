import type { Core } from '@strapi/strapi';
import { canonicalEmail, normaliseEmail, normalisePhone } from '@passerelle/shared/participation';
import { queuePromotionMessages } from './events/messages';
import { promoteFromWaitingList, releaseSeats, type Promotion } from './events/registrations';
import { eraseQueuedMessagesFor } from './messages/erase';
import { csvTable } from './csv';
import { purgeOutboxFor } from './messages/outbox';
import { eraseSmsTracesOf } from './sms/erase';
import { calendarTokenUid, meetingUid, practitionerUid, roundTableUid, sessionUid, signInUid } from './space/sessions';
import { audienceNames, handReplyUid, handRequestUid, type HandRow } from './space/hands';
import { publicDraftUid } from './space/public-drafts';
import { resourceUid } from './space/resources';
import { trainingProgressUid, type ProgressRow } from './space/training';
import { erasePeerRegistrationsOf, peerRegistrationUid, peerSessionUid } from './space/peer-sessions';
import { threadMessageUid } from './space/threads';

/**
 * Law 25 rights of access and erasure for one person, found by the email or phone they used.
 * An administrator runs it (`pnpm --filter @passerelle/cms person -- export|delete <email|phone>`),
 * after checking who is asking. The export leaves out what is not about the person (hashes, tokens).
 * Erasing a confirmed signature lowers the petition's count: the person withdrew it. Erasing a
 * confirmed registration gives its seats back. Erasure also removes every message to or about the
 * person from the durable outbox (so one still waiting is never sent) and the dev outbox
 * (development copies of their codes and links).
 */
export const personDataTypes = {
  signature: { uid: 'api::participation.signature', fields: ['petitionSlug', 'name', 'email', 'phone', 'postalCode', 'wantsUpdates', 'signatureStatus', 'confirmedAt', 'confirmedBy', 'language', 'createdAt'] },
  registration: { uid: 'api::participation.registration', fields: ['eventSlug', 'name', 'email', 'phone', 'people', 'accessibilityNeeds', 'registrationStatus', 'cancelledAt', 'language', 'createdAt'] },
  consultationResponse: { uid: 'api::participation.consultation-response', fields: ['consultationDocumentId', 'answers', 'name', 'email', 'phone', 'followUpConsent', 'language', 'createdAt'] },
  interest: { uid: 'api::participation.interest', fields: ['callDocumentId', 'name', 'email', 'phone', 'preferredContactTime', 'language', 'createdAt'] },
  eventProposal: { uid: 'api::participation.event-proposal', fields: ['proposedEventDocumentId', 'organizationName', 'name', 'email', 'phone', 'proposalStatus', 'language', 'createdAt'] },
  alertSubscription: {
    uid: 'api::participation.alert-subscription',
    fields: ['channel', 'email', 'phone', 'neighbourhoodDocumentId', 'area', 'topicDocumentId', 'rightAway', 'subscriptionStatus', 'language', 'consentAtMs', 'createdAt'],
  },
  /**
   * A member of the practitioners' space, with the round tables they sit at and the meetings they
   * were noted present at, their requests for a hand and replies; erasing it also closes their sessions, sign-in requests and calendar
   * addresses, and takes them off every table and attendance list (the relations go with the record).
   * Their consent to the partner directory (listed, for what, which contact shown) is on the record:
   * exported with it, and their listing goes with it. Their private training progress (units done,
   * self-check results they chose to keep) is exported with it and erased with it.
   */
  practitioner: {
    uid: practitionerUid,
    fields: ['documentId', 'name', 'email', 'phone', 'spaceRole', 'active', 'directoryListed', 'directoryForWhat', 'directoryShowEmail', 'directoryShowPhone', 'lastActiveAtMs', 'createdAt'],
  },
} as const;
export type PersonDataKind = keyof typeof personDataTypes;
export type PersonRecord = { kind: PersonDataKind; id: number } & Record<string, unknown>;

/** Parses the identifier an admin typed: an email (any case, +tags and Gmail dots folded) or a phone. */
export function personKey(identifier: string): { email: string; canonical: string } | { phone: string } {
  const email = normaliseEmail(identifier);
  if (email) return { email, canonical: canonicalEmail(email) };
  const phone = normalisePhone(identifier);
  if (phone) return { phone };
  throw new Error(`« ${identifier} » n'est ni un courriel ni un numéro de téléphone valide / not a valid email or phone number`);
}

async function findRows(strapi: Core.Strapi, identifier: string): Promise<PersonRecord[]> {
  const key = personKey(identifier);
  const records: PersonRecord[] = [];
  for (const [kind, { uid, fields }] of Object.entries(personDataTypes) as Array<[PersonDataKind, (typeof personDataTypes)[PersonDataKind]]>) {
    // Emails are matched on their canonical form (case, +tag, Gmail dots), which the database
    // cannot compute: narrow by domain in SQL, then compare in code.
    const domain = 'phone' in key ? '' : key.canonical.slice(key.canonical.lastIndexOf('@'));
    const where =
      'phone' in key
        ? { phone: key.phone }
        : kind === 'signature'
          ? { $or: [{ email: { $endsWithi: domain } }, { emailKey: { $endsWith: `:${key.canonical}` } }] }
          : { email: { $endsWithi: domain } };
    const select = kind === 'signature' ? ['id', 'emailKey', ...fields] : ['id', ...fields];
    const found = (await strapi.db.query(uid).findMany({ where, select })) as Array<Record<string, unknown> & { id: number }>;
    const rows = found
      .filter(
        (row) =>
          'phone' in key ||
          (typeof row.email === 'string' && canonicalEmail(row.email) === key.canonical) ||
          (typeof row.emailKey === 'string' && row.emailKey.endsWith(`:${key.canonical}`)),
      )
      .map(({ emailKey: _hidden, ...row }) => row as Record<string, unknown> & { id: number });
    for (const row of rows) records.push({ kind, ...row, ...(kind === 'practitioner' ? await spaceLinksOf(strapi, String(row.documentId)) : {}) });
  }
  return records;
}

/** A member's tables and the meetings they attended, for the export (one readable cell each in the CSV). */
async function spaceLinksOf(
  strapi: Core.Strapi,
  memberDocumentId: string,
): Promise<{ roundTables: string; meetingsAttended: string; invitationsReceived: string; invitationsSent: number; handRequests: string; handReplies: string; publicDraftsProposed: string; resourcesShared: string; trainingProgress: string; threadMessages: string; peerSessionSeats: string; peerSessionsAnnounced: string }> {
  const tables = (await strapi.db.query(roundTableUid).findMany({ where: { members: { documentId: memberDocumentId } }, select: ['name'] })) as Array<{ name: string }>;
  const invited = (await strapi.db.query(signInUid).findMany({ where: { practitionerDocumentId: memberDocumentId, inviterDocumentId: { $notNull: true } }, select: ['roundTableDocumentId', 'submittedAtMs', 'expiresAtMs'], orderBy: { submittedAtMs: 'asc' } })) as Array<{ roundTableDocumentId: string | null; submittedAtMs: string | number; expiresAtMs: string | number }>;
  const invitedTo = invited.length
    ? ((await strapi.db.query(roundTableUid).findMany({ where: { documentId: { $in: invited.map((i) => i.roundTableDocumentId ?? '') } }, select: ['documentId', 'name'] })) as Array<{ documentId: string; name: string }>)
    : [];
  const invitationsSent = await strapi.db.query(signInUid).count({ where: { inviterDocumentId: memberDocumentId } });
  const meetings = (await strapi.db.query(meetingUid).findMany({ where: { attendees: { documentId: memberDocumentId } }, select: ['title', 'startsAt'], orderBy: { startsAt: 'asc' } })) as Array<{ title: string; startsAt: string }>;
  // Their requests for a hand and their replies in threads, in their own words.
  // With who they sent each one to: its tables and neighbourhoods.
  const requests = (await strapi.db.query(handRequestUid).findMany({
    where: { author: { documentId: memberDocumentId } },
    select: ['createdAt', 'kind', 'title', 'details', 'requestStatus', 'editedAt'],
    populate: { roundTables: { select: ['documentId', 'name'] }, neighbourhoods: { select: ['documentId', 'name'] } },
    orderBy: { createdAt: 'asc' },
  })) as Array<HandRow & { editedAt: string | null }>;
  const requestAudiences = await Promise.all(requests.map(async (r) => {
    const names = await audienceNames(strapi, r, 'fr');
    return [...names.tables, ...names.neighbourhoods].join(', ');
  }));
  const replies = (await strapi.db.query(handReplyUid).findMany({ where: { author: { documentId: memberDocumentId } }, select: ['createdAt', 'text'], orderBy: { createdAt: 'asc' } })) as Array<{ createdAt: string; text: string }>;
  // The drafts they proposed to the public site: which kind and when (the drafts' words are the OCs' to publish or delete).
  const drafts = (await strapi.db.query(publicDraftUid).findMany({ where: { author: { documentId: memberDocumentId } }, select: ['draftKind', 'draftDocumentId', 'createdAtMs'], orderBy: { createdAtMs: 'asc' } })) as Array<{
    draftKind: string;
    draftDocumentId: string;
    createdAtMs: string | number;
  }>;
  // The links and documents they shared: kept after an erasure, signed "Ancien membre" (the tables' working library).
  // A document is listed by its name, size and type; the file itself is given on request (docs/privacy.md).
  const resources = (await strapi.db.query(resourceUid).findMany({
    where: { author: { documentId: memberDocumentId } },
    select: ['createdAt', 'title', 'url', 'fileName', 'fileSize', 'fileType'],
    orderBy: { createdAt: 'asc' },
  })) as Array<{ createdAt: string; title: string; url: string | null; fileName: string | null; fileSize: number | null; fileType: string | null }>;
  const sharedWhat = (r: (typeof resources)[number]) => (r.fileName ? `[${r.fileName}, ${Number(r.fileSize ?? 0)} bytes, ${r.fileType ?? ''}]` : `<${r.url ?? ''}>`);
  // Their own training progress: what they chose to keep, unit by unit.
  const progress = (await strapi.db.query(trainingProgressUid).findMany({ where: { member: { documentId: memberDocumentId } }, select: ['moduleSlug', 'unitNumber', 'done', 'checkCorrect', 'checkTotal', 'updatedAtMs'], orderBy: [{ moduleSlug: 'asc' }, { unitNumber: 'asc' }] })) as Array<Omit<ProgressRow, 'id'>>;
  // What they wrote in tables' and resources' threads, with where (deleted by an erasure: see below).
  const messages = (await strapi.db.query(threadMessageUid).findMany({
    where: { author: { documentId: memberDocumentId } },
    select: ['createdAt', 'text'],
    populate: { roundTable: { select: ['name'] }, resource: { select: ['title'] } },
    orderBy: { createdAt: 'asc' },
  })) as Array<{ createdAt: string; text: string; roundTable?: { name: string } | null; resource?: { title: string } | null }>;
  // Their seats and waiting-list places at members-only peer sessions, and the sessions they announced.
  const seats = (await strapi.db.query(peerRegistrationUid).findMany({
    where: { member: { documentId: memberDocumentId } },
    select: ['seat', 'createdAtMs'],
    populate: { session: { select: ['title', 'startsAt'] } },
    orderBy: { createdAtMs: 'asc' },
  })) as Array<{ seat: string; createdAtMs: string | number; session?: { title: string; startsAt: string } | null }>;
  const announced = (await strapi.db.query(peerSessionUid).findMany({ where: { organizer: { documentId: memberDocumentId } }, select: ['title', 'startsAt'], orderBy: { startsAt: 'asc' } })) as Array<{ title: string; startsAt: string }>;
  const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
  return {
    roundTables: tables.map((t) => t.name).join('; '),
    meetingsAttended: meetings.map((m) => `${day(m.startsAt)} ${m.title}`).join('; '),
    invitationsReceived: invited
      .map((i) => `${day(new Date(Number(i.submittedAtMs)).toISOString())} ${invitedTo.find((t) => t.documentId === i.roundTableDocumentId)?.name ?? ''} (→ ${day(new Date(Number(i.expiresAtMs)).toISOString())})`)
      .join('; '),
    invitationsSent,
    handRequests: requests.map((r, i) => `${day(r.createdAt)} [${r.kind}, ${r.requestStatus}${r.editedAt ? `, edited ${day(r.editedAt)}` : ''}] (→ ${requestAudiences[i]}) ${r.title}: ${r.details}`).join('; '),
    handReplies: replies.map((r) => `${day(r.createdAt)} ${r.text}`).join('; '),
    publicDraftsProposed: drafts.map((d) => `${day(new Date(Number(d.createdAtMs)).toISOString())} ${d.draftKind} ${d.draftDocumentId}`).join('; '),
    resourcesShared: resources.map((r) => `${day(r.createdAt)} ${r.title} ${sharedWhat(r)}`).join('; '),
    trainingProgress: progress
      .map((p) => `${day(new Date(Number(p.updatedAtMs)).toISOString())} ${p.moduleSlug} #${p.unitNumber}${p.done ? ' done' : ''}${p.checkCorrect !== null && p.checkTotal !== null ? ` self-check ${p.checkCorrect}/${p.checkTotal}` : ''}`)
      .join('; '),
    threadMessages: messages.map((m) => `${day(m.createdAt)} [${m.roundTable?.name ?? m.resource?.title ?? ''}] ${m.text}`).join('; '),
    peerSessionSeats: seats.map((r) => `${day(new Date(Number(r.createdAtMs)).toISOString())} [${r.seat}] ${r.session ? `${day(r.session.startsAt)} ${r.session.title}` : ''}`).join('; '),
    peerSessionsAnnounced: announced.map((a) => `${day(a.startsAt)} ${a.title}`).join('; '),
  };
}

export async function exportPersonData(strapi: Core.Strapi, identifier: string): Promise<{ records: PersonRecord[]; json: string; csv: string }> {
  const records = await findRows(strapi, identifier);
  return { records, json: JSON.stringify({ identifier, exportedAt: new Date().toISOString(), records }, null, 2), csv: toCsv(records) };
}

export async function deletePersonData(strapi: Core.Strapi, identifier: string): Promise<Record<PersonDataKind, number>> {
  const records = await findRows(strapi, identifier);
  const counts = Object.fromEntries(Object.keys(personDataTypes).map((k) => [k, 0])) as Record<PersonDataKind, number>;
  const promoted: Promotion[] = [];
  // Their records may name a second contact (the phone beside the email they asked with).
  const key = personKey(identifier);
  /* eslint-disable @typescript-eslint/no-base-to-string -- the records' email and phone fields are strings (or empty) */
  const emails = ['email' in key ? key.email : '', ...records.map((r) => String(r.email ?? ''))];
  const phones = ['phone' in key ? key.phone : '', ...records.map((r) => String(r.phone ?? ''))];
  /* eslint-enable @typescript-eslint/no-base-to-string */
  await strapi.db.transaction(async ({ trx }) => {
    for (const record of records) {
      if (record.kind === 'registration' && record.registrationStatus === 'confirmed') {
        const full = (await strapi.db.query(personDataTypes.registration.uid).findOne({ where: { id: record.id }, select: ['eventDocumentId', 'people'] })) as { eventDocumentId: string; people: number } | null;
        if (full) {
          await releaseSeats(strapi, trx, full.eventDocumentId, Number(full.people));
          await strapi.db.query(personDataTypes[record.kind].uid).delete({ where: { id: record.id } });
          counts[record.kind]++;
          promoted.push(...(await promoteFromWaitingList(strapi, trx, full.eventDocumentId)));
          continue;
        }
      }
      if (record.kind === 'practitioner' && typeof record.documentId === 'string') await eraseSpaceTracesOf(strapi, record.documentId);
      await strapi.db.query(personDataTypes[record.kind].uid).delete({ where: { id: record.id } });
      counts[record.kind]++;
    }
    // Before the promotions are queued: those go to other people, and must stay.
    await eraseQueuedMessagesFor(strapi, { emails, phones });
    // Their text-message conversations and the records of what they texted; not their opt-out
    // (sms/opt-outs.ts): erasing it would make texting them possible again.
    await eraseSmsTracesOf(strapi, phones);
    await queuePromotionMessages(strapi, promoted);
  });
  purgeOutboxFor({ emails, phones });
  return counts;
}

/**
 * What a member of the practitioners' space leaves beside their record, erased with it: sessions,
 * sign-in requests and invitations, calendar addresses, training progress, requests for a hand
 * (with their replies), thread messages and peer-session seats. Shared by an erasure on request and
 * by the retention of inactive members (`eraseSpaceMember`), so the two cannot drift apart. In the
 * caller's transaction.
 */
async function eraseSpaceTracesOf(strapi: Core.Strapi, memberDocumentId: string): Promise<void> {
  await strapi.db.query(sessionUid).deleteMany({ where: { practitionerDocumentId: memberDocumentId } });
  // Their sign-in requests and invitations, and the invitations they sent (which name them as the inviter).
  await strapi.db.query(signInUid).deleteMany({ where: { $or: [{ practitionerDocumentId: memberDocumentId }, { inviterDocumentId: memberDocumentId }] } });
  await strapi.db.query(calendarTokenUid).deleteMany({ where: { practitionerDocumentId: memberDocumentId } });
  // Their training progress is about them alone: it goes, not kept unsigned.
  const progress = (await strapi.db.query(trainingProgressUid).findMany({ where: { member: { documentId: memberDocumentId } }, select: ['id'] })) as Array<{ id: number }>;
  if (progress.length > 0) await strapi.db.query(trainingProgressUid).deleteMany({ where: { id: { $in: progress.map((p) => p.id) } } });
  // Their requests for a hand go, with every reply of their threads; their replies to others'
  // requests stay in those threads without them, signed "Ancien membre" (the relation goes with the record).
  const requests = (await strapi.db.query(handRequestUid).findMany({ where: { author: { documentId: memberDocumentId } }, select: ['id'] })) as Array<{ id: number }>;
  if (requests.length > 0) {
    await strapi.db.query(handReplyUid).deleteMany({ where: { handRequest: { id: { $in: requests.map((r) => r.id) } } } });
    await strapi.db.query(handRequestUid).deleteMany({ where: { id: { $in: requests.map((r) => r.id) } } });
  }
  // Their messages in tables' and resources' threads are deleted, not signed "Ancien membre":
  // a conversation's words are theirs, and a table keeps what it decided in its minutes.
  await strapi.db.query(threadMessageUid).deleteMany({ where: { author: { documentId: memberDocumentId } } });
  // Their seats at peer sessions go, each freed seat to the next on the waiting list (who is told);
  // sessions they announced stay for the members registered, without them as the organizer.
  await erasePeerRegistrationsOf(strapi, memberDocumentId);
}

/**
 * Erases one member of the space as `deletePersonData` erases their record (same traces, same
 * order), and every message queued to them; their rows elsewhere on the platform (a petition they
 * signed, an alert they asked for) keep their own periods. Used by the retention of inactive
 * members. Returns whether there was a member to erase.
 */
export async function eraseSpaceMember(strapi: Core.Strapi, memberDocumentId: string): Promise<boolean> {
  const member = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: memberDocumentId }, select: ['id', 'email', 'phone'] })) as { id: number; email: string | null; phone: string | null } | null;
  if (!member) return false;
  const contacts = { emails: [member.email ?? ''], phones: [member.phone ?? ''] };
  await strapi.db.transaction(async () => {
    await eraseSpaceTracesOf(strapi, memberDocumentId);
    await strapi.db.query(practitionerUid).delete({ where: { id: member.id } });
    await eraseQueuedMessagesFor(strapi, contacts);
  });
  purgeOutboxFor(contacts);
  return true;
}

/**
 * CSV for Excel: UTF-8 with a BOM, and cells that a spreadsheet would run as a formula
 * (= + - @, tab, carriage return) prefixed with an apostrophe (OWASP's CSV injection advice).
 */
export function toCsv(records: PersonRecord[]): string {
  const columns = ['kind', 'id', ...new Set(records.flatMap((r) => Object.keys(r).filter((k) => k !== 'kind' && k !== 'id')))];
  return csvTable(columns, records.map((r) => columns.map((c) => r[c])));
}
