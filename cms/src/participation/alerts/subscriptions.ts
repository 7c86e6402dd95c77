import type { Core } from '@strapi/strapi';
import {
  alertConfirmationDays,
  alertConfirmationsPerDay,
  alertPaths,
  alertPlaceName,
  fitSmsValues,
  weekdayName,
  type AlertArea,
  type AlertSubscriptionInput,
  type AlertWeekday,
} from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { cmsConfig } from '../../config';
import { participationConfig } from '../config';
import { hmac, newDocumentId, newToken, safeEqualHex, sha256 } from '../crypto';
import { outboxUid, queueEmail, queueSms, recipientHash } from '../messages/send';
import { withLimitLock } from '../limit-lock';
import { isUniqueViolation } from '../petitions/signatures';
import { alertPlaces, alertTopics, type AlertPlace, type AlertTopic } from './places';

/**
 * Alert subscriptions: who gets the news of which place, by which channel. A row per contact
 * (an email or a number) and scope (a neighbourhood or its whole territory, with or without a
 * topic); the unique index on (contactHash, scopeKey) keeps one whatever the number of requests.
 *
 * Double opt-in: a web request stores a `pending` row and sends one confirmation (a link by email,
 * "reply OUI" by text); nothing else is ever sent to a pending row. A text from the number itself
 * (`ABONNER H2R`) is its own consent. Every request answers the same page whether the contact was
 * known or not, and one contact gets at most `alertConfirmationsPerDay` confirmations a day,
 * whoever asks: nobody can learn who subscribed, nor flood someone through us.
 */
export const alertSubscriptionUid = 'api::participation.alert-subscription';
const dayMs = 86_400_000;

export interface AlertRow {
  id: number;
  documentId: string;
  channel: 'email' | 'sms';
  email: string | null;
  phone: string | null;
  contactHash: string;
  scopeKey: string;
  neighbourhoodDocumentId: string;
  area: AlertArea;
  topicDocumentId: string | null;
  rightAway: boolean;
  language: Locale;
  subscriptionStatus: 'pending' | 'active';
}

export async function ensureAlertIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(alertSubscriptionUid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const knex = strapi.db.connection;
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [`${meta.tableName}_contact_scope_uq`, meta.tableName, column('contactHash'), column('scopeKey')]);
  await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [`${meta.tableName}_ip_idx`, meta.tableName, column('ipHash'), column('submittedAtMs')]);
  await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${meta.tableName}_token_idx`, meta.tableName, column('confirmTokenHash')]);
  await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [`${meta.tableName}_scope_idx`, meta.tableName, column('subscriptionStatus'), column('scopeKey')]);
}

/** `neighbourhood:<id>:<topic id|*>` or `territory:<name>:<topic id|*>`: what one digest is composed for. */
export function scopeKeyOf(area: AlertArea, place: Pick<AlertPlace, 'documentId' | 'territory'>, topicDocumentId: string | null): string {
  return `${area}:${area === 'territory' ? place.territory : place.documentId}:${topicDocumentId ?? '*'}`;
}

export function digestDay(): AlertWeekday {
  return cmsConfig().strapi.ALERT_DIGEST_DAY;
}

/** What a row covers, in words, in `locale`: `Villeray`, `le territoire Cœur-de-l'Île`, `Logement, Villeray`. */
export async function describeAlert(strapi: Core.Strapi, row: Pick<AlertRow, 'area' | 'neighbourhoodDocumentId' | 'topicDocumentId'>, locale: Locale): Promise<string> {
  const place = (await alertPlaces(strapi, locale)).find((p) => p.documentId === row.neighbourhoodDocumentId);
  const topic = row.topicDocumentId ? (await alertTopics(strapi, locale)).find((x) => x.documentId === row.topicDocumentId) : undefined;
  return alertPlaceName(locale, { area: row.area, neighbourhoodName: place?.name ?? '—', territory: place?.territory ?? '—', topicName: topic?.name ?? null });
}

/** The link at the bottom of every alert: `<documentId>.<keyed hash>`, so it cannot be guessed from another. */
export function stopTokenFor(documentId: string): string {
  return `${documentId}.${hmac(`alert-stop:${documentId}`).slice(0, 32)}`;
}

/** The row a stop link names, or null for a link we did not make. */
export function documentIdOfStopToken(token: string): string | null {
  const match = /^([a-z0-9]{10,40})\.([a-f0-9]{32})$/.exec(token);
  if (!match) return null;
  return safeEqualHex(match[2]!, hmac(`alert-stop:${match[1]}`).slice(0, 32)) ? match[1]! : null;
}

export function stopLink(documentId: string, locale: Locale): string {
  return `${participationConfig().siteUrl}${alertPaths.stop}?jeton=${stopTokenFor(documentId)}&locale=${locale}`;
}

function confirmLink(token: string, locale: Locale): string {
  return `${participationConfig().siteUrl}${alertPaths.confirm}?jeton=${token}&locale=${locale}`;
}

async function confirmationsSentToday(strapi: Core.Strapi, contactHash: string, now: number): Promise<number> {
  return strapi.db.query(outboxUid).count({ where: { messageKind: 'alert-confirmation', recipientHash: contactHash, queuedAtMs: { $gt: now - dayMs } } });
}

export interface AlertRequest {
  input: AlertSubscriptionInput;
  place: AlertPlace;
  topic: AlertTopic | null;
  ipHash: string;
}

/**
 * A request from the web form: one row per contact given (email, phone), pending until confirmed,
 * and its confirmation — unless this contact already got `alertConfirmationsPerDay` today. A row
 * already active stays active; what it asks anew (right away or not) applies once confirmed.
 */
export async function requestAlerts(strapi: Core.Strapi, request: AlertRequest, now = Date.now()): Promise<{ confirmationsSent: number }> {
  const { input, place, topic, ipHash } = request;
  const scopeKey = scopeKeyOf(input.area, place, topic?.documentId ?? null);
  const words = alertPlaceName(input.locale, { area: input.area, neighbourhoodName: place.name, territory: place.territory, topicName: topic?.name ?? null });
  const day = weekdayName(input.locale, digestDay());
  let confirmationsSent = 0;
  for (const channel of ['email', 'sms'] as const) {
    const contact = channel === 'email' ? input.email : input.phone;
    if (!contact) continue;
    const contactHash = recipientHash(channel, contact);
    const token = newToken();
    // The contact's lock, by its keyed hash: simultaneous requests for one contact count its confirmations one after the other.
    const sent = await withLimitLock(strapi, [{ key: `alert-contact:${contactHash}` }], async () => {
      const pending = {
        confirmTokenHash: sha256(token),
        confirmExpiresAtMs: now + alertConfirmationDays * dayMs,
        pendingRightAway: input.rightAway,
        ipHash,
        submittedAtMs: now,
      };
      const existing = (await strapi.db.query(alertSubscriptionUid).findOne({ where: { contactHash, scopeKey }, select: ['id', 'documentId', 'subscriptionStatus'] })) as Pick<AlertRow, 'id' | 'documentId' | 'subscriptionStatus'> | null;
      let documentId: string;
      if (existing) {
        documentId = existing.documentId;
        // An active row keeps its language and choices until the person confirms the new ones.
        await strapi.db.query(alertSubscriptionUid).update({ where: { id: existing.id }, data: existing.subscriptionStatus === 'pending' ? { ...pending, language: input.locale } : pending, select: ['id'] });
      } else {
        documentId = newDocumentId();
        await strapi.db.query(alertSubscriptionUid).create({
          data: {
            documentId,
            channel,
            email: channel === 'email' ? contact : null,
            phone: channel === 'sms' ? contact : null,
            contactHash,
            scopeKey,
            neighbourhoodDocumentId: place.documentId,
            area: input.area,
            topicDocumentId: topic?.documentId ?? null,
            rightAway: false,
            language: input.locale,
            subscriptionStatus: 'pending',
            ...pending,
          },
          select: ['id'],
        });
      }
      if ((await confirmationsSentToday(strapi, contactHash, now)) >= alertConfirmationsPerDay) return false;
      const origin = { kind: 'alert-confirmation' as const, key: `${documentId}:${sha256(token).slice(0, 16)}` };
      if (channel === 'email') {
        await queueEmail(strapi, origin, {
          to: contact,
          subject: t(input.locale, 'mailAlertConfirmSubject'),
          text: t(input.locale, 'mailAlertConfirmBody', {
            place: words,
            day,
            rightAway: input.rightAway ? t(input.locale, 'alertRightAwayYes') : '',
            days: alertConfirmationDays,
            link: confirmLink(token, input.locale),
          }),
        });
        return true;
      }
      const text = fitSmsValues((v) => t(input.locale, 'smsAlertConfirm', v), { place: words, day }, ['place']);
      return queueSms(strapi, origin, contact, text);
    });
    if (sent) confirmationsSent += 1;
  }
  return { confirmationsSent };
}

/** The row a confirmation link names, while the link works. */
export async function findByConfirmToken(strapi: Core.Strapi, token: string, now = Date.now()): Promise<AlertRow | null> {
  return (await strapi.db.query(alertSubscriptionUid).findOne({ where: { confirmTokenHash: sha256(token), confirmExpiresAtMs: { $gt: now } } })) as AlertRow | null;
}

async function activate(strapi: Core.Strapi, id: number, now: number): Promise<void> {
  const row = (await strapi.db.query(alertSubscriptionUid).findOne({ where: { id }, select: ['pendingRightAway'] })) as { pendingRightAway: boolean | null } | null;
  await strapi.db.query(alertSubscriptionUid).update({
    where: { id },
    // Confirmed: what stays is the contact, the choices and the consent time (the address's hash only served the request's limits).
    data: { subscriptionStatus: 'active', rightAway: Boolean(row?.pendingRightAway), consentAtMs: now, confirmTokenHash: null, confirmExpiresAtMs: null, pendingRightAway: null, ipHash: null },
    select: ['id'],
  });
}

/** POST behind the confirmation link: the row is active from now on; null when the link is unknown or expired. */
export async function confirmByToken(strapi: Core.Strapi, token: string, now = Date.now()): Promise<AlertRow | null> {
  return strapi.db.transaction(async () => {
    const row = await findByConfirmToken(strapi, token, now);
    if (!row) return null;
    await activate(strapi, row.id, now);
    return row;
  });
}

/** `OUI` from a number with alert requests waiting (and no petition to confirm): those requests, confirmed. */
export async function confirmAlertsByReply(strapi: Core.Strapi, phone: string, now = Date.now()): Promise<AlertRow[]> {
  const rows = (await strapi.db.query(alertSubscriptionUid).findMany({
    where: { contactHash: recipientHash('sms', phone), subscriptionStatus: 'pending', confirmExpiresAtMs: { $gt: now } },
  })) as AlertRow[];
  for (const row of rows) await activate(strapi, row.id, now);
  return rows;
}

/** `ABONNER H2R` from the number itself: active at once, weekly, for the neighbourhood. */
export async function subscribeBySms(strapi: Core.Strapi, phone: string, place: AlertPlace, language: Locale, now = Date.now()): Promise<void> {
  const contactHash = recipientHash('sms', phone);
  const scopeKey = scopeKeyOf('neighbourhood', place, null);
  const active = { subscriptionStatus: 'active', consentAtMs: now, confirmTokenHash: null, confirmExpiresAtMs: null, pendingRightAway: null, ipHash: null, language };
  const existing = (await strapi.db.query(alertSubscriptionUid).findOne({ where: { contactHash, scopeKey }, select: ['id'] })) as { id: number } | null;
  if (existing) {
    await strapi.db.query(alertSubscriptionUid).update({ where: { id: existing.id }, data: active, select: ['id'] });
    return;
  }
  try {
    await strapi.db.query(alertSubscriptionUid).create({
      data: { documentId: newDocumentId(), channel: 'sms', email: null, phone, contactHash, scopeKey, neighbourhoodDocumentId: place.documentId, area: 'neighbourhood', topicDocumentId: null, rightAway: false, submittedAtMs: now, ...active },
      select: ['id'],
    });
  } catch (error) {
    // The same text raced in twice: the other one made the row.
    if (!isUniqueViolation(error)) throw error;
  }
}

/** The row a stop link names (null: not ours, or already stopped). */
export async function findByStopToken(strapi: Core.Strapi, token: string): Promise<AlertRow | null | 'invalid'> {
  const documentId = documentIdOfStopToken(token);
  if (!documentId) return 'invalid';
  return (await strapi.db.query(alertSubscriptionUid).findOne({ where: { documentId } })) as AlertRow | null;
}

/** The one-click stop: the row is deleted (nothing of it is kept). `invalid` for a link we did not make. */
export async function stopByToken(strapi: Core.Strapi, token: string): Promise<'stopped' | 'invalid'> {
  const documentId = documentIdOfStopToken(token);
  if (!documentId) return 'invalid';
  await strapi.db.query(alertSubscriptionUid).deleteMany({ where: { documentId } });
  return 'stopped';
}

/** ARRET/STOP: every alert of this number goes, with the opt-out that stops every other text. */
export async function endSmsAlerts(strapi: Core.Strapi, phone: string): Promise<number> {
  const { count } = await strapi.db.query(alertSubscriptionUid).deleteMany({ where: { contactHash: recipientHash('sms', phone) } });
  return count;
}
