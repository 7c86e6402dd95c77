import type { Core } from '@strapi/strapi';
import { fitSms, normalisePhone, parseSmsCommand } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { queueSms, type MessageOrigin } from '../messages/send';
import { messageSettings } from '../messages/settings';
import { withLimitLock } from '../limit-lock';
import { isUniqueViolation } from '../petitions/signatures';
import { ensureConversationIndexes, loadConversation, saveConversation, type Conversation, type ConversationState } from './conversation';
import { ensureOptOutIndexes, optIn, optOut, optOutHash } from './opt-outs';
import { decide, type Action } from './commands';
import { endSmsAlerts } from '../alerts/subscriptions';

/**
 * A resident's text message, once its provider's signature is checked (inbound-webhooks.ts, or
 * the dev phone): recorded by the provider's message id, read (parseSmsCommand), acted on, and
 * answered through the durable outbox — the reply is queued in the same transaction as the
 * effect, so a registration never exists without its answer, nor an answer without it.
 *
 * - A message id seen before changes nothing and gets no second reply (the providers retry).
 * - Beyond `SMS_INBOUND_REPLIES_PER_HOUR` messages from one number in an hour, a message is
 *   recorded and ignored: no effect, no reply, no cost. ARRET/STOP is honoured whatever the count.
 * - Every message gets an answer otherwise: unknown text gets the help.
 */
const inboundUid = 'api::participation.sms-inbound';
const hourMs = 60 * 60 * 1000;

export interface IncomingSms {
  provider: 'twilio' | 'telnyx' | 'dev-phone';
  messageId: string;
  from: string;
  text: string;
}

export type InboundOutcome = 'answered' | 'replay' | 'flood' | 'ignored';

export async function ensureInboundIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(inboundUid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const knex = strapi.db.connection;
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [`${meta.tableName}_message_uq`, meta.tableName, column('provider'), column('providerMessageId')]);
  await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [`${meta.tableName}_sender_idx`, meta.tableName, column('senderHash'), column('receivedAtMs')]);
  await ensureConversationIndexes(strapi);
  await ensureOptOutIndexes(strapi);
}

/** What the transaction that acts also does: the message recorded, the conversation saved, the reply queued. */
export interface Effects {
  strapi: Core.Strapi;
  incoming: IncomingSms & { phone: string };
  senderHash: string;
  now: number;
  record(): Promise<void>;
  save(language: Locale, state: ConversationState): Promise<void>;
  reply(language: Locale, text: string, tail?: string): Promise<void>;
}

async function alreadySeen(strapi: Core.Strapi, incoming: IncomingSms): Promise<boolean> {
  return (await strapi.db.query(inboundUid).count({ where: { provider: incoming.provider, providerMessageId: incoming.messageId } })) > 0;
}

export async function handleIncomingSms(strapi: Core.Strapi, incoming: IncomingSms, now = Date.now()): Promise<InboundOutcome> {
  const phone = normalisePhone(incoming.from);
  // A sender outside North America (or a short code) cannot be answered: nothing to record.
  if (!phone) return 'ignored';
  for (let attempt = 0; ; attempt++) {
    try {
      return await handleOnce(strapi, { ...incoming, phone }, now);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same message id raced in twice, or two messages of one number opened a conversation
      // at once: the transaction was rolled back whole. A replay stops here; anything else is read again.
      if (await alreadySeen(strapi, incoming)) return 'replay';
      if (attempt >= 1) throw error;
    }
  }
}

/** Thrown by `record` when the number's answers for the hour ran out meanwhile: its transaction, reply included, is undone. */
class RepliesRanOut extends Error {}

async function handleOnce(strapi: Core.Strapi, incoming: IncomingSms & { phone: string }, now: number): Promise<InboundOutcome> {
  if (await alreadySeen(strapi, incoming)) return 'replay';
  const senderHash = optOutHash(incoming.phone);
  const parsed = parseSmsCommand(incoming.text);
  const limited = parsed.command.kind !== 'stop';
  const answeredWithinHour = () => strapi.db.query(inboundUid).count({ where: { senderHash, receivedAtMs: { $gt: now - hourMs }, answered: true } });
  const create = async (answered: boolean) => {
    await strapi.db.query(inboundUid).create({
      data: { provider: incoming.provider, providerMessageId: incoming.messageId, senderHash, receivedAtMs: now, answered },
      select: ['id'],
    });
  };
  // Counted again where the answer is written, under the number's lock (by its keyed hash), in the
  // transaction that queues the reply: simultaneous texts of one number count one after the other.
  const record = () =>
    withLimitLock(strapi, [{ key: `sms-sender:${senderHash}` }], async () => {
      if (limited && (await answeredWithinHour()) >= messageSettings().inbound.repliesPerHour) throw new RepliesRanOut();
      await create(true);
    });
  const flood = async (): Promise<InboundOutcome> => {
    await strapi.db.transaction(() => create(false));
    strapi.log.warn(`[sms] flood: a number sent more than ${messageSettings().inbound.repliesPerHour} messages within an hour; ignored without a reply`);
    return 'flood';
  };

  // Read first without a lock: a flood is usually turned away here, before anything is looked up.
  if (limited && (await answeredWithinHour()) >= messageSettings().inbound.repliesPerHour) return flood();
  try {
    return await act(strapi, incoming, parsed, senderHash, now, record);
  } catch (error) {
    if (!(error instanceof RepliesRanOut)) throw error;
    return flood();
  }
}

async function act(
  strapi: Core.Strapi,
  incoming: IncomingSms & { phone: string },
  parsed: ReturnType<typeof parseSmsCommand>,
  senderHash: string,
  now: number,
  record: () => Promise<void>,
): Promise<InboundOutcome> {
  const conversation: Conversation | null = await loadConversation(strapi, senderHash, now);
  const effects: Effects = {
    strapi,
    incoming,
    senderHash,
    now,
    record,
    save: (language, state) => saveConversation(strapi, senderHash, { language, state }, now),
    // The language is the caller's choice of words; the reply itself is already written in it.
    reply: async (_language, text, tail) => {
      const origin: MessageOrigin = { kind: 'sms-reply', key: `${incoming.provider}:${incoming.messageId}` };
      await queueSms(strapi, origin, incoming.phone, fitSms(text, tail));
    },
  };

  if (parsed.command.kind === 'stop') {
    await strapi.db.transaction(async () => {
      await effects.record();
      const language = parsed.language ?? conversation?.language ?? 'fr';
      await effects.save(language, {});
      // Alerts end with everything else; a later DEBUT/START does not bring them back.
      await endSmsAlerts(strapi, incoming.phone);
      // Confirmed once: a second STOP from a number already out gets nothing.
      if (await optOut(strapi, incoming.phone, now)) {
        await queueSms(strapi, { kind: 'sms-opt-out-confirmation', key: `${incoming.provider}:${incoming.messageId}` }, incoming.phone, t(language, 'smsOptedOut'));
      }
    });
    return 'answered';
  }
  if (parsed.command.kind === 'start') {
    await strapi.db.transaction(async () => {
      await effects.record();
      const language = parsed.language ?? conversation?.language ?? 'fr';
      await optIn(strapi, incoming.phone);
      await effects.save(language, {});
      await effects.reply(language, t(language, 'smsOptedIn'));
    });
    return 'answered';
  }

  const action: Action = await decide(strapi, parsed, conversation, incoming.phone, now);
  await action.apply(effects);
  return 'answered';
}
