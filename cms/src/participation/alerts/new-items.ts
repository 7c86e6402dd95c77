import type { Core } from '@strapi/strapi';
import { newItemEmail, newItemSms } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { afterPublish } from '../../document-middlewares/after-publish';
import type { DocumentMiddleware, StrapiInstance } from '../../document-middlewares/types';
import { outboxUid, queueMany, type BatchMessage } from '../messages/send';
import { alertPlaces } from './places';
import { alertSubscriptionUid, stopLink, type AlertRow } from './subscriptions';
import { DigestComposer } from './digest';
import { inScope, lineOf, loadDigestItems, parseScopeKey, territoryMap, type DigestKind } from './digest-items';

/**
 * "Right away": when a petition or a consultation is published and open, every active subscription
 * that asked for it, whose scope the item is in, is told once — the key
 * `alert-new-item:<channel>:<subscription>:<item>` makes a second publish (an edit) send nothing.
 * Queued after the publish succeeded; a failure here is logged and never undoes the OC's publish.
 */
const kinds: Partial<Record<string, DigestKind>> = { 'api::petition.petition': 'petition', 'api::consultation.consultation': 'consultation' };
const batchSize = 500;

export function alertOnPublish(strapi: StrapiInstance): DocumentMiddleware {
  return afterPublish(strapi, Object.keys(kinds), 'alerts', (uid, documentId) => alertNewItem(strapi, kinds[uid]!, documentId));
}

export async function alertNewItem(strapi: Core.Strapi, kind: DigestKind, documentId: string, now = new Date()): Promise<number> {
  const [item] = await loadDigestItems(strapi, now, { kind, documentId });
  // Not open now (opens later, already closed): the weekly digest will name it when it is.
  if (!item) return 0;
  const places = await alertPlaces(strapi, 'fr');
  const territoryOf = territoryMap(places);
  const composer = await DigestComposer.load(strapi, now);
  let queued = 0;
  let lastId = 0;
  for (;;) {
    const rows = (await strapi.db.query(alertSubscriptionUid).findMany({
      where: { subscriptionStatus: 'active', rightAway: true, id: { $gt: lastId } },
      orderBy: [{ id: 'asc' }],
      limit: batchSize,
    })) as AlertRow[];
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1]!.id;
    const wanted = rows.filter((row) => {
      const scope = parseScopeKey(row.scopeKey);
      return scope !== null && inScope(item, scope, territoryOf);
    });
    const keyOf = (row: AlertRow) => `alert-new-item:${row.channel}:${row.documentId}:${item.documentId}`;
    const done = new Set(
      wanted.length === 0
        ? []
        : ((await strapi.db.query(outboxUid).findMany({ where: { idempotencyKey: { $in: wanted.map(keyOf) } }, select: ['idempotencyKey'] })) as Array<{ idempotencyKey: string }>).map((r) => r.idempotencyKey),
    );
    const messages: BatchMessage[] = [];
    for (const row of wanted) {
      if (done.has(keyOf(row))) continue;
      const language: Locale = row.language === 'en' ? 'en' : 'fr';
      const line = lineOf(item, language);
      const place = composer.compose(row, language)?.place;
      if (!line || !place) continue;
      const origin = { kind: 'alert-new-item' as const, key: `${row.documentId}:${item.documentId}` };
      if (row.channel === 'sms' && row.phone) messages.push({ origin, channel: 'sms', to: row.phone, text: newItemSms(language, place, line) });
      else if (row.channel === 'email' && row.email) {
        const mail = newItemEmail(language, place, line, stopLink(row.documentId, language));
        messages.push({ origin, channel: 'email', to: row.email, subject: mail.subject, text: mail.text });
      }
    }
    queued += await queueMany(strapi, messages);
  }
  return queued;
}
