import type { Core } from '@strapi/strapi';
import { invitationRules, spaceContactKey, type InviteInput } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hmac, newToken, sha256 } from '../crypto';
import { queueEmail, queueSms } from '../messages/send';
import type { MemberTable } from './meetings';
import { withLimitLock } from './limit-lock';
import { practitionerUid, roundTableUid, signInUid } from './sessions';
import { spaceLink } from './sign-in';

/**
 * Invitations made from a table's page by its coordination or an OC at it. An invitation is a
 * sign-in request that lives 7 days and names who made it and for which table: its link is the
 * sign-in link (`/participer/espace/lien`: a button, the POST signs in, once), so nothing new
 * stands between a link and a session.
 *
 * The member is made if no member has that email or mobile, or re-used (active) without a word
 * about it, and seated at the table only when they use the link (`seatInvitedMember`): until then
 * the table's page shows nobody new, so an inviter cannot learn that a contact already belongs to
 * the space, nor the name it is stored under. The answer is the same for a new person, a member of
 * other tables, an inactive member
 * (who is neither re-activated nor sent anything: only an OC in the admin gives access back) and a
 * contact over its daily limit (nothing sent). The role typed applies only to a new record: an
 * invitation never changes an existing member's role. Limits: 20 invitations per inviter and 3 per
 * contact in 24 hours, counted on the requests themselves.
 */
const dayMs = 24 * 3_600_000;

export type InviteOutcome = { kind: 'done'; sent: boolean } | { kind: 'inviter-over-limit' };

interface MemberRow {
  documentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

/** The member (active or not) whose email or mobile this is. Members are few: compared in memory. */
async function memberWith(strapi: Core.Strapi, input: InviteInput): Promise<MemberRow | null> {
  const { contact } = input;
  const members = (await strapi.db.query(practitionerUid).findMany({ select: ['documentId', 'name', 'email', 'phone', 'active'] })) as MemberRow[];
  return members.find((m) => spaceContactKey(contact.channel, contact.channel === 'email' ? m.email : m.phone) === contact.key) ?? null;
}

export async function inviteToTable(strapi: Core.Strapi, inviter: { documentId: string; name: string }, table: MemberTable, input: InviteInput, locale: Locale, now = Date.now()): Promise<InviteOutcome> {
  const contactHash = hmac(`space-invite:${input.contact.key}`);
  // The inviter's row and the contact's name locked: simultaneous invitations count one after the
  // other against both limits, and a new contact invited twice at once is made a member once.
  return withLimitLock(strapi, [{ member: inviter.documentId }, { key: `space-invite:${contactHash}` }], async () => {
    const since = now - dayMs;
    const byInviter = await strapi.db.query(signInUid).count({ where: { inviterDocumentId: inviter.documentId, submittedAtMs: { $gt: since } } });
    if (byInviter >= invitationRules.perInviterPerDay) return { kind: 'inviter-over-limit' } as const;
    const byContact = await strapi.db.query(signInUid).count({ where: { contactHash, submittedAtMs: { $gt: since } } });
    const existing = await memberWith(strapi, input);
    let member: { documentId: string; name: string } | null = null;
    if (byContact < invitationRules.perContactPerDay) {
      if (!existing) {
        const { contact } = input;
        const created = (await strapi.documents(practitionerUid).create({
          data: { name: input.name, spaceRole: input.role, active: true, showContact: false, email: contact.channel === 'email' ? contact.email : null, phone: contact.channel === 'sms' ? contact.phone : null } as never,
        })) as unknown as { documentId: string; name: string };
        member = created;
      } else if (existing.active) member = existing;
    }
    const token = newToken(32);
    // Every invitation is recorded, sent or not: the inviter's and the contact's counts see them all.
    await strapi.db.query(signInUid).create({
      data: {
        channel: input.contact.channel,
        refHash: null,
        secretHash: sha256(token),
        practitionerDocumentId: member?.documentId ?? null,
        contactHash,
        ipHash: hmac(`space-inviter:${inviter.documentId}`),
        attempts: 0,
        submittedAtMs: now,
        expiresAtMs: now + invitationRules.linkDays * dayMs,
        inviterDocumentId: inviter.documentId,
        roundTableDocumentId: table.row.documentId,
      },
      select: ['id'],
    });
    if (!member) return { kind: 'done', sent: false } as const;
    const origin = { kind: 'space-invitation' as const, key: sha256(token).slice(0, 32) };
    const link = spaceLink(token, locale);
    if (input.contact.channel === 'email') {
      await queueEmail(strapi, origin, {
        to: input.contact.email,
        subject: t(locale, 'mailSpaceInviteSubject', { table: table.row.name }),
        text: t(locale, 'mailSpaceInviteBody', { name: member.name, inviter: inviter.name, table: table.row.name, link }),
      });
      return { kind: 'done', sent: true } as const;
    }
    const sent = await queueSms(strapi, origin, input.contact.phone, t(locale, 'smsSpaceInvite', { name: member.name, title: table.row.name, link }));
    return { kind: 'done', sent } as const;
  });
}

/**
 * The invited person used their link: they join the table that invited them, if it still exists.
 * Someone already seated (or seated meanwhile by an OC in the admin) is left as they are.
 */
export async function seatInvitedMember(strapi: Core.Strapi, tableId: string, memberId: string): Promise<void> {
  const table = (await strapi.db.query(roundTableUid).findOne({ where: { documentId: tableId }, populate: { members: { select: ['documentId'] } } })) as { members?: { documentId: string }[] } | null;
  if (!table || table.members?.some((m) => m.documentId === memberId)) return;
  await strapi.documents(roundTableUid).update({ documentId: tableId, data: { members: { connect: [memberId] } } as never });
}
