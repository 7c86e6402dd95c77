import type { Core } from '@strapi/strapi';
import { spaceContactKey, spacePaths, spaceRules, type SpaceContact } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { hmac, newSmsCode, newToken, safeEqualHex, sha256 } from '../crypto';
import { queueEmail, queueSms } from '../messages/send';
import { withLimitLock } from './limit-lock';
import { practitionerUid, signInUid } from './sessions';

/**
 * Sign-in requests: a one-time link by email or a 6-digit code by text, 15 minutes, once. Every
 * request makes a row, whether the contact belongs to a member or not and whether it is over its
 * limits, so that what the person sees next (and the code page's answers) never tells them which;
 * only a member within the limits is sent anything. Links are stored as SHA-256, codes as an HMAC
 * keyed by the server secret and bound to their page's reference (a leaked database alone cannot
 * test codes); contacts and addresses only as keyed hashes.
 */
const minuteMs = 60_000;
const hourMs = 3_600_000;
const challengeMs = spaceRules.challengeMinutes * minuteMs;

interface MemberContact {
  documentId: string;
  name: string;
  email: string | null;
  phone: string | null;
}

/** The active member whose email or mobile is this contact, or null. Members are few: compared in memory, the same work for anyone. */
async function memberFor(strapi: Core.Strapi, contact: SpaceContact): Promise<MemberContact | null> {
  const members = (await strapi.db.query(practitionerUid).findMany({ where: { active: true }, select: ['documentId', 'name', 'email', 'phone'] })) as MemberContact[];
  return members.find((m) => spaceContactKey(contact.channel, contact.channel === 'email' ? m.email : m.phone) === contact.key) ?? null;
}

const contactHashOf = (contact: SpaceContact) => hmac(`space-contact:${contact.key}`);
const codeHash = (ref: string, code: string) => hmac(`space-code:${ref}:${code}`);

async function overLimits(strapi: Core.Strapi, contact: SpaceContact, contactHash: string, ipHash: string, now: number): Promise<boolean> {
  const since = now - hourMs;
  const byContact = await strapi.db.query(signInUid).count({ where: { contactHash, submittedAtMs: { $gt: since } } });
  if (byContact >= spaceRules.requestsPerContactPerHour) return true;
  if (contact.channel === 'sms') {
    // Requests are kept a day (retention), so the day's count is all of this number's rows.
    const today = await strapi.db.query(signInUid).count({ where: { contactHash, submittedAtMs: { $gt: now - 24 * hourMs } } });
    if (today >= spaceRules.codesPerMobilePerDay) return true;
  }
  const byAddress = await strapi.db.query(signInUid).count({ where: { ipHash, submittedAtMs: { $gt: since } } });
  return byAddress >= spaceRules.requestsPerAddressPerHour;
}

export function spaceLink(token: string, locale: Locale): string {
  return `${participationConfig().siteUrl}${spacePaths.link}?jeton=${token}&locale=${locale}`;
}

/**
 * A request from the sign-in page. Returns the code page's reference for a mobile (always), and
 * whether anything was sent (for the metrics, never for the page).
 */
export async function requestSignIn(strapi: Core.Strapi, contact: SpaceContact, ipHash: string, locale: Locale, now = Date.now()): Promise<{ ref: string | null; sent: boolean }> {
  const contactHash = contactHashOf(contact);
  // No member row to lock (the contact may be nobody's): the contact's and the address's names are.
  // Simultaneous requests then count one after the other: a burst cannot flood anyone with texts
  // or emails through us, nor pass the address's limit (limit-lock.ts).
  return withLimitLock(strapi, [{ key: `space-sign-in-contact:${contactHash}` }, { key: `space-sign-in-address:${ipHash}` }], async () => {
    const limited = await overLimits(strapi, contact, contactHash, ipHash, now);
    const member = limited ? null : await memberFor(strapi, contact);
    const base = { channel: contact.channel, contactHash, ipHash, attempts: 0, submittedAtMs: now, expiresAtMs: now + challengeMs, practitionerDocumentId: member?.documentId ?? null };
    if (contact.channel === 'email') {
      const token = newToken(32);
      await strapi.db.query(signInUid).create({ data: { ...base, refHash: null, secretHash: sha256(token) }, select: ['id'] });
      if (!member) return { ref: null, sent: false };
      await queueEmail(strapi, { kind: 'space-sign-in', key: sha256(token).slice(0, 32) }, {
        to: contact.email,
        subject: t(locale, 'mailSpaceSignInSubject'),
        text: t(locale, 'mailSpaceSignInBody', { name: member.name, link: spaceLink(token, locale) }),
      });
      return { ref: null, sent: true };
    }
    const ref = newToken(24);
    // A stranger's page gets a code too, one nobody is told: its answers are a member's.
    const code = newSmsCode();
    await strapi.db.query(signInUid).create({ data: { ...base, refHash: sha256(ref), secretHash: codeHash(ref, code) }, select: ['id'] });
    if (!member) return { ref, sent: false };
    const sent = await queueSms(strapi, { kind: 'space-sign-in', key: sha256(ref).slice(0, 32) }, contact.phone, t(locale, 'smsSpaceSignIn', { code }));
    return { ref, sent };
  });
}

export type CodeOutcome = { kind: 'signed-in'; memberDocumentId: string } | { kind: 'wrong' } | { kind: 'locked' } | { kind: 'expired' };

/**
 * A code typed on its page. Each try is counted first, by one conditional UPDATE, so parallel
 * guesses cannot exceed `codeTries`; the right code on a member's page ends the request (deleted:
 * it works once). Answers depend only on the reference's tries and age, never on who is behind it.
 */
export async function checkCode(strapi: Core.Strapi, ref: string, code: string, now = Date.now()): Promise<CodeOutcome> {
  const row = (await strapi.db.query(signInUid).findOne({ where: { refHash: sha256(ref), channel: 'sms' } })) as
    | { id: number; secretHash: string; practitionerDocumentId: string | null; expiresAtMs: string | number }
    | null;
  if (!row || Number(row.expiresAtMs) <= now) return { kind: 'expired' };
  const meta = strapi.db.metadata.get(signInUid);
  const attempts = (meta.attributes.attempts as { columnName?: string }).columnName ?? 'attempts';
  const counted = await strapi.db
    .connection(meta.tableName)
    .where('id', row.id)
    .andWhere(attempts, '<', spaceRules.codeTries)
    .update({ [attempts]: strapi.db.connection.raw('?? + 1', [attempts]) });
  if (Number(counted) === 0) return { kind: 'locked' };
  if (row.practitionerDocumentId && safeEqualHex(row.secretHash, codeHash(ref, code))) {
    const { count } = await strapi.db.query(signInUid).deleteMany({ where: { id: row.id } });
    if (count === 1) return { kind: 'signed-in', memberDocumentId: row.practitionerDocumentId };
    return { kind: 'expired' };
  }
  const after = (await strapi.db.query(signInUid).findOne({ where: { id: row.id }, select: ['attempts'] })) as { attempts: number } | null;
  return (after?.attempts ?? spaceRules.codeTries) >= spaceRules.codeTries ? { kind: 'locked' } : { kind: 'wrong' };
}

interface LinkRow {
  id: number;
  practitionerDocumentId: string;
  /** Set on an invitation: the table the person joins by using the link. */
  roundTableDocumentId: string | null;
}

async function linkRow(strapi: Core.Strapi, token: string, now: number): Promise<LinkRow | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  // An emailed sign-in link, or an invitation's link (sent by email or by text: space/invitations.ts).
  const row = (await strapi.db.query(signInUid).findOne({ where: { secretHash: sha256(token), expiresAtMs: { $gt: now }, $or: [{ channel: 'email' }, { inviterDocumentId: { $notNull: true } }] }, select: ['id', 'practitionerDocumentId', 'roundTableDocumentId'] })) as
    | { id: number; practitionerDocumentId: string | null; roundTableDocumentId: string | null }
    | null;
  return row?.practitionerDocumentId ? { id: row.id, practitionerDocumentId: row.practitionerDocumentId, roundTableDocumentId: row.roundTableDocumentId ?? null } : null;
}

/** The emailed link still works (the GET that shows the button: it changes nothing). */
export async function linkWorks(strapi: Core.Strapi, token: string, now = Date.now()): Promise<boolean> {
  return (await linkRow(strapi, token, now)) !== null;
}

/**
 * The button behind the link: the request is used up (once, even when two presses race), and its
 * member returned, with the table that invited them when it is an invitation.
 */
export async function useLink(strapi: Core.Strapi, token: string, now = Date.now()): Promise<{ memberDocumentId: string; invitedToTable: string | null } | null> {
  const row = await linkRow(strapi, token, now);
  if (!row) return null;
  const { count } = await strapi.db.query(signInUid).deleteMany({ where: { id: row.id } });
  return count === 1 ? { memberDocumentId: row.practitionerDocumentId, invitedToTable: row.roundTableDocumentId } : null;
}
