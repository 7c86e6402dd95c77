import type { Core } from '@strapi/strapi';
import { meetingRules, type MeetingInput, type PublicDraftMark, type SpaceMeetingSummary, type SpaceMeetingView, type SpaceTableView } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { calendarTokenUid, meetingUid, practitionerUid, roundTableUid } from './sessions';
import { namesIn } from './tables';

/**
 * Round tables and meetings, as one member may see them. Every read starts from "this table, with
 * this member at it": a table or meeting the member does not sit at is the same "not found" as one
 * that does not exist. Planning a meeting and taking attendance is for the table's coordination and
 * for OCs sitting at it; the minutes are for any member.
 */
const documentIdPattern = /^[a-z0-9]{24}$/;
export const isDocumentId = (value: string) => documentIdPattern.test(value);

interface Named {
  documentId: string;
  name: string;
}
interface MemberRow extends Named {
  active: boolean;
  email: string | null;
  phone: string | null;
  showContact: boolean;
  organization?: Named | null;
}
interface TableRow {
  id: number;
  documentId: string;
  name: string;
  neighbourhoods?: Named[];
  members?: MemberRow[];
  coordinators?: Array<{ documentId: string }>;
}
export interface MeetingRow {
  id: number;
  documentId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  callIn: string | null;
  agenda: string | null;
  minutes: string | null;
  decisions: string | null;
  sequence: number;
  updatedAt: string;
  agendaSentAtMs?: string | number | null;
  agendaSentTo?: number | null;
  minutesSentAtMs?: string | number | null;
  minutesSentTo?: number | null;
  roundTable?: { documentId: string } | null;
  attendees?: Array<{ documentId: string }>;
}

export interface MemberTable {
  row: TableRow;
  /** Active members, each once, by name. */
  members: MemberRow[];
  canPlan: boolean;
  /** The member is an OC (may invite an OC). */
  isOc: boolean;
}

/** The table, if this member sits at it (and is active: sessions already check it, calendar tokens too). */
export async function tableOfMember(strapi: Core.Strapi, tableId: string, memberId: string): Promise<MemberTable | null> {
  if (!isDocumentId(tableId)) return null;
  const row = (await strapi.db.query(roundTableUid).findOne({
    where: { documentId: tableId, members: { documentId: memberId, active: true } },
    select: ['id', 'documentId', 'name'],
    populate: {
      neighbourhoods: { select: ['documentId', 'name'] },
      members: { select: ['documentId', 'name', 'active', 'email', 'phone', 'showContact'], orderBy: { name: 'asc' }, populate: { organization: { select: ['documentId', 'name'] } } },
      coordinators: { select: ['documentId'] },
    },
  })) as TableRow | null;
  if (!row) return null;
  const seen = new Set<string>();
  const members = (row.members ?? []).filter((m) => m.active && !seen.has(m.documentId) && seen.add(m.documentId));
  if (!members.some((m) => m.documentId === memberId)) return null;
  const me = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: memberId }, select: ['spaceRole'] })) as { spaceRole: string } | null;
  const coordination = (row.coordinators ?? []).some((c) => c.documentId === memberId);
  return { row, members, canPlan: coordination || me?.spaceRole === 'oc', isOc: me?.spaceRole === 'oc' };
}

const summaryOf = (m: MeetingRow): SpaceMeetingSummary => ({ documentId: m.documentId, title: m.title, startsAt: new Date(m.startsAt).toISOString(), endsAt: new Date(m.endsAt).toISOString() });

export async function meetingsOfTable(strapi: Core.Strapi, tableId: string): Promise<MeetingRow[]> {
  return (await strapi.db.query(meetingUid).findMany({ where: { roundTable: { documentId: tableId } }, orderBy: { startsAt: 'asc' } })) as MeetingRow[];
}

export async function tableView(strapi: Core.Strapi, table: MemberTable, memberId: string, locale: Locale, allPast = false, now = Date.now()): Promise<SpaceTableView> {
  const { row } = table;
  const places = await namesIn(strapi, 'api::neighbourhood.neighbourhood', (row.neighbourhoods ?? []).map((n) => n.documentId), locale);
  const organizationIds = [...new Set(table.members.flatMap((m) => (m.organization ? [m.organization.documentId] : [])))];
  const organizations = await namesIn(strapi, 'api::organization.organization', organizationIds, locale);
  const coordinators = new Set((row.coordinators ?? []).map((c) => c.documentId));
  // Only what the lists show (a table's meetings carry agendas and minutes the page does not), and
  // only the latest past ones unless asked: a table that has met for years keeps a short page.
  const summary = ['documentId', 'title', 'startsAt', 'endsAt'];
  const ofTable = { roundTable: { documentId: row.documentId } };
  const upcoming = (await strapi.db.query(meetingUid).findMany({ where: { ...ofTable, endsAt: { $gte: new Date(now).toISOString() } }, select: summary, orderBy: { startsAt: 'asc' } })) as MeetingRow[];
  const pastWhere = { ...ofTable, endsAt: { $lt: new Date(now).toISOString() } };
  const past = (await strapi.db.query(meetingUid).findMany({ where: pastWhere, select: summary, orderBy: { startsAt: 'desc' }, ...(allPast ? {} : { limit: meetingRules.pastOnTablePage }) })) as MeetingRow[];
  const pastTotal = allPast || past.length < meetingRules.pastOnTablePage ? past.length : await strapi.db.query(meetingUid).count({ where: pastWhere });
  const hasCalendarLink = (await strapi.db.query(calendarTokenUid).count({ where: { practitionerDocumentId: memberId, roundTableDocumentId: row.documentId } })) > 0;
  return {
    documentId: row.documentId,
    name: row.name,
    neighbourhoods: [...new Set((row.neighbourhoods ?? []).map((n) => places.get(n.documentId) ?? n.name))],
    members: table.members.map((m) => ({
      documentId: m.documentId,
      name: m.name,
      organization: m.organization ? (organizations.get(m.organization.documentId) ?? m.organization.name) : null,
      coordination: coordinators.has(m.documentId),
      // Contact details only with the person's own consent (the "show my contacts" box on their record).
      email: m.showContact ? m.email : null,
      phone: m.showContact ? m.phone : null,
    })),
    upcoming: upcoming.map(summaryOf),
    past: past.map(summaryOf),
    pastTotal,
    canPlan: table.canPlan,
    hasCalendarLink,
  };
}

export interface MemberMeeting {
  row: MeetingRow;
  table: MemberTable;
}

/** The meeting, if this member sits at its table. */
export async function meetingOfMember(strapi: Core.Strapi, meetingId: string, memberId: string): Promise<MemberMeeting | null> {
  if (!isDocumentId(meetingId)) return null;
  const row = (await strapi.db.query(meetingUid).findOne({ where: { documentId: meetingId }, populate: { roundTable: { select: ['documentId'] }, attendees: { select: ['documentId'] } } })) as MeetingRow | null;
  if (!row?.roundTable) return null;
  const table = await tableOfMember(strapi, row.roundTable.documentId, memberId);
  return table ? { row, table } : null;
}

export function meetingView(meeting: MemberMeeting, publicDrafts: PublicDraftMark[] = []): SpaceMeetingView {
  const { row, table } = meeting;
  const present = new Set((row.attendees ?? []).map((a) => a.documentId));
  return {
    ...summaryOf(row),
    table: { documentId: table.row.documentId, name: table.row.name },
    place: row.place ?? '',
    callIn: row.callIn ?? '',
    agenda: row.agenda ?? '',
    minutes: row.minutes ?? '',
    decisions: row.decisions ?? '',
    members: table.members.map((m) => ({ documentId: m.documentId, name: m.name, present: present.has(m.documentId) })),
    canPlan: table.canPlan,
    agendaSent: mailingOf(row.agendaSentAtMs, row.agendaSentTo),
    minutesSent: mailingOf(row.minutesSentAtMs, row.minutesSentTo),
    publicDrafts,
  };
}

const mailingOf = (atMs: string | number | null | undefined, count: number | null | undefined) => (atMs ? { at: new Date(Number(atMs)).toISOString(), count: count ?? 0 } : null);

export async function createMeeting(strapi: Core.Strapi, tableId: string, input: MeetingInput): Promise<string> {
  const created = (await strapi.documents(meetingUid).create({ data: { ...input, roundTable: tableId, sequence: 0 } as never })) as { documentId: string };
  return created.documentId;
}

/** A change of time, place or agenda grows the calendar SEQUENCE (bump-meeting-sequence.ts), here as in the admin. */
export async function updateMeeting(strapi: Core.Strapi, meeting: MemberMeeting, input: MeetingInput): Promise<void> {
  await strapi.documents(meetingUid).update({ documentId: meeting.row.documentId, data: input as never });
}

export async function saveMinutes(strapi: Core.Strapi, meeting: MemberMeeting, minutes: { minutes: string; decisions: string }): Promise<void> {
  await strapi.documents(meetingUid).update({ documentId: meeting.row.documentId, data: minutes as never });
}

/** Attendance: only members of the table can be ticked present; anything else in the form is ignored. */
export async function saveAttendance(strapi: Core.Strapi, meeting: MemberMeeting, fields: Record<string, string>): Promise<void> {
  const present = meeting.table.members.filter((m) => fields[`present-${m.documentId}`] === '1').map((m) => m.documentId);
  await strapi.documents(meetingUid).update({ documentId: meeting.row.documentId, data: { attendees: present } as never });
}

/** Leaving a table: out of its members and its coordination, and its calendar address stops at once. */
export async function leaveTable(strapi: Core.Strapi, table: MemberTable, memberId: string): Promise<void> {
  await strapi.documents(roundTableUid).update({ documentId: table.row.documentId, data: { members: { disconnect: [memberId] }, coordinators: { disconnect: [memberId] } } as never });
  await strapi.db.query(calendarTokenUid).deleteMany({ where: { practitionerDocumentId: memberId, roundTableDocumentId: table.row.documentId } });
}
