import { TIME_ZONE } from './dates.ts';

/**
 * iCalendar (RFC 5545) files: pure functions, no dependency.
 * - One event's "Add to my calendar" file writes times in UTC (`Z`): no VTIMEZONE block is needed
 *   and every calendar app agrees.
 * - A subscription calendar (`zone: true`) writes local times with `TZID=America/Toronto` and the
 *   zone's VTIMEZONE: recurring readers (Outlook above all) show subscribed events in the zone they
 *   were planned in, and the file says which zone that is.
 */

export interface IcsEvent {
  /** Globally unique and stable across rebuilds: `<documentId>@passerelle`. */
  uid: string;
  start: string | Date;
  end?: string | Date | null;
  summary: string;
  description?: string | null;
  location?: string | null;
  geo?: { lat: number; lng: number } | null;
  url?: string | null;
  /** When the file was produced (DTSTAMP). */
  stamp: Date;
  /** Revision (SEQUENCE): must grow each time the event changes, so subscribed calendars update it. */
  sequence?: number;
  /** `CANCELLED` keeps a cancelled event in subscribers' calendars, struck out, instead of vanishing. */
  status?: 'CONFIRMED' | 'CANCELLED';
}

export interface IcsCalendarOptions {
  prodId?: string;
  /** The calendar's name as calendar apps show it (X-WR-CALNAME, NAME from RFC 7986). */
  name?: string;
  /** Local times in America/Toronto with its VTIMEZONE, instead of UTC. */
  zone?: boolean;
  /** How often subscribers should fetch again (REFRESH-INTERVAL, RFC 7986), in hours. */
  refreshHours?: number;
}

const CRLF = '\r\n';

/** `20261205T183000Z` */
export function icsDateTime(value: string | Date): string {
  const iso = new Date(value).toISOString();
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and newlines as `\n`. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line to at most 75 octets per physical line (RFC 5545 §3.1), continuation lines
 * starting with one space. Never cuts inside a UTF-8 character: French text is full of them.
 */
export function foldLine(line: string): string {
  // Most lines are short: at most 75 UTF-16 units is at most 75 × 3 bytes only for non-ASCII text,
  // so measure only when the line could be too long.
  if (line.length <= 25) return line;
  const parts: string[] = [];
  let start = 0;
  let bytes = 0;
  let limit = 75;
  for (let i = 0; i < line.length; ) {
    const code = line.codePointAt(i)!;
    const units = code > 0xffff ? 2 : 1;
    // UTF-8 length from the code point: no encoder, no allocation per character.
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > limit) {
      parts.push(line.slice(start, i));
      start = i;
      bytes = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    bytes += size;
    i += units;
  }
  parts.push(line.slice(start));
  return parts.join(`${CRLF} `);
}

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `20261205T183000`: the wall-clock time in America/Toronto, for `DTSTART;TZID=America/Toronto:`. */
export function icsLocalDateTime(value: string | Date): string {
  const part = Object.fromEntries(localParts.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return `${part.year}${part.month}${part.day}T${part.hour}${part.minute}${part.second}`;
}

/**
 * America/Toronto as Québec has kept it since 2007 (second Sunday of March, first Sunday of
 * November). Every event a subscription holds is within the next weeks, so these rules cover them.
 */
const torontoZone = [
  'BEGIN:VTIMEZONE',
  `TZID:${TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:19700308T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:19701101T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** One VEVENT's content lines, unfolded. */
export function icsEventLines(event: IcsEvent, zone = false): string[] {
  const when = (value: string | Date) => (zone ? `;TZID=${TIME_ZONE}:${icsLocalDateTime(value)}` : `:${icsDateTime(value)}`);
  const lines = ['BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${icsDateTime(event.stamp)}`, `DTSTART${when(event.start)}`];
  if (event.end) lines.push(`DTEND${when(event.end)}`);
  if (event.sequence !== undefined) lines.push(`SEQUENCE:${event.sequence}`);
  if (event.status) lines.push(`STATUS:${event.status}`);
  lines.push(`SUMMARY:${escapeText(event.summary)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.geo) lines.push(`GEO:${event.geo.lat.toFixed(6)};${event.geo.lng.toFixed(6)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  lines.push('END:VEVENT');
  return lines;
}

/** The calendar's opening lines (up to and including the VTIMEZONE when zoned), unfolded. */
export function icsHeaderLines(options: IcsCalendarOptions = {}): string[] {
  const { prodId = '-//Passerelle//Passerelle//FR', name, zone = false, refreshHours } = options;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${prodId}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (name) lines.push(`NAME:${escapeText(name)}`, `X-WR-CALNAME:${escapeText(name)}`);
  if (zone) lines.push(`X-WR-TIMEZONE:${TIME_ZONE}`);
  if (refreshHours) lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${refreshHours}H`, `X-PUBLISHED-TTL:PT${refreshHours}H`);
  if (zone) lines.push(...torontoZone);
  return lines;
}

/** Content lines → the file's text: folded, CRLF-terminated. */
export function icsText(lines: readonly string[]): string {
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/**
 * A whole calendar. The second argument is the PRODID (one event's file) or the calendar's options.
 */
export function buildIcs(events: readonly IcsEvent[], options: string | IcsCalendarOptions = {}): string {
  const settings = typeof options === 'string' ? { prodId: options } : options;
  const lines = icsHeaderLines(settings);
  for (const event of events) lines.push(...icsEventLines(event, settings.zone ?? false));
  lines.push('END:VCALENDAR');
  return icsText(lines);
}

/**
 * SEQUENCE from the time an entry last changed: minutes since 2024-01-01 UTC. A static build keeps
 * no counter between builds, and this one grows with every edit (one a minute at most counts, which
 * is what an organizer's corrections look like), stays well inside 32 bits for centuries, and is the
 * same in every build of the same content.
 */
export function sequenceFrom(updatedAt: string | Date): number {
  const minutes = Math.floor((new Date(updatedAt).getTime() - Date.UTC(2024, 0, 1)) / 60_000);
  return Math.max(0, minutes);
}
