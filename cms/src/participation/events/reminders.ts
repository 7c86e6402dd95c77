import type { Core } from '@strapi/strapi';
import { eventReminderSms } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { cmsConfig } from '../../config';
import { runScheduledJob } from '../../operations/scheduled-jobs';
import { queueEmail, queueSms, outboxUid, type MessageOrigin } from '../messages/send';
import { sha256 } from '../crypto';
import { isUniqueViolation } from '../petitions/signatures';
import { shortWhen } from '../sms/links';
import { findEventByDocumentId, type EventTarget } from './event-lookup';
import { cancelLink } from './messages';
import { cancelTokenFor } from './registrations';

/**
 * The day before an event, each confirmed registration gets one reminder by the channel(s) it
 * gave: title, time, place, and how to free the seat (the cancel link by email, `ANNULER` by text).
 *
 * "The day before" is the calendar day in Montréal: a run at `now` reminds the events whose start
 * falls on the next Montréal date, and only while the Montréal hour is within `EVENT_REMINDER_HOURS`
 * (no text at 3 a.m.). The job runs hourly (`EVENT_REMINDER_CRON`): the first run of the window
 * reminds everyone registered by then; the later ones, whoever was seated since (a promotion from
 * the waiting list). A registration made on the day before itself gets none: its confirmation, hours
 * old, says the same.
 *
 * Once per registration and event date: the messages' idempotency key is
 * `event-reminder:<channel>:<registration>:<date>`, checked and written in one transaction per
 * registration, and the outbox's unique index refuses a second one (two runs racing). A run that
 * stops anywhere (a crash, a restart) leaves every registration either reminded or not at all, and
 * the next run reminds the rest. An event moved to another day gets a reminder for its new day; one
 * unpublished, deleted or cancelled gets none (the event is read at the run, in the registration's language).
 */
const registrationUid = 'api::participation.registration';
const eventUid = 'api::event.event';
export const reminderTimeZone = 'America/Toronto';
const hourMs = 3_600_000;

export interface ReminderHours {
  /** First hour of the day (Montréal) at which reminders go out. */
  from: number;
  /** Reminders stop at this hour (exclusive). */
  until: number;
}

export interface ReminderReport {
  /** `false`: the run was outside the hours and did nothing. */
  inHours: boolean;
  /** The Montréal date whose events were reminded (`YYYY-MM-DD`). */
  eventDate: string;
  reminded: number;
  alreadyReminded: number;
  /** Event unpublished, cancelled, moved to another day, or the registration changed during the run. */
  skipped: number;
}

export function reminderHours(value: string = cmsConfig().strapi.EVENT_REMINDER_HOURS): ReminderHours {
  const [from, until] = value.split('-').map(Number) as [number, number];
  return { from, until };
}

const dateParts = new Intl.DateTimeFormat('en-CA', { timeZone: reminderTimeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

/** The Montréal calendar date (`YYYY-MM-DD`) and hour of an instant. */
export function montrealDay(at: Date | number): { date: string; hour: number } {
  const parts = Object.fromEntries(dateParts.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The calendar date after `date` (no time zone involved: a date is a date). */
export function dayAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const reminderOrigin = (registrationDocumentId: string, eventDate: string): MessageOrigin => ({ kind: 'event-reminder', key: `${registrationDocumentId}:${eventDate}` });

/** The registration a reminder's key names: ANNULER after a reminder cancels that one (sms/commands.ts). */
export function registrationOfReminderKey(idempotencyKey: string): string | null {
  const match = /^event-reminder:(?:email|sms):([^:]+):\d{4}-\d{2}-\d{2}$/.exec(idempotencyKey);
  return match ? match[1]! : null;
}

export async function sendEventReminders(
  strapi: Core.Strapi,
  now: Date = new Date(),
  hours: ReminderHours = reminderHours(),
  /** Stop after this many registrations reminded (a run cut short, as by a crash; tests). */
  limit = Number.POSITIVE_INFINITY,
): Promise<ReminderReport> {
  const today = montrealDay(now);
  const eventDate = dayAfter(today.date);
  const report: ReminderReport = { inHours: today.hour >= hours.from && today.hour < hours.until, eventDate, reminded: 0, alreadyReminded: 0, skipped: 0 };
  if (!report.inHours) return report;

  // Tomorrow in Montréal lies within the next 49 hours whatever the hour and the DST change.
  const rows = (await strapi.db.query(eventUid).findMany({
    where: { publishedAt: { $notNull: true }, startsAt: { $gt: now, $lte: new Date(now.getTime() + 49 * hourMs) } },
    select: ['documentId', 'startsAt'],
  })) as Array<{ documentId: string; startsAt: string }>;
  const eventIds = [...new Set(rows.filter((r) => montrealDay(Date.parse(r.startsAt)).date === eventDate).map((r) => r.documentId))];

  for (const eventDocumentId of eventIds) {
    const registrations = (await strapi.db.query(registrationUid).findMany({
      where: { eventDocumentId, registrationStatus: 'confirmed' },
      select: ['id', 'documentId', 'email', 'phone', 'people', 'language', 'submittedAtMs'],
      orderBy: [{ id: 'asc' }],
    })) as Array<Record<string, any>>;
    const events = new Map<Locale, EventTarget | null>();
    for (const registration of registrations) {
      if (report.reminded >= limit) return report;
      if (montrealDay(Number(registration.submittedAtMs)).date >= today.date) continue;
      const language: Locale = registration.language === 'en' ? 'en' : 'fr';
      if (!events.has(language)) events.set(language, await findEventByDocumentId(strapi, eventDocumentId, language));
      const event = events.get(language);
      // Cancelled: its registrants were told so (cancellation.ts); a reminder would contradict it.
      if (!event || event.cancelled || montrealDay(Date.parse(event.startsAt)).date !== eventDate) {
        report.skipped += 1;
        continue;
      }
      const outcome = await remindOnce(strapi, event, Number(registration.id), String(registration.documentId), eventDate);
      if (outcome === 'reminded') report.reminded += 1;
      else if (outcome === 'already') report.alreadyReminded += 1;
      else report.skipped += 1;
    }
  }
  return report;
}

/** One registration's reminder, in its own transaction: all of its messages, or none. */
async function remindOnce(strapi: Core.Strapi, event: EventTarget, id: number, documentId: string, eventDate: string): Promise<'reminded' | 'already' | 'gone'> {
  const origin = reminderOrigin(documentId, eventDate);
  try {
    return await strapi.db.transaction(async () => {
      // Read again inside the transaction: cancelled or erased since the list was read → nothing.
      const registration = (await strapi.db.query(registrationUid).findOne({ where: { id, registrationStatus: 'confirmed' } })) as Record<string, any> | null;
      if (!registration) return 'gone';
      const keys = (['email', 'sms'] as const).map((channel) => `${origin.kind}:${channel}:${origin.key}`);
      if ((await strapi.db.query(outboxUid).count({ where: { idempotencyKey: { $in: keys } } })) > 0) return 'already';
      const language: Locale = registration.language === 'en' ? 'en' : 'fr';
      const place = event.address ?? t(language, 'reminderPlaceOnPage');
      const when = new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'full', timeStyle: 'short', timeZone: reminderTimeZone }).format(
        new Date(event.startsAt),
      );
      const token = cancelTokenFor(documentId);
      // Rows from before derived cancel tokens held a random one: from now on their link is the derived one.
      if (registration.cancelTokenHash !== sha256(token)) await strapi.db.query(registrationUid).update({ where: { id }, data: { cancelTokenHash: sha256(token) }, select: ['id'] });
      let queued = false;
      if (registration.email) {
        await queueEmail(strapi, origin, {
          to: String(registration.email),
          subject: t(language, 'mailReminderSubject', { title: event.title }),
          text: t(language, 'mailReminderBody', { title: event.title, when, place, people: Number(registration.people), link: cancelLink(token, language) }),
        });
        queued = true;
      }
      if (registration.phone) {
        const text = eventReminderSms(language, { title: event.title, when: shortWhen(event.startsAt, language), place });
        queued = (await queueSms(strapi, origin, String(registration.phone), text)) || queued;
      }
      return queued ? 'reminded' : 'gone';
    });
  } catch (error) {
    // Another run queued the same reminder between our check and our insert.
    if (isUniqueViolation(error)) return 'already';
    throw error;
  }
}

/** The hourly run (config/server.ts): once across all CMS instances, like the retention sweep. */
export async function runScheduledEventReminders(strapi: Core.Strapi, fireDate?: Date): Promise<void> {
  await runScheduledJob(strapi, 'event-reminders', fireDate, async () => {
    const report = await sendEventReminders(strapi);
    if (report.inHours) strapi.log.info(`[event-reminders] ${JSON.stringify(report)}`);
  });
}
