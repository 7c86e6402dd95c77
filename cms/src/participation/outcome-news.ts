import type { Core } from '@strapi/strapi';
import { outcomeRevision, type OutcomeStatus } from '@passerelle/shared/content';
import { consultationPagePath, outcomeEmail, outcomeSms, petitionPagePath, type OutcomeMessageInput } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { shortLinkPath } from '@passerelle/shared/short-links';
import { afterPublish } from '../document-middlewares/after-publish';
import type { DocumentMiddleware, StrapiInstance } from '../document-middlewares/types';
import { participationConfig } from './config';
import { outboxUid, queueMany, type BatchMessage } from './messages/send';

/**
 * "What changed": when an OC publishes a petition or a consultation whose outcome is new or changed,
 * every resident who asked for news is told once, in their language, on the channel they used:
 * confirmed signatures with `wantsUpdates` (a text to those who confirmed by text, an email to the
 * others), and consultation answers with `followUpConsent` (their email, else their phone).
 *
 * An outcome's revision is its status and its day (shared `outcomeRevision`): the key
 * `outcome:<channel>:<row documentId>:<revision>` makes a re-publish without change send nothing,
 * a corrected text send nothing, a new status or day send one more each. Batches of 500 are queued
 * in one transaction each, so a process that stops half-way leaves whole batches, and the next
 * publish (or `tellOutcome` again) queues only the rest. Queued after the publish succeeded; a
 * failure here is logged and never undoes the OC's publish.
 */
type Kind = OutcomeMessageInput['kind'];

interface Audience {
  kind: Kind;
  rowUid: string;
  itemField: string;
  where: Record<string, unknown>;
  /** The channel the person used, and where to reach them on it. */
  contact(row: AudienceRow): { channel: 'email' | 'sms'; to: string } | null;
}

interface AudienceRow {
  id: number;
  documentId: string;
  email: string | null;
  phone: string | null;
  language: string | null;
  confirmedBy?: string | null;
}

interface PublishedVersion {
  locale: string;
  title: string;
  slug: string;
  shortCode: string | null;
  outcomeStatus: OutcomeStatus | null;
  outcomeText: string | null;
  outcomeDate: string | null;
}

const audiences: Partial<Record<string, Audience>> = {
  'api::petition.petition': {
    kind: 'petition',
    rowUid: 'api::participation.signature',
    itemField: 'petitionDocumentId',
    where: { signatureStatus: 'confirmed', wantsUpdates: true },
    contact: (row) =>
      row.confirmedBy === 'sms' && row.phone
        ? { channel: 'sms', to: row.phone }
        : row.email
          ? { channel: 'email', to: row.email }
          : row.phone
            ? { channel: 'sms', to: row.phone }
            : null,
  },
  'api::consultation.consultation': {
    kind: 'consultation',
    rowUid: 'api::participation.consultation-response',
    itemField: 'consultationDocumentId',
    // A suspect answer (honeypot, over the limits) is kept for review, never written back to.
    where: { followUpConsent: true, suspectReason: null },
    contact: (row) => (row.email ? { channel: 'email', to: row.email } : row.phone ? { channel: 'sms', to: row.phone } : null),
  },
};

const batchSize = 500;

export function tellOutcomeOnPublish(strapi: StrapiInstance): DocumentMiddleware {
  return afterPublish(strapi, Object.keys(audiences), 'outcomes', (uid, documentId) => tellOutcome(strapi, uid, documentId));
}

/** Queues what is still to send for the item's published outcome; returns how many messages. */
export async function tellOutcome(strapi: Core.Strapi, uid: string, documentId: string): Promise<number> {
  const audience = audiences[uid];
  if (!audience) return 0;
  const versions = (await strapi.db.query(uid as never).findMany({
    where: { documentId, publishedAt: { $notNull: true } },
    select: ['locale', 'title', 'slug', 'shortCode', 'outcomeStatus', 'outcomeText', 'outcomeDate'],
  })) as PublishedVersion[];
  // Status and day are the same in every language; the French version decides if they ever differ.
  const withOutcome = versions.filter((v) => v.outcomeStatus && v.outcomeDate).sort((a, b) => (a.locale === 'fr' ? -1 : b.locale === 'fr' ? 1 : 0));
  const reference = withOutcome[0];
  if (!reference) return 0;
  const revision = outcomeRevision({ status: reference.outcomeStatus!, date: reference.outcomeDate! });
  const siteUrl = participationConfig().siteUrl;
  const messageFor = (row: AudienceRow): BatchMessage | null => {
    const contact = audience.contact(row);
    if (!contact) return null;
    const language: Locale = row.language === 'en' ? 'en' : 'fr';
    // Their language when the item has a version in it; otherwise the other one, rather than nothing.
    const version = withOutcome.find((v) => v.locale === language) ?? reference;
    const pageLocale: Locale = version.locale === 'en' ? 'en' : 'fr';
    const collection = audience.kind === 'petition' ? 'petitions' : 'consultations';
    const pagePath = audience.kind === 'petition' ? petitionPagePath(pageLocale, version.slug) : consultationPagePath(pageLocale, version.slug);
    const input: OutcomeMessageInput = {
      kind: audience.kind,
      title: version.title,
      status: reference.outcomeStatus!,
      date: reference.outcomeDate!,
      text: version.outcomeText?.trim() || null,
      url: `${siteUrl}${version.shortCode ? shortLinkPath(collection, version.shortCode, pageLocale) : pagePath}`,
    };
    const origin = { kind: 'outcome' as const, key: `${row.documentId}:${revision}` };
    if (contact.channel === 'sms') return { origin, channel: 'sms', to: contact.to, text: outcomeSms(language, input) };
    const mail = outcomeEmail(language, input);
    return { origin, channel: 'email', to: contact.to, subject: mail.subject, text: mail.text };
  };

  let queued = 0;
  let lastId = 0;
  for (;;) {
    const rows = (await strapi.db.query(audience.rowUid as never).findMany({
      where: { ...audience.where, [audience.itemField]: documentId, id: { $gt: lastId } },
      select: ['id', 'documentId', 'email', 'phone', 'language', ...(audience.kind === 'petition' ? ['confirmedBy'] : [])],
      orderBy: [{ id: 'asc' }],
      limit: batchSize,
    })) as AudienceRow[];
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1]!.id;
    const messages = rows.map(messageFor).filter((m): m is BatchMessage => m !== null);
    const keyOf = (m: BatchMessage) => `${m.origin.kind}:${m.channel}:${m.origin.key}`;
    const done = new Set(
      messages.length === 0
        ? []
        : ((await strapi.db.query(outboxUid).findMany({ where: { idempotencyKey: { $in: messages.map(keyOf) } }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>).map(
            (r) => r.idempotencyKey,
          ),
    );
    queued += await queueMany(
      strapi,
      messages.filter((m) => !done.has(keyOf(m))),
    );
  }
  if (queued > 0) strapi.log.info(`[outcomes] ${queued} outcome message(s) queued for ${audience.kind} ${documentId} (${revision})`);
  return queued;
}
