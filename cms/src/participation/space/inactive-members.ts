import type { Core } from '@strapi/strapi';
import { formatDate } from '@passerelle/shared/dates';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { spaceSignInPath } from '@passerelle/shared/participation';
import { inactiveMemberWarningDays } from '@passerelle/shared/privacy';
import { participationConfig } from '../config';
import { queueMany } from '../messages/send';
import { eraseSpaceMember } from '../person-data';
import type { NoticeChannel } from '@passerelle/shared/participation';
import { messageTo } from './hands-notices';
import { practitionerUid, sessionUid } from './sessions';

/**
 * Law 25 for the members of the practitioners' space: a member who has not used the space for
 * `months` months is erased, as an erasure on request erases them (`eraseSpaceMember`).
 *
 * Their last activity is the latest of: their last sign-in (`lastActiveAtMs`, written by
 * `openSession`), the last use of a session still stored, and the record's creation (an invited
 * person who never signed in counts from the invitation). OCs and coordination are not exempt:
 * an OC who no longer uses the space no longer needs an account in it.
 *
 * An active member is told once, `inactiveMemberWarningDays` before, by their own channel and in
 * their language, that signing in keeps their account; the warning is stamped on the record in the
 * same transaction as the message is queued, so a second run that night (or any night) sends
 * nothing more until they sign in again. They are never erased sooner than that many days after
 * the warning, so a member whose period had already passed when this rule arrived is told first.
 * A member an OC unticked (`active` false) cannot sign in: they are not told to, and are erased at
 * the end of the period.
 */
const dayMs = 86_400_000;

interface MemberRow {
  id: number;
  documentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  noticeChannel: NoticeChannel | null;
  noticeLanguage: Locale | null;
  lastActiveAtMs: string | number | null;
  inactivityWarnedAtMs: string | number | null;
  createdAt: string;
}

/** `months` calendar months after `ms`. */
function monthsAfter(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

/** Each member's latest session use, from the sessions still stored (a session ends after hours of idleness). */
async function lastSessionUse(strapi: Core.Strapi): Promise<Map<string, number>> {
  const rows = (await strapi.db.query(sessionUid).findMany({ select: ['practitionerDocumentId', 'lastSeenAtMs'] })) as Array<{ practitionerDocumentId: string; lastSeenAtMs: string | number }>;
  const latest = new Map<string, number>();
  for (const row of rows) latest.set(row.practitionerDocumentId, Math.max(latest.get(row.practitionerDocumentId) ?? 0, Number(row.lastSeenAtMs)));
  return latest;
}

function warningTo(member: MemberRow, eraseAtMs: number, lastActiveMs: number) {
  const locale: Locale = member.noticeLanguage === 'en' ? 'en' : 'fr';
  const values = { name: member.name, date: formatDate(new Date(eraseAtMs), locale), link: `${participationConfig().siteUrl}${spaceSignInPath(locale)}` };
  // One message per member and period of inactivity: the outbox's unique key refuses a second.
  return messageTo(member, { kind: 'space-inactive-warning', key: `${member.documentId}:${lastActiveMs}` }, {
    subject: t(locale, 'spaceInactiveSubject'),
    text: t(locale, 'spaceInactiveEmail', values),
    sms: t(locale, 'spaceInactiveSms', values),
  });
}

export interface InactiveMembersReport {
  spaceMembersWarned: number;
  spaceMembersErased: number;
}

export async function forgetInactiveMembers(strapi: Core.Strapi, now: number, months: number): Promise<InactiveMembersReport> {
  const warnBeforeMs = inactiveMemberWarningDays * dayMs;
  const sessions = await lastSessionUse(strapi);
  const members = (await strapi.db.query(practitionerUid).findMany({
    select: ['id', 'documentId', 'name', 'email', 'phone', 'active', 'noticeChannel', 'noticeLanguage', 'lastActiveAtMs', 'inactivityWarnedAtMs', 'createdAt'],
  })) as MemberRow[];
  const report: InactiveMembersReport = { spaceMembersWarned: 0, spaceMembersErased: 0 };
  for (const member of members) {
    const lastActiveMs = Math.max(Number(member.lastActiveAtMs ?? 0), sessions.get(member.documentId) ?? 0, Date.parse(member.createdAt));
    const eraseAtMs = monthsAfter(lastActiveMs, months);
    if (now < eraseAtMs - warnBeforeMs) continue;
    const warnedAtMs = member.inactivityWarnedAtMs === null ? null : Number(member.inactivityWarnedAtMs);
    const warned = warnedAtMs !== null && warnedAtMs >= lastActiveMs;
    if (member.active && !warned) {
      // Told of the later of the two dates: the period's end, or the warning's full notice.
      const message = warningTo(member, Math.max(eraseAtMs, now + warnBeforeMs), lastActiveMs);
      await strapi.db.transaction(async () => {
        if (message) await queueMany(strapi, [message]);
        // Stamped even with no channel left (nothing to send to, and no way to sign in either).
        await strapi.db.query(practitionerUid).update({ where: { id: member.id }, data: { inactivityWarnedAtMs: now }, select: ['id'] });
      });
      report.spaceMembersWarned++;
      continue;
    }
    const noticeServed = !member.active || (warnedAtMs !== null && now >= warnedAtMs + warnBeforeMs);
    if (now >= eraseAtMs && noticeServed && (await eraseSpaceMember(strapi, member.documentId))) report.spaceMembersErased++;
  }
  return report;
}
