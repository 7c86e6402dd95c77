import type { Core } from '@strapi/strapi';
import { eventPagePath, fitSmsValues } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { afterPublish } from '../../document-middlewares/after-publish';
import type { DocumentMiddleware, StrapiInstance } from '../../document-middlewares/types';
import { participationConfig } from '../config';
import { outboxUid, queueMany, type BatchMessage } from '../messages/send';
import { isUniqueViolation } from '../petitions/signatures';
import { shortWhen } from '../sms/links';
import { findEventByDocumentId, type EventTarget } from './event-lookup';
import { reminderTimeZone } from './reminders';

/**
 * An event published with "cancelled" ticked: everyone registered — seated or on the waiting list —
 * is told once, by each channel their registration gave (email, text message), in their language,
 * with the organizers' note and the event page. Once: the key `event-cancelled:<channel>:<registration>`
 * is looked up before and refused twice by the outbox's unique index, so publishing again (a fixed
 * typo in the note) sends nothing more. Queued after the publish succeeded; a failure here is
 * logged and never undoes the OC's publish. Registrations stay as they are: the registration form
 * and `OUI n` refuse the event from now on (acceptsRegistrations), the day-before reminder skips it
 * and no seat freed there is offered to the waiting list (messages.ts).
 */
const eventUid = 'api::event.event';
const registrationUid = 'api::participation.registration';
const batchSize = 500;

export function tellRegistrantsOnCancel(strapi: StrapiInstance): DocumentMiddleware {
  return afterPublish(strapi, [eventUid], 'cancellation', (_uid, documentId) => tellRegistrantsOfCancellation(strapi, documentId));
}

interface RegistrationRow {
  id: number;
  documentId: string;
  email: string | null;
  phone: string | null;
  language: string | null;
}

/** Queues the cancellation messages not queued yet; returns how many. */
export async function tellRegistrantsOfCancellation(strapi: Core.Strapi, eventDocumentId: string, now = new Date()): Promise<number> {
  const published = (await strapi.db.query(eventUid).findMany({
    where: { documentId: eventDocumentId, publishedAt: { $notNull: true } },
    select: ['cancelled', 'startsAt', 'endsAt'],
  })) as Array<{ cancelled: boolean | null; startsAt: string; endsAt: string | null }>;
  const cancelled = published.find((e) => e.cancelled === true);
  // An event already over needs no warning (its registrations are about to be erased anyway).
  if (!cancelled || Date.parse(cancelled.endsAt ?? cancelled.startsAt) < now.getTime()) return 0;

  const events = new Map<Locale, EventTarget | null>();
  const eventIn = async (language: Locale) => {
    if (!events.has(language)) events.set(language, await findEventByDocumentId(strapi, eventDocumentId, language));
    return events.get(language)!;
  };
  let queued = 0;
  let lastId = 0;
  for (;;) {
    const rows = (await strapi.db.query(registrationUid).findMany({
      where: { eventDocumentId, registrationStatus: { $in: ['confirmed', 'waitlisted'] }, id: { $gt: lastId } },
      select: ['id', 'documentId', 'email', 'phone', 'language'],
      orderBy: [{ id: 'asc' }],
      limit: batchSize,
    })) as RegistrationRow[];
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1]!.id;
    queued += await queueBatch(strapi, rows, eventIn);
  }
  return queued;
}

/**
 * One batch, all of it or none (queueMany's one transaction). Two publishes racing over the same
 * registrations: the second one's insert meets the first one's keys; it reads them again and
 * queues only what is left.
 */
async function queueBatch(strapi: Core.Strapi, rows: readonly RegistrationRow[], eventIn: (language: Locale) => Promise<EventTarget | null>): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await queueMany(strapi, await messagesFor(strapi, rows, eventIn));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

const keyOf = (channel: 'email' | 'sms', registrationDocumentId: string) => `event-cancelled:${channel}:${registrationDocumentId}`;

async function messagesFor(strapi: Core.Strapi, rows: readonly RegistrationRow[], eventIn: (language: Locale) => Promise<EventTarget | null>): Promise<BatchMessage[]> {
  const keys = rows.flatMap((r) => [r.email ? keyOf('email', r.documentId) : null, r.phone ? keyOf('sms', r.documentId) : null].filter((k): k is string => k !== null));
  const done = new Set(
    keys.length === 0
      ? []
      : ((await strapi.db.query(outboxUid).findMany({ where: { idempotencyKey: { $in: keys } }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>).map((r) => r.idempotencyKey),
  );
  const messages: BatchMessage[] = [];
  for (const row of rows) {
    const language: Locale = row.language === 'en' ? 'en' : 'fr';
    const event = await eventIn(language);
    // Read in the registration's language: un-cancelled meanwhile, or unpublished, tells nobody.
    if (!event || !event.cancelled) continue;
    const origin = { kind: 'event-cancelled' as const, key: row.documentId };
    const url = `${participationConfig().siteUrl}${eventPagePath(language, event.slug)}`;
    if (row.email && !done.has(keyOf('email', row.documentId))) {
      messages.push({ origin, channel: 'email', to: row.email, ...cancellationEmail(event, language, url) });
    }
    if (row.phone && !done.has(keyOf('sms', row.documentId))) {
      messages.push({ origin, channel: 'sms', to: row.phone, text: cancellationSms(event, language, url) });
    }
  }
  return messages;
}

export function cancellationEmail(event: EventTarget, language: Locale, url: string): { subject: string; text: string } {
  const when = new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'full', timeStyle: 'short', timeZone: reminderTimeZone }).format(new Date(event.startsAt));
  const note = event.cancellationNote ? t(language, 'mailEventCancelledNote', { note: event.cancellationNote }) : '';
  return {
    subject: t(language, 'mailEventCancelledSubject', { title: event.title }),
    text: t(language, 'mailEventCancelledBody', { title: event.title, when, note, url }),
  };
}

/** The note, then the title, give way first: "cancelled", the date and the page stay whole. */
export function cancellationSms(event: EventTarget, language: Locale, url: string): string {
  const fill = (values: Record<string, string>) => t(language, 'smsEventCancelled', values).replace(/ {2,}/g, ' ');
  return fitSmsValues(fill, { title: event.title, when: shortWhen(event.startsAt, language), note: event.cancellationNote ?? '', url }, ['note', 'title']);
}
