import type { Core } from '@strapi/strapi';
import { retentionFromEnv, type RetentionPolicy } from '../generated/privacy/retention';
import { purgeDevOutbox } from './messages/outbox';

/**
 * Law 25: personal information is kept only as long as its purpose needs. This job applies the
 * periods of `shared/src/privacy/retention.ts` (the same ones the privacy page states):
 * - signatures of petitions closed for longer than the period are anonymised — name, email, phone,
 *   IP hash, dedupe keys and the postal code beyond its FSA go; status and confirmation date stay,
 *   so the counts do not change;
 * - contact fields of consultation responses are erased once the consultation is closed and its
 *   results are published; the answers themselves carry no name and stay for the results;
 * - registrations are erased some days after their event;
 * - suspect submissions (rate limits, honeypot) are erased after some days;
 * - "I'm interested" messages and event proposals are erased some days after they came in.
 * Run daily by the CMS's cron (config/server.ts) and by hand with `pnpm --filter @passerelle/cms retention`.
 */
export interface RetentionReport {
  signaturesAnonymised: number;
  consultationContactsErased: number;
  registrationsErased: number;
  suspectsErased: number;
  contactRequestsErased: number;
  /** Development only: messages of the dev outbox older than DEV_OUTBOX_DAYS. */
  devOutboxMessagesErased: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const uids = {
  signature: 'api::participation.signature',
  registration: 'api::participation.registration',
  consultationResponse: 'api::participation.consultation-response',
  interest: 'api::participation.interest',
  eventProposal: 'api::participation.event-proposal',
  petition: 'api::petition.petition',
  consultation: 'api::consultation.consultation',
  event: 'api::event.event',
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

export async function applyRetention(
  strapi: Core.Strapi,
  now: Date = new Date(),
  policy: RetentionPolicy = retentionFromEnv(process.env),
): Promise<RetentionReport> {
  const db = strapi.db;
  const report: RetentionReport = {
    signaturesAnonymised: 0,
    consultationContactsErased: 0,
    registrationsErased: 0,
    suspectsErased: 0,
    contactRequestsErased: 0,
    devOutboxMessagesErased: 0,
  };

  // Petitions: every row (draft or published, any locale) shares its document's closing date.
  const signatureCutoff = monthsBefore(now, policy.signatureMonthsAfterClose);
  const closedPetitions = (await db.query(uids.petition).findMany({
    where: { closesAt: { $lt: signatureCutoff } },
    select: ['documentId'],
  })) as Array<{ documentId: string }>;
  const petitionIds = [...new Set(closedPetitions.map((p) => p.documentId))];
  if (petitionIds.length > 0) {
    const toAnonymise = (await db.query(uids.signature).findMany({
      where: {
        petitionDocumentId: { $in: petitionIds },
        $or: [{ name: { $notNull: true } }, { email: { $notNull: true } }, { phone: { $notNull: true } }, { ipHash: { $notNull: true } }],
      },
      select: ['id', 'postalCode'],
    })) as Row[];
    await db.transaction(async () => {
      for (const row of toAnonymise) {
        await db.query(uids.signature).update({
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
    report.signaturesAnonymised = toAnonymise.length;
  }

  // Consultations closed with published results: the follow-up contact is no longer needed.
  const finished = (await db.query(uids.consultation).findMany({
    where: { closesAt: { $lt: now }, results: { $notNull: true }, publishedAt: { $notNull: true } },
    select: ['documentId', 'results'],
  })) as Array<{ documentId: string; results: string | null }>;
  const finishedIds = [...new Set(finished.filter((c) => c.results?.trim()).map((c) => c.documentId))];
  if (finishedIds.length > 0) {
    const result = await db.query(uids.consultationResponse).updateMany({
      where: {
        consultationDocumentId: { $in: finishedIds },
        $or: [{ name: { $notNull: true } }, { email: { $notNull: true } }, { phone: { $notNull: true } }, { ipHash: { $notNull: true } }],
      },
      data: { name: null, email: null, phone: null, ipHash: null },
    });
    report.consultationContactsErased = result.count;
  }

  // Registrations: some days after the event ended (or started, when it has no end).
  const registrationCutoff = new Date(now.getTime() - policy.registrationDaysAfterEvent * DAY_MS);
  const pastEvents = (await db.query(uids.event).findMany({
    where: {
      $or: [
        { endsAt: { $lt: registrationCutoff } },
        { endsAt: { $null: true }, startsAt: { $lt: registrationCutoff } },
      ],
    },
    select: ['documentId'],
  })) as Array<{ documentId: string }>;
  const pastEventIds = [...new Set(pastEvents.map((e) => e.documentId))];
  if (pastEventIds.length > 0) {
    const result = await db.query(uids.registration).deleteMany({ where: { eventDocumentId: { $in: pastEventIds } } });
    report.registrationsErased = result.count;
  }

  // Suspect submissions of every kind, and contact requests, by the time they came in.
  const suspectCutoffMs = now.getTime() - policy.suspectDays * DAY_MS;
  for (const uid of [uids.signature, uids.registration, uids.consultationResponse, uids.interest, uids.eventProposal]) {
    const result = await db.query(uid).deleteMany({
      where: { suspectReason: { $notNull: true }, submittedAtMs: { $lt: suspectCutoffMs } },
    });
    report.suspectsErased += result.count;
  }
  const contactCutoffMs = now.getTime() - policy.contactRequestDays * DAY_MS;
  for (const uid of [uids.interest, uids.eventProposal]) {
    const result = await db.query(uid).deleteMany({ where: { submittedAtMs: { $lt: contactCutoffMs } } });
    report.contactRequestsErased += result.count;
  }

  report.devOutboxMessagesErased = purgeDevOutbox(now);
  return report;
}

/** The daily job: logs what it did, and never throws into the cron runner. */
export async function runScheduledRetention(strapi: Core.Strapi): Promise<void> {
  try {
    const report = await applyRetention(strapi);
    strapi.log.info(`[retention] ${JSON.stringify(report)}`);
  } catch (error) {
    strapi.log.error(`[retention] failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}
