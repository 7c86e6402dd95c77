import { formatDate, formatRange } from '../dates.ts';
import { t } from '../i18n.ts';
import type { Locale } from '../locales.ts';
import type { MeetingMailingKind } from './space-meetings.ts';

/**
 * What a member receives when the coordination sends a meeting's agenda, or its minutes: by email
 * the whole text and the link back to the meeting's page (sign-in needed), by text message only the
 * table, the day and time in words, the place and the link. The member's own name is the only name
 * in it: never another member's name or contact.
 */
export interface MeetingMessageInput {
  tableName: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  callIn: string;
  agenda: string;
  minutes: string;
  decisions: string;
  /** The meeting's page in the space, absolute. */
  link: string;
}

const line = (locale: Locale, key: 'spacePlace' | 'spaceCallIn', value: string) => (value ? `${t(locale, key)}${t(locale, 'colon')} ${value}\n` : '');

export function meetingEmail(kind: MeetingMailingKind, locale: Locale, memberName: string, m: MeetingMessageInput): { subject: string; text: string } {
  const when = formatRange(m.startsAt, m.endsAt, locale);
  const head = `${m.title}\n${when}\n${line(locale, 'spacePlace', m.place)}${line(locale, 'spaceCallIn', m.callIn)}`;
  if (kind === 'agenda') {
    return {
      subject: t(locale, 'mailSpaceAgendaSubject', { table: m.tableName, date: formatDate(m.startsAt, locale) }),
      text: t(locale, 'mailSpaceAgendaBody', { name: memberName, table: m.tableName, meeting: head.trimEnd(), agenda: m.agenda, link: m.link }),
    };
  }
  const sections = [m.minutes ? `${t(locale, 'spaceMinutes')}\n\n${m.minutes}` : '', m.decisions ? `${t(locale, 'spaceDecisions')}\n\n${m.decisions}` : ''].filter(Boolean).join('\n\n');
  return {
    subject: t(locale, 'mailSpaceMinutesSubject', { table: m.tableName, date: formatDate(m.startsAt, locale) }),
    text: t(locale, 'mailSpaceMinutesBody', { name: memberName, table: m.tableName, meeting: head.trimEnd(), minutes: sections, link: m.link }),
  };
}

/** The text message: short, the link last (queueSms keeps a final link whole when it shortens). */
export function meetingSms(kind: MeetingMailingKind, locale: Locale, m: MeetingMessageInput): string {
  if (kind === 'agenda') return t(locale, 'smsSpaceAgenda', { title: m.tableName, when: formatRange(m.startsAt, m.endsAt, locale), place: m.place || m.callIn, link: m.link });
  return t(locale, 'smsSpaceMinutes', { title: m.tableName, when: formatDate(m.startsAt, locale), link: m.link });
}
