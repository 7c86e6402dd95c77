import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine, icsDateTime } from './ics.ts';

const stamp = new Date('2026-11-28T12:00:00Z');
const event = {
  uid: 'abc123@passerelle',
  start: '2026-12-05T23:30:00.000Z',
  end: '2026-12-06T01:30:00.000Z',
  summary: 'Cuisine collective, soupe; pain',
  description: 'Apportez vos plats.\n\nC:\\ rien',
  location: 'Centre communautaire, 7378 rue Lajeunesse',
  geo: { lat: 45.5455, lng: -73.6265 },
  url: 'https://passerelle.example/evenements/cuisine/',
  stamp,
};

describe('ICS builder (RFC 5545)', () => {
  it('writes UTC date-times', () => {
    expect(icsDateTime('2026-12-05T18:30:00-05:00')).toBe('20261205T233000Z');
  });

  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('builds a calendar with CRLF line endings and the required properties', () => {
    const ics = buildIcs([event]);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n|\r/);
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    expect(lines).toContain('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('UID:abc123@passerelle');
    expect(lines).toContain('DTSTAMP:20261128T120000Z');
    expect(lines).toContain('DTSTART:20261205T233000Z');
    expect(lines).toContain('DTEND:20261206T013000Z');
    expect(lines).toContain('SUMMARY:Cuisine collective\\, soupe\\; pain');
    expect(lines).toContain('DESCRIPTION:Apportez vos plats.\\n\\nC:\\\\ rien');
    expect(lines).toContain('GEO:45.545500;-73.626500');
    expect(lines).toContain('URL:https://passerelle.example/evenements/cuisine/');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });

  it('omits DTEND when the event has no end', () => {
    expect(buildIcs([{ ...event, end: null }])).not.toContain('DTEND');
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const long = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(long);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(1);
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    for (const line of physical.slice(1)) expect(line.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(folded).not.toContain('\uFFFD');
  });

  it('leaves short lines alone', () => {
    expect(foldLine('SUMMARY:court')).toBe('SUMMARY:court');
  });
});
