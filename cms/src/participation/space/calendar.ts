import type { Core } from '@strapi/strapi';
import { buildIcs, type IcsEvent } from '@passerelle/shared/ics';
import { meetingRules, spaceMeetingActions, spaceMeetingPath } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { newToken, sha256 } from '../crypto';
import { activeMember, calendarTokenUid } from './sessions';
import { meetingsOfTable, tableOfMember, type MeetingRow, type MemberTable } from './meetings';

/**
 * Calendars of the space. A meeting's .ics is downloaded from its page (the session cookie says
 * who asks). A table's subscription calendar is fetched by calendar apps, which carry no cookie:
 * its address holds a per-member, per-table secret (256 bits, stored as its SHA-256, shown once).
 * It is checked on every fetch against the member being active and still at the table, and it is
 * deleted when the member replaces or stops it, leaves the table, signs out everywhere, is made
 * inactive or erased: each of those stops it at once.
 */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** A new subscription address for this member and table; any previous one stops working. */
export async function newCalendarLink(strapi: Core.Strapi, memberId: string, tableId: string, now = Date.now()): Promise<string> {
  await stopCalendarLink(strapi, memberId, tableId);
  const token = newToken(32);
  await strapi.db.query(calendarTokenUid).create({ data: { tokenHash: sha256(token), practitionerDocumentId: memberId, roundTableDocumentId: tableId, createdAtMs: now }, select: ['id'] });
  return `${participationConfig().siteUrl}${spaceMeetingActions.tableCalendar(token)}`;
}

export async function stopCalendarLink(strapi: Core.Strapi, memberId: string, tableId: string): Promise<void> {
  await strapi.db.query(calendarTokenUid).deleteMany({ where: { practitionerDocumentId: memberId, roundTableDocumentId: tableId } });
}

/** The table behind a subscription address, or null (unknown, stopped, member gone from the table or inactive). */
export async function tableOfCalendarToken(strapi: Core.Strapi, token: string): Promise<MemberTable | null> {
  if (!tokenPattern.test(token)) return null;
  const row = (await strapi.db.query(calendarTokenUid).findOne({ where: { tokenHash: sha256(token) } })) as { id: number; practitionerDocumentId: string; roundTableDocumentId: string } | null;
  if (!row) return null;
  const table = (await activeMember(strapi, row.practitionerDocumentId)) ? await tableOfMember(strapi, row.roundTableDocumentId, row.practitionerDocumentId) : null;
  if (!table) {
    // Whatever removed the member removed their right to this calendar: the token goes too.
    await strapi.db.query(calendarTokenUid).delete({ where: { id: row.id } });
    return null;
  }
  return table;
}

/** What a VEVENT needs of a meeting row. */
type CalendarMeeting = Pick<MeetingRow, 'documentId' | 'title' | 'startsAt' | 'endsAt' | 'place' | 'callIn' | 'agenda' | 'sequence' | 'updatedAt'>;

/** One meeting as a VEVENT: its UID never changes, its SEQUENCE grows with each change of time, place or agenda. */
function meetingEvent(meeting: CalendarMeeting, tableName: string, locale: Locale): IcsEvent {
  const url = `${participationConfig().siteUrl}${spaceMeetingPath(meeting.documentId)}${locale === 'fr' ? '' : '?locale=en'}`;
  const description = [meeting.callIn ? `${t(locale, 'spaceCallIn')}${t(locale, 'colon')} ${meeting.callIn}` : '', meeting.agenda ? `${t(locale, 'spaceAgenda')}${t(locale, 'colon')}\n${meeting.agenda}` : '', url].filter(Boolean).join('\n\n');
  return {
    uid: `${meeting.documentId}@espace.passerelle`,
    start: new Date(meeting.startsAt),
    end: new Date(meeting.endsAt),
    summary: `${meeting.title} — ${tableName}`,
    description,
    location: meeting.place || meeting.callIn || null,
    url,
    stamp: new Date(meeting.updatedAt),
    sequence: meeting.sequence ?? 0,
  };
}

export function meetingIcs(meeting: CalendarMeeting, tableName: string, locale: Locale): string {
  return buildIcs([meetingEvent(meeting, tableName, locale)], { zone: true, name: meeting.title });
}

export async function tableIcs(strapi: Core.Strapi, table: MemberTable, locale: Locale): Promise<string> {
  const meetings = await meetingsOfTable(strapi, table.row.documentId);
  return buildIcs(
    meetings.map((m) => meetingEvent(m, table.row.name, locale)),
    { zone: true, name: t(locale, 'spaceIcsCalendarName', { table: table.row.name }), refreshHours: meetingRules.calendarRefreshHours },
  );
}
