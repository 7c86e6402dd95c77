import type { Core } from '@strapi/strapi';
import { cmsConfig } from '../../config';
import { outboxUid, queueMany, type BatchMessage, type MessageKind } from './send';

/**
 * Notices about one item to the people on it, folded under bursts (docs/decisions/0061-notices-of-the-space-fold-under-bursts.md).
 * A peer session changed 50 times in a minute, or 20 messages posted in a discussion, must not make
 * 50 or 20 texts to every person on it: on our SMS bill and on their phones.
 *
 * Per item and person, in the caller's transaction, through the one outbox (its `nextAttemptAtMs`
 * is the "not before"):
 * - the first notice leaves at once, as before: a real change reaches people right away;
 * - a notice still waiting in the outbox takes the next one in: replaced by it (`latest`: the
 *   newest details win, at the time the waiting one was due) or kept (the words are the same, "a
 *   new message in …");
 * - otherwise one sent less than `SPACE_NOTICE_FOLD_MINUTES` ago holds the next one until that
 *   time, so what follows in the meantime folds into it;
 * - past `SPACE_NOTICES_PER_ITEM_PER_DAY` in 24 hours, nothing more that day (`capped`).
 *
 * Keys are `<item>:<person>:<what>` (item and person hold no colon), so one read finds everything
 * an item sent in a day. Superseded notices do not count: nobody got them.
 */
export interface NoticeFolding {
  windowMs: number;
  perDay: number;
}

export const noticeFolding = (): NoticeFolding => {
  const settings = cmsConfig().participation;
  return { windowMs: settings.SPACE_NOTICE_FOLD_MINUTES * 60_000, perDay: settings.SPACE_NOTICES_PER_ITEM_PER_DAY };
};

/** One notice: to `person`, its origin's key being `<item>:<person>:<what>`. */
export interface ItemNotice {
  person: string;
  message: BatchMessage;
}

export interface FoldReport {
  /** New notices in the outbox (at once or held back until the end of the window). */
  queued: number;
  /** Waiting notices that took this one in (replaced, or kept as they were). */
  folded: number;
  /** People not told because they had their notices of the day about this item. */
  capped: number;
}

interface OutboxRow {
  id: number;
  idempotencyKey: string;
  deliveryStatus: string;
  queuedAtMs: number | string;
  nextAttemptAtMs: number | string;
}

const dayMs = 24 * 3_600_000;
const erased = { deliveryStatus: 'superseded', recipient: null, subject: null, body: null, attachments: null };

export async function queueItemNotices(
  strapi: Core.Strapi,
  kind: MessageKind,
  item: string,
  notices: readonly ItemNotice[],
  mode: 'latest' | 'keep',
  now = Date.now(),
  folding: NoticeFolding = noticeFolding(),
): Promise<FoldReport> {
  const report: FoldReport = { queued: 0, folded: 0, capped: 0 };
  if (notices.length === 0) return report;
  const since = now - dayMs;
  const rows = (await strapi.db.query(outboxUid).findMany({
    where: {
      $and: [
        { messageKind: kind },
        { $or: (['email', 'sms'] as const).map((channel) => ({ idempotencyKey: { $startsWith: `${kind}:${channel}:${item}:` } })) },
        { deliveryStatus: { $ne: 'superseded' } },
        { $or: [{ queuedAtMs: { $gt: since } }, { deliveryStatus: 'pending' }] },
      ],
    },
    select: ['id', 'idempotencyKey', 'deliveryStatus', 'queuedAtMs', 'nextAttemptAtMs'],
  })) as OutboxRow[];
  const byPerson = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const person = row.idempotencyKey.split(':')[3] ?? '';
    byPerson.set(person, [...(byPerson.get(person) ?? []), row]);
  }

  const messages: BatchMessage[] = [];
  for (const { person, message } of notices) {
    const mine = byPerson.get(person) ?? [];
    const waiting = mine.filter((r) => r.deliveryStatus === 'pending');
    if (waiting.length > 0) {
      if (mode === 'keep') {
        report.folded += 1;
        continue;
      }
      // Only what is still waiting is replaced: a worker may have just taken it (then it counts as sent).
      const { count } = await strapi.db.query(outboxUid).updateMany({ where: { id: { $in: waiting.map((r) => r.id) }, deliveryStatus: 'pending' }, data: erased });
      if (count === waiting.length) {
        messages.push({ ...message, notBeforeMs: Math.min(...waiting.map((r) => Number(r.nextAttemptAtMs))) });
        report.folded += 1;
        continue;
      }
    }
    const today = mine.filter((r) => Number(r.queuedAtMs) > since);
    if (today.length >= folding.perDay) {
      report.capped += 1;
      continue;
    }
    // When the last one left (or was due to): the next waits out the window from there.
    const last = Math.max(-Infinity, ...mine.map((r) => Number(r.nextAttemptAtMs)));
    messages.push(now - last < folding.windowMs ? { ...message, notBeforeMs: last + folding.windowMs } : message);
    report.queued += 1;
  }
  if (messages.length > 0) await queueMany(strapi, messages);
  return report;
}
