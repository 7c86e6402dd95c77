import type { Core } from '@strapi/strapi';
import { calendarTokenUid, idleMs, maxAgeMs, practitionerUid, sessionUid, signInUid } from './space/sessions';
import { retentionFromEnv, type RetentionPolicy } from '@passerelle/shared/privacy';
import { outboxTable } from './messages/claim';
import type { QueryBuilder } from './abuse';
import { purgeDevOutbox } from './messages/outbox';
import { messageSettings } from './messages/settings';
import { cmsConfig } from '../config';
import { runScheduledJob } from '../operations/scheduled-jobs';
import { deleteExpiredConversations } from './sms/conversation';
import { handReplyUid, handRequestUid } from './space/hands';
import { trainingProgressUid } from './space/training';
import { peerRegistrationUid, peerSessionUid } from './space/peer-sessions';
import { threadMessageUid } from './space/threads';
import { deleteResource, resourceUid } from './space/resources';
import { forgetInactiveMembers } from './space/inactive-members';

/**
 * Law 25: personal information is kept only as long as its purpose needs. This job applies the
 * periods of `shared/src/privacy/retention.ts` (the same ones the privacy page states), by dates
 * alone, so nothing depends on someone remembering to do something:
 * - signatures of petitions closed for longer than the period are anonymised — name, email, phone,
 *   IP hash, dedupe keys and the postal code beyond its FSA go; status and confirmation date stay,
 *   so the counts do not change;
 * - follow-up contact fields of consultation responses are erased some days after the consultation
 *   closed; the answers themselves carry no name and stay for the results;
 * - registrations are erased some days after their event;
 * - rows about a petition, event, consultation or call that no longer exists (deleted in every
 *   locale and status) are erased: their purpose went with it;
 * - suspect submissions (rate limits, honeypot) and repeated registrations are erased after some days;
 * - "I'm interested" messages and event proposals are erased some days after they came in;
 * - alert requests never confirmed are erased once their confirmation link has expired;
 * - a member's private training progress is deleted unit by unit once untouched for its period, and at once
 *   when it has no member any more;
 * - members-only peer sessions are deleted with their registrations some months after they ended;
 * - resources shared in the space are deleted with their thread and their stored document some
 *   months after they were last changed;
 * - members of the space who have not signed in for some months are erased as on request, each
 *   told once, some days before, that signing in keeps their account;
 * - rows of the message outbox (sent ones keep no recipient or text, only the kind, the
 *   recipient's hash, status and times) are deleted after OUTBOX_KEEP_DAYS, dead ones with them.
 * Run daily by the CMS's cron (config/server.ts) and by hand with `pnpm --filter @passerelle/cms retention`.
 */
export interface RetentionReport {
  signaturesAnonymised: number;
  consultationContactsErased: number;
  registrationsErased: number;
  orphansErased: number;
  suspectsErased: number;
  contactRequestsErased: number;
  /** Development only: messages of the dev outbox older than DEV_OUTBOX_DAYS. */
  devOutboxMessagesErased: number;
  /** Rows of the durable outbox older than OUTBOX_KEEP_DAYS, whatever their status. */
  outboxMessagesErased: number;
  /** Text-message conversations past their 30 minutes, and records of messages received over a day ago. */
  smsConversationsErased: number;
  /** Alert requests never confirmed, once their confirmation link expired. */
  alertRequestsErased: number;
  /** The practitioners' space: sessions past their idle or absolute limit, sign-in requests over a day old. */
  spaceSessionsErased: number;
  spaceSignInsErased: number;
  /** Calendar subscription addresses of members no longer active or gone (refused already; erased here). */
  spaceCalendarTokensErased: number;
  /** Requests for a hand resolved (or past their needed-by date) longer than the period ago, and their threads' replies. */
  handRequestsErased: number;
  handRepliesErased: number;
  /** Rows of private training progress untouched for the period, or whose member is gone. */
  trainingProgressErased: number;
  /** Messages of tables' and resources' threads older than the period, and those whose table or resource is gone. */
  threadMessagesErased: number;
  /** Shared resources of the space last changed longer than the period ago, each with its thread and its stored document. */
  spaceResourcesErased: number;
  /** Members of the space told that they will be erased for inactivity, and those erased (as on request). */
  spaceMembersWarned: number;
  spaceMembersErased: number;
  /** Members-only peer sessions ended longer than the period ago, and registrations with no session or no member left. */
  peerSessionsErased: number;
  peerRegistrationsErased: number;
}

/** What every step gets; each step returns the counters it moved (added into the report). */
export interface RetentionContext {
  strapi: Core.Strapi;
  now: Date;
  policy: RetentionPolicy;
}
export type RetentionStep = (context: RetentionContext) => Promise<Partial<RetentionReport>>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Keeps `$in` lists well under every database's bound-parameter limit. */
const CHUNK = 500;

const uids = {
  signature: 'api::participation.signature',
  registration: 'api::participation.registration',
  seatPool: 'api::participation.event-seat-pool',
  consultationResponse: 'api::participation.consultation-response',
  interest: 'api::participation.interest',
  eventProposal: 'api::participation.event-proposal',
  petition: 'api::petition.petition',
  consultation: 'api::consultation.consultation',
  event: 'api::event.event',
  call: 'api::call.call',
} as const;

/** `months` calendar months before `now`. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Keeps the forward sortation area (`H2R`) of a normalised postal code such as `H2R 1A1`. */
export function fsaOnly(postalCode: string | null | undefined): string | null {
  return postalCode ? postalCode.replace(/\s+/g, '').slice(0, 3).toUpperCase() : null;
}

type Row = Record<string, unknown> & { id: number };
type Where = Record<string, unknown>;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Documents whose every row (each locale, draft and published) ended before the cutoff. A draft
 * may carry a later date than the published version (an OC extending a petition): until that
 * later date has passed too, the item may still run, and its rows are still needed.
 */
async function documentsEndedBefore(strapi: Core.Strapi, uid: string, ended: Where, notEnded: Where): Promise<string[]> {
  const candidates = (await strapi.db.query(uid).findMany({ where: ended, select: ['documentId'] })) as Array<{ documentId: string }>;
  const ids = [...new Set(candidates.map((c) => c.documentId))];
  const stillRunning = new Set<string>();
  for (const part of chunks(ids)) {
    const rows = (await strapi.db.query(uid).findMany({ where: { documentId: { $in: part }, ...notEnded }, select: ['documentId'] })) as Array<{ documentId: string }>;
    for (const row of rows) stillRunning.add(row.documentId);
  }
  return ids.filter((id) => !stillRunning.has(id));
}

const closedBefore = (strapi: Core.Strapi, uid: string, cutoff: Date) =>
  documentsEndedBefore(strapi, uid, { closesAt: { $lt: cutoff } }, { closesAt: { $gte: cutoff } });

/** An event ends at `endsAt`, or at `startsAt` when it has no end. */
const eventsEndedBefore = (strapi: Core.Strapi, cutoff: Date) =>
  documentsEndedBefore(
    strapi,
    uids.event,
    { $or: [{ endsAt: { $lt: cutoff } }, { endsAt: { $null: true }, startsAt: { $lt: cutoff } }] },
    { $or: [{ endsAt: { $gte: cutoff } }, { endsAt: { $null: true }, startsAt: { $gte: cutoff } }] },
  );

const hasContact = { $or: [{ name: { $notNull: true } }, { email: { $notNull: true } }, { phone: { $notNull: true } }, { ipHash: { $notNull: true } }] };

const anonymiseSignatures: RetentionStep = async ({ strapi, now, policy }) => {
  const petitionIds = await closedBefore(strapi, uids.petition, monthsBefore(now, policy.signatureMonthsAfterClose));
  let anonymised = 0;
  for (const part of chunks(petitionIds)) {
    const toAnonymise = (await strapi.db.query(uids.signature).findMany({
      where: { petitionDocumentId: { $in: part }, ...hasContact },
      select: ['id', 'postalCode'],
    })) as Row[];
    await strapi.db.transaction(async () => {
      for (const row of toAnonymise) {
        await strapi.db.query(uids.signature).update({
          where: { id: row.id },
          data: {
            name: null,
            email: null,
            phone: null,
            emailKey: null,
            phoneKey: null,
            ipHash: null,
            confirmTokenHash: null,
            codeRef: null,
            codeHash: null,
            postalCode: fsaOnly(row.postalCode as string | null),
          },
        });
      }
    });
    anonymised += toAnonymise.length;
  }
  return { signaturesAnonymised: anonymised };
};

const eraseConsultationContacts: RetentionStep = async ({ strapi, now, policy }) => {
  const cutoff = new Date(now.getTime() - policy.consultationContactDaysAfterClose * DAY_MS);
  let erased = 0;
  for (const part of chunks(await closedBefore(strapi, uids.consultation, cutoff))) {
    const result = await strapi.db.query(uids.consultationResponse).updateMany({
      where: { consultationDocumentId: { $in: part }, ...hasContact },
      data: { name: null, email: null, phone: null, ipHash: null },
    });
    erased += result.count;
  }
  return { consultationContactsErased: erased };
};

const eraseRegistrations: RetentionStep = async ({ strapi, now, policy }) => {
  const cutoff = new Date(now.getTime() - policy.registrationDaysAfterEvent * DAY_MS);
  let erased = 0;
  for (const part of chunks(await eventsEndedBefore(strapi, cutoff))) {
    const result = await strapi.db.query(uids.registration).deleteMany({ where: { eventDocumentId: { $in: part } } });
    erased += result.count;
  }
  return { registrationsErased: erased };
};

/** Private rows and the public item each points to, by the item's `documentId`. */
const pointers = [
  { uid: uids.signature, attribute: 'petitionDocumentId', target: uids.petition },
  { uid: uids.registration, attribute: 'eventDocumentId', target: uids.event },
  { uid: uids.seatPool, attribute: 'eventDocumentId', target: uids.event },
  { uid: uids.consultationResponse, attribute: 'consultationDocumentId', target: uids.consultation },
  { uid: uids.interest, attribute: 'callDocumentId', target: uids.call },
  // A proposal's draft event: an OC turning the proposal down deletes it.
  { uid: uids.eventProposal, attribute: 'proposedEventDocumentId', target: uids.event },
] as const;

function columnOf(strapi: Core.Strapi, uid: string, attribute: string): string {
  return (strapi.db.metadata.get(uid).attributes[attribute] as { columnName?: string }).columnName ?? attribute;
}

/**
 * Rows whose item has no row left at all, in any locale, draft or published: a draft-only or
 * unpublished item still exists. One anti-join per kind, the same SQL on SQLite and PostgreSQL.
 */
const eraseOrphans: RetentionStep = async ({ strapi }) => {
  const knex = strapi.db.connection;
  let erased = 0;
  for (const { uid, attribute, target } of pointers) {
    const table = strapi.db.metadata.get(uid).tableName;
    const targetTable = strapi.db.metadata.get(target).tableName;
    const pointer = columnOf(strapi, uid, attribute);
    const rows = (await knex(table)
      .select({ id: columnOf(strapi, uid, 'id') })
      .whereNotNull(pointer)
      .whereNotExists(function (this: QueryBuilder) {
        this.select(knex.raw('1'))
          .from(targetTable)
          .whereRaw('??.?? = ??.??', [targetTable, columnOf(strapi, target, 'documentId'), table, pointer]);
      })) as Array<{ id: number }>;
    for (const part of chunks(rows.map((r) => r.id))) {
      const result = await strapi.db.query(uid).deleteMany({ where: { id: { $in: part } } });
      erased += result.count;
    }
  }
  return { orphansErased: erased };
};

const eraseSuspects: RetentionStep = async ({ strapi, now, policy }) => {
  // Suspect submissions of every kind, by the time they came in.
  const cutoffMs = now.getTime() - policy.suspectDays * DAY_MS;
  let erased = 0;
  for (const uid of [uids.signature, uids.registration, uids.consultationResponse, uids.interest, uids.eventProposal]) {
    // A repeated registration is kept only for the address's rate limits, like a suspect one.
    const held = uid === uids.registration ? { $or: [{ suspectReason: { $notNull: true } }, { registrationStatus: 'duplicate' }] } : { suspectReason: { $notNull: true } };
    const result = await strapi.db.query(uid).deleteMany({ where: { ...held, submittedAtMs: { $lt: cutoffMs } } });
    erased += result.count;
  }
  return { suspectsErased: erased };
};

const eraseContactRequests: RetentionStep = async ({ strapi, now, policy }) => {
  const cutoffMs = now.getTime() - policy.contactRequestDays * DAY_MS;
  let erased = 0;
  for (const uid of [uids.interest, uids.eventProposal]) {
    const result = await strapi.db.query(uid).deleteMany({ where: { submittedAtMs: { $lt: cutoffMs } } });
    erased += result.count;
  }
  return { contactRequestsErased: erased };
};

/** The dev outbox (development and test only) keeps the messages' full text: a few days at most. */
const purgeOldDevOutboxMessages: RetentionStep = async ({ now }) => ({ devOutboxMessagesErased: purgeDevOutbox(now) });

/**
 * The durable outbox: a sent message is already down to its kind, hash, status and times; after
 * OUTBOX_KEEP_DAYS it goes entirely. A message still unsent by then (dead, or never deliverable)
 * goes too: what it carried (a code, a link) has long expired.
 */
const purgeOldOutboxMessages: RetentionStep = async ({ strapi, now }) => {
  const { table, column } = outboxTable(strapi);
  const cutoff = now.getTime() - messageSettings().outbox.keepDays * DAY_MS;
  const erased = (await strapi.db.connection(table).where(column('queuedAtMs'), '<', cutoff).whereNot(column('deliveryStatus'), 'sending').delete()) as number;
  return { outboxMessagesErased: erased };
};

/**
 * Text messages in: a conversation past its timeout is as if it never was; the record of a
 * message received (its id, against replays, and the sender's hash, for the hourly limit) is
 * useless after a day — providers retry within hours.
 */
const purgeSmsConversations: RetentionStep = async ({ strapi, now }) => {
  const conversations = await deleteExpiredConversations(strapi, now.getTime());
  await strapi.db.query('api::participation.sms-inbound').deleteMany({ where: { receivedAtMs: { $lt: now.getTime() - DAY_MS } } });
  // The phone line's records (hourly limits, once per call) are useless after a day as well.
  await strapi.db.query('api::participation.voice-action').deleteMany({ where: { atMs: { $lt: now.getTime() - DAY_MS } } });
  return { smsConversationsErased: conversations };
};

/** An alert asked for and never confirmed: its link has expired, so it can never start; nothing of it stays. */
const eraseUnconfirmedAlerts: RetentionStep = async ({ strapi, now }) => {
  const { count } = await strapi.db
    .query('api::participation.alert-subscription')
    .deleteMany({ where: { subscriptionStatus: 'pending', confirmExpiresAtMs: { $lt: now.getTime() } } });
  return { alertRequestsErased: count };
};

/**
 * The practitioners' space: a session past its limits can never be used again (it is refused and
 * deleted when presented); a sign-in request lives 15 minutes and counts for the hourly limits,
 * so a day is plenty.
 */
const eraseSpaceSessions: RetentionStep = async ({ strapi, now }) => {
  const at = now.getTime();
  const sessions = await strapi.db
    .query(sessionUid)
    .deleteMany({ where: { $or: [{ lastSeenAtMs: { $lte: at - idleMs } }, { createdAtMs: { $lte: at - maxAgeMs } }] } });
  // Sign-in requests a day after they were made (they live 15 minutes); invitations once their 7 days are over.
  const signIns = await strapi.db.query(signInUid).deleteMany({
    where: { $or: [{ inviterDocumentId: { $null: true }, submittedAtMs: { $lt: at - DAY_MS } }, { inviterDocumentId: { $notNull: true }, expiresAtMs: { $lte: at } }] },
  });
  return { spaceSessionsErased: sessions.count, spaceSignInsErased: signIns.count };
};

/**
 * A calendar address is refused once its member is inactive, erased or off its table (and deleted
 * when presented); the ones nobody presents again are erased here. Members are few: one list.
 */
const eraseSpaceCalendarTokens: RetentionStep = async ({ strapi }) => {
  const active = (await strapi.db.query(practitionerUid).findMany({ where: { active: true }, select: ['documentId'] })) as Array<{ documentId: string }>;
  const { count } = await strapi.db.query(calendarTokenUid).deleteMany({ where: { practitionerDocumentId: { $notIn: active.map((m) => m.documentId) } } });
  return { spaceCalendarTokensErased: count };
};

/**
 * Requests for a hand are working notes between members: once resolved (or, for one nobody
 * resolved, once its needed-by date is past) they are kept `handRequestMonthsAfterResolved`
 * months, then deleted with every reply of their thread. Replies whose request is gone go too.
 */
const eraseHandRequests: RetentionStep = async ({ strapi, now, policy }) => {
  const cutoff = monthsBefore(now, policy.handRequestMonthsAfterResolved);
  const old = (await strapi.db.query(handRequestUid).findMany({
    where: { $or: [{ requestStatus: 'resolved', resolvedAt: { $lt: cutoff } }, { neededBy: { $lt: cutoff.toISOString().slice(0, 10) } }] },
    select: ['id'],
  })) as Row[];
  let replies = 0;
  let requests = 0;
  for (const part of chunks(old.map((r) => r.id))) {
    replies += (await strapi.db.query(handReplyUid).deleteMany({ where: { handRequest: { id: { $in: part } } } })).count;
    requests += (await strapi.db.query(handRequestUid).deleteMany({ where: { id: { $in: part } } })).count;
  }
  replies += (await strapi.db.query(handReplyUid).deleteMany({ where: { handRequest: { id: { $null: true } } } })).count;
  return { handRequestsErased: requests, handRepliesErased: replies };
};

/**
 * Training progress is the member's own memo: a unit's row nobody touched for
 * `trainingProgressMonthsIdle` months goes, and a row whose member was deleted (the relation went
 * with the record) goes at once.
 */
const eraseTrainingProgress: RetentionStep = async ({ strapi, now, policy }) => {
  const cutoff = monthsBefore(now, policy.trainingProgressMonthsIdle).getTime();
  const old = (await strapi.db.query(trainingProgressUid).findMany({ where: { $or: [{ updatedAtMs: { $lt: cutoff } }, { member: { id: { $null: true } } }] }, select: ['id'] })) as Row[];
  let erased = 0;
  for (const part of chunks(old.map((r) => r.id))) erased += (await strapi.db.query(trainingProgressUid).deleteMany({ where: { id: { $in: part } } })).count;
  return { trainingProgressErased: erased };
};

/**
 * Threads are conversations, not records: a message is deleted `threadMessageMonths` months after
 * it was posted (what a table decided lives in its minutes). A message whose table and resource
 * are both gone (deleted in the admin) is nobody's to read: deleted too.
 */
const eraseThreadMessages: RetentionStep = async ({ strapi, now, policy }) => {
  const cutoff = monthsBefore(now, policy.threadMessageMonths).getTime();
  // Two statements: with the joins, `createdAtMs` would be ambiguous (other tables have one too).
  const old = await strapi.db.query(threadMessageUid).deleteMany({ where: { createdAtMs: { $lt: cutoff } } });
  const orphans = await strapi.db.query(threadMessageUid).deleteMany({ where: { roundTable: { id: { $null: true } }, resource: { id: { $null: true } } } });
  return { threadMessagesErased: old.count + orphans.count };
};

/**
 * A shared resource is a working tool, not an archive, and it carries its author's name and
 * possibly a document about people: it goes `spaceResourceMonths` months after it was last changed
 * (Strapi's `updatedAt`), through the space's own deletion — its thread in the same transaction,
 * its stored file once the rows are gone for good. A file whose removal fails is logged and left
 * unreachable (no row names it); the next run does not see it again.
 */
const eraseSpaceResources: RetentionStep = async ({ strapi, now, policy }) => {
  const cutoff = monthsBefore(now, policy.spaceResourceMonths);
  const old = (await strapi.db.query(resourceUid).findMany({ where: { updatedAt: { $lt: cutoff } }, select: ['documentId'] })) as Array<{ documentId: string }>;
  for (const row of old) await deleteResource(strapi, row.documentId);
  return { spaceResourcesErased: old.length };
};

/**
 * A members-only peer session is a date, not a record: it goes with its registrations
 * `peerSessionMonthsAfterEnd` months after it ended. A registration whose session or member was
 * deleted (in the admin, or by an erasure) goes at once.
 */
const erasePeerSessions: RetentionStep = async ({ strapi, now, policy }) => {
  const cutoff = monthsBefore(now, policy.peerSessionMonthsAfterEnd).toISOString();
  const old = (await strapi.db.query(peerSessionUid).findMany({ where: { endsAt: { $lt: cutoff } }, select: ['id'] })) as Row[];
  let sessions = 0;
  let registrations = 0;
  for (const part of chunks(old.map((r) => r.id))) {
    registrations += (await strapi.db.query(peerRegistrationUid).deleteMany({ where: { session: { id: { $in: part } } } })).count;
    sessions += (await strapi.db.query(peerSessionUid).deleteMany({ where: { id: { $in: part } } })).count;
  }
  registrations += (await strapi.db.query(peerRegistrationUid).deleteMany({ where: { $or: [{ session: { id: { $null: true } } }, { member: { id: { $null: true } } }] } })).count;
  return { peerSessionsErased: sessions, peerRegistrationsErased: registrations };
};

/** Members who have not used the space for the period: told once, then erased (space/inactive-members.ts). */
const eraseInactiveMembers: RetentionStep = ({ strapi, now, policy }) => forgetInactiveMembers(strapi, now.getTime(), policy.spaceInactiveMemberMonths);

/** In order: anonymise and erase by dates first, then what lost its item, then by age. */
const steps: RetentionStep[] = [
  anonymiseSignatures,
  eraseConsultationContacts,
  eraseRegistrations,
  eraseOrphans,
  eraseSuspects,
  eraseContactRequests,
  purgeOldDevOutboxMessages,
  purgeOldOutboxMessages,
  purgeSmsConversations,
  eraseUnconfirmedAlerts,
  eraseInactiveMembers,
  eraseSpaceSessions,
  eraseSpaceCalendarTokens,
  eraseHandRequests,
  eraseTrainingProgress,
  eraseSpaceResources,
  eraseThreadMessages,
  erasePeerSessions,
];

export async function applyRetention(
  strapi: Core.Strapi,
  now: Date = new Date(),
  policy: RetentionPolicy = retentionFromEnv(cmsConfig().retention),
): Promise<RetentionReport> {
  const report: RetentionReport = {
    signaturesAnonymised: 0,
    consultationContactsErased: 0,
    registrationsErased: 0,
    orphansErased: 0,
    suspectsErased: 0,
    contactRequestsErased: 0,
    devOutboxMessagesErased: 0,
    outboxMessagesErased: 0,
    smsConversationsErased: 0,
    alertRequestsErased: 0,
    spaceSessionsErased: 0,
    spaceSignInsErased: 0,
    spaceCalendarTokensErased: 0,
    handRequestsErased: 0,
    handRepliesErased: 0,
    trainingProgressErased: 0,
    threadMessagesErased: 0,
    spaceResourcesErased: 0,
    spaceMembersWarned: 0,
    spaceMembersErased: 0,
    peerSessionsErased: 0,
    peerRegistrationsErased: 0,
  };
  for (const step of steps) {
    const counters = await step({ strapi, now, policy });
    for (const [key, value] of Object.entries(counters) as Array<[keyof RetentionReport, number]>) report[key] += value;
  }
  return report;
}

/** The daily job: logs what it did, and never throws into the cron runner. */
/**
 * The nightly run (config/server.ts): once across all CMS instances, whichever gets the job's lock
 * (operations/scheduled-jobs.ts); `fireDate` is the time the scheduler meant, the same everywhere.
 */
export async function runScheduledRetention(strapi: Core.Strapi, fireDate?: Date): Promise<void> {
  await runScheduledJob(strapi, 'retention', fireDate, async () => {
    const report = await applyRetention(strapi);
    strapi.log.info(`[retention] ${JSON.stringify(report)}`);
  });
}
