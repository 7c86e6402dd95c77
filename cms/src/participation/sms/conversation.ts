import type { Core } from '@strapi/strapi';
import type { Locale } from '@passerelle/shared/locales';
import { z } from 'zod';

/**
 * Where a conversation by text message stands, kept server-side per number (as the hash the
 * outbox and opt-outs use, never the number): the list last sent (so `2`, `OUI 2`, `PLUS` know
 * what they point at) and a signature being collected step by step. It lasts 30 minutes after
 * the last message; after that it is as if it never was, and the retention job deletes it. A Law
 * 25 erasure deletes it at once.
 */
const uid = 'api::participation.sms-conversation';
export const conversationTimeoutMs = 30 * 60 * 1000;

const itemSchema = z.object({ kind: z.enum(['event', 'petition']), documentId: z.string().min(1).max(64) });

const stateSchema = z.object({
  list: z
    .object({
      place: z.string().max(120),
      items: z.array(itemSchema).max(30),
      /** How many of `items` were sent so far (the next `PLUS` starts there). */
      shown: z.number().int().min(0),
    })
    .optional(),
  signing: z
    .object({
      petitionDocumentId: z.string().min(1).max(64),
      step: z.enum(['name', 'postalCode', 'consent']),
      name: z.string().max(100).optional(),
      postalCode: z.string().max(7).optional(),
    })
    .optional(),
});

export type ConversationState = z.infer<typeof stateSchema>;

export interface Conversation {
  language: Locale;
  state: ConversationState;
}

export async function ensureConversationIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(uid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  await strapi.db.connection.raw('CREATE UNIQUE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${meta.tableName}_sender_uq`, meta.tableName, column('senderHash')]);
  await strapi.db.connection.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??)', [`${meta.tableName}_expires_idx`, meta.tableName, column('expiresAtMs')]);
}

/** The live conversation of this sender, or null (none, or timed out). */
export async function loadConversation(strapi: Core.Strapi, senderHash: string, now = Date.now()): Promise<Conversation | null> {
  const row = (await strapi.db.query(uid).findOne({ where: { senderHash } })) as Record<string, any> | null;
  if (!row || Number(row.expiresAtMs) <= now) return null;
  const state = stateSchema.safeParse(typeof row.state === 'string' ? JSON.parse(row.state) : (row.state ?? {}));
  return { language: row.language === 'en' ? 'en' : 'fr', state: state.success ? state.data : {} };
}

/** Saves the conversation for another 30 minutes, in the caller's transaction. */
export async function saveConversation(strapi: Core.Strapi, senderHash: string, conversation: Conversation, now = Date.now()): Promise<void> {
  const data = { senderHash, language: conversation.language, state: stateSchema.parse(conversation.state), expiresAtMs: now + conversationTimeoutMs };
  const query = strapi.db.query(uid);
  const existing = (await query.findOne({ where: { senderHash }, select: ['id'] })) as { id: number } | null;
  if (existing) await query.update({ where: { id: existing.id }, data, select: ['id'] });
  else await query.create({ data, select: ['id'] });
}

/** Retention: conversations past their timeout. */
export async function deleteExpiredConversations(strapi: Core.Strapi, now = Date.now()): Promise<number> {
  return (await strapi.db.query(uid).deleteMany({ where: { expiresAtMs: { $lte: now } } })).count;
}

/** Law 25 erasure: the conversations of these senders. */
export async function deleteConversationsOf(strapi: Core.Strapi, senderHashes: readonly string[]): Promise<number> {
  if (senderHashes.length === 0) return 0;
  return (await strapi.db.query(uid).deleteMany({ where: { senderHash: { $in: [...senderHashes] } } })).count;
}
