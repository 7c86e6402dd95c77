import type { Core } from '@strapi/strapi';
import { alertPlaceName, alertWeekdays, digestEmail, digestSms, type AlertWeekday, type DigestLine } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { cmsConfig } from '../../config';
import { runScheduledJob } from '../../operations/scheduled-jobs';
import { montrealDay, reminderHours, type ReminderHours } from '../events/reminders';
import { outboxUid, queueMany, type BatchMessage } from '../messages/send';
import { alertPlaces, alertTopics, type AlertPlace, type AlertTopic } from './places';
import { alertSubscriptionUid, stopLink, type AlertRow } from './subscriptions';
import { linesFor, loadDigestItems, parseScopeKey, territoryMap, type DigestItem } from './digest-items';

/**
 * The weekly digest. On `ALERT_DIGEST_DAY`, within `ALERT_DIGEST_HOURS` (Montréal time), each run
 * (hourly, once across instances: operations/scheduled-jobs.ts) sends every active subscription its
 * digest for that date, if anything is on in its scope.
 *
 * - Composed once per scope and language: the items are read once per run (digest-items.ts), each
 *   scope's lines are made once and kept for every subscriber of that scope and language.
 * - Exactly once per subscription and date: the key `alert-digest:<channel>:<subscription>:<date>`;
 *   subscriptions are read in id order by batches, and a batch's messages are inserted in one
 *   transaction after leaving out the keys already queued. A run that stops anywhere (a crash, a
 *   restart, `limit`) leaves each subscription either queued or not at all; the next run within the
 *   hours queues the rest. Nobody gets two; nobody is skipped.
 * - Sent at the provider's pace by the outbox worker (messages/worker.ts), not here.
 */
const batchSize = 500;

export interface DigestSchedule {
  day: AlertWeekday;
  hours: ReminderHours;
}

export interface DigestReport {
  /** `false`: not the day, or outside the hours; nothing was read. */
  inWindow: boolean;
  date: string;
  queued: number;
  /** Queued by an earlier run for this date. */
  alreadyQueued: number;
  /** Nothing on in the scope this week: no message (an empty digest is noise). */
  nothingOn: number;
  /** Scopes composed (per scope and language). */
  composed: number;
}

export function digestSchedule(): DigestSchedule {
  const settings = cmsConfig().strapi;
  return { day: settings.ALERT_DIGEST_DAY, hours: reminderHours(settings.ALERT_DIGEST_HOURS) };
}

const weekdayOf = (date: string): AlertWeekday => alertWeekdays[new Date(`${date}T12:00:00Z`).getUTCDay()]!;

/** A scope's words and lines in a language, composed once per run. */
interface Composed {
  place: string;
  lines: DigestLine[];
  sms: string | null;
}

export class DigestComposer {
  private readonly cache = new Map<string, Composed>();
  private readonly territoryOf: Map<string, string>;
  private readonly places: Record<Locale, Map<string, AlertPlace>>;
  private readonly topics: Record<Locale, Map<string, AlertTopic>>;

  constructor(
    private readonly items: readonly DigestItem[],
    places: Record<Locale, readonly AlertPlace[]>,
    topics: Record<Locale, readonly AlertTopic[]>,
  ) {
    this.territoryOf = territoryMap(places.fr);
    this.places = { fr: new Map(places.fr.map((p) => [p.documentId, p])), en: new Map(places.en.map((p) => [p.documentId, p])) };
    this.topics = { fr: new Map(topics.fr.map((x) => [x.documentId, x])), en: new Map(topics.en.map((x) => [x.documentId, x])) };
  }

  static async load(strapi: Core.Strapi, now: Date): Promise<DigestComposer> {
    const [items, placesFr, placesEn, topicsFr, topicsEn] = await Promise.all([
      loadDigestItems(strapi, now),
      alertPlaces(strapi, 'fr'),
      alertPlaces(strapi, 'en'),
      alertTopics(strapi, 'fr'),
      alertTopics(strapi, 'en'),
    ]);
    return new DigestComposer(items, { fr: placesFr, en: placesEn }, { fr: topicsFr, en: topicsEn });
  }

  get composedCount(): number {
    return this.cache.size;
  }

  /** null: the scope's neighbourhood is gone (unpublished, deleted). */
  compose(row: Pick<AlertRow, 'scopeKey' | 'neighbourhoodDocumentId' | 'area' | 'topicDocumentId'>, locale: Locale): Composed | null {
    const key = `${row.scopeKey}|${locale}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const scope = parseScopeKey(row.scopeKey);
    const place = this.places[locale].get(row.neighbourhoodDocumentId);
    if (!scope || !place) return null;
    const topic = row.topicDocumentId ? this.topics[locale].get(row.topicDocumentId) : undefined;
    const words = alertPlaceName(locale, { area: row.area, neighbourhoodName: place.name, territory: place.territory, topicName: topic?.name ?? null });
    const lines = linesFor(this.items, scope, this.territoryOf, locale);
    const composed: Composed = { place: words, lines, sms: lines.length > 0 ? digestSms(locale, words, lines) : null };
    this.cache.set(key, composed);
    return composed;
  }
}

/** The digest message of one subscription, or null when nothing is on in its scope. */
export function digestMessage(composer: DigestComposer, row: AlertRow, date: string): BatchMessage | null {
  const language: Locale = row.language === 'en' ? 'en' : 'fr';
  const composed = composer.compose(row, language);
  if (!composed || composed.lines.length === 0) return null;
  const origin = { kind: 'alert-digest' as const, key: `${row.documentId}:${date}` };
  if (row.channel === 'sms') return row.phone ? { origin, channel: 'sms', to: row.phone, text: composed.sms! } : null;
  if (!row.email) return null;
  const mail = digestEmail(language, composed.place, composed.lines, stopLink(row.documentId, language));
  return { origin, channel: 'email', to: row.email, subject: mail.subject, text: mail.text };
}

export async function sendWeeklyDigests(
  strapi: Core.Strapi,
  now: Date = new Date(),
  schedule: DigestSchedule = digestSchedule(),
  /** Stop after this many messages queued (a run cut short, as by a crash; tests). */
  limit = Number.POSITIVE_INFINITY,
): Promise<DigestReport> {
  const today = montrealDay(now);
  const report: DigestReport = { inWindow: false, date: today.date, queued: 0, alreadyQueued: 0, nothingOn: 0, composed: 0 };
  if (weekdayOf(today.date) !== schedule.day || today.hour < schedule.hours.from || today.hour >= schedule.hours.until) return report;
  report.inWindow = true;
  const composer = await DigestComposer.load(strapi, now);
  let lastId = 0;
  for (;;) {
    const rows = (await strapi.db.query(alertSubscriptionUid).findMany({
      where: { subscriptionStatus: 'active', id: { $gt: lastId } },
      orderBy: [{ id: 'asc' }],
      limit: batchSize,
    })) as AlertRow[];
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1]!.id;
    const keys = rows.map((row) => `alert-digest:${row.channel}:${row.documentId}:${today.date}`);
    const done = new Set(
      ((await strapi.db.query(outboxUid).findMany({ where: { idempotencyKey: { $in: keys } }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>).map((r) => r.idempotencyKey),
    );
    const messages: BatchMessage[] = [];
    for (const row of rows) {
      if (report.queued + messages.length >= limit) break;
      if (done.has(`alert-digest:${row.channel}:${row.documentId}:${today.date}`)) {
        report.alreadyQueued += 1;
        continue;
      }
      const message = digestMessage(composer, row, today.date);
      if (message) messages.push(message);
      else report.nothingOn += 1;
    }
    await strapi.db.transaction(async () => {
      report.queued += await queueMany(strapi, messages);
    });
    if (report.queued >= limit) break;
  }
  report.composed = composer.composedCount;
  return report;
}

/** The hourly run (config/server.ts). */
export async function runScheduledAlertDigests(strapi: Core.Strapi, fireDate?: Date): Promise<void> {
  await runScheduledJob(strapi, 'alert-digests', fireDate, async () => {
    const report = await sendWeeklyDigests(strapi);
    if (report.inWindow) strapi.log.info(`[alert-digests] ${JSON.stringify(report)}`);
  });
}
