import type { Core } from '@strapi/strapi';
import { confirmByCode, maxCodeAttempts, type ConfirmOutcome } from './signatures';

/**
 * A petition confirmed by answering the code's text message: the 6-digit code, or simply `OUI`
 * (the reply comes from the number the code was sent to, which the provider's signature vouches
 * for — what the code proves on the web). The signature is the newest one of this number still
 * waiting, with an unexpired code; a code goes through the same check and the same five tries as
 * the code page (`confirmByCode`). Nothing here ever names another number's signatures.
 */
const uid = 'api::participation.signature';

async function newestPending(strapi: Core.Strapi, phone: string, now: number): Promise<Record<string, any> | null> {
  return (await strapi.db.query(uid).findOne({
    where: { phone, signatureStatus: 'pending', codeExpiresAtMs: { $gt: now }, codeRef: { $notNull: true } },
    orderBy: [{ submittedAtMs: 'desc' }, { id: 'desc' }],
  })) as Record<string, any> | null;
}

export async function confirmByReply(strapi: Core.Strapi, phone: string, code: string | null, now = Date.now()): Promise<ConfirmOutcome | { kind: 'none' }> {
  const row = await newestPending(strapi, phone, now);
  if (!row) return { kind: 'none' };
  if (code !== null) return confirmByCode(strapi, String(row.codeRef), code, now);
  const found = { petitionDocumentId: String(row.petitionDocumentId), language: row.language === 'en' ? ('en' as const) : ('fr' as const) };
  if (Number(row.codeAttempts ?? 0) >= maxCodeAttempts) return { kind: 'locked', petitionDocumentId: found.petitionDocumentId };
  await strapi.db.query(uid).update({ where: { id: row.id }, data: { signatureStatus: 'confirmed', confirmedAt: new Date(now), confirmedBy: 'sms' }, select: ['id'] });
  return { kind: 'confirmed', ...found };
}

/** A signature collected by text message (`SIGNER 2`), confirmed by the conversation itself. */
export async function confirmOwnSignature(strapi: Core.Strapi, petitionDocumentId: string, phone: string, now = Date.now()): Promise<'confirmed' | 'already-confirmed' | 'none'> {
  const row = (await strapi.db.query(uid).findOne({ where: { phoneKey: `${petitionDocumentId}:${phone}` } })) as Record<string, any> | null;
  if (!row) return 'none';
  if (row.signatureStatus === 'confirmed') return 'already-confirmed';
  if (row.signatureStatus !== 'pending') return 'none';
  await strapi.db.query(uid).update({ where: { id: row.id }, data: { signatureStatus: 'confirmed', confirmedAt: new Date(now), confirmedBy: 'sms' }, select: ['id'] });
  return 'confirmed';
}
