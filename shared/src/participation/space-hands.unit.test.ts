import { describe, expect, it } from 'vitest';
import { handDigest, handNotice, handRules, parseHandForm, parseNoticesForm, parseReplyForm } from './space-hands.ts';

const mine = ['a'.repeat(24), 'b'.repeat(24)];
const valid = { kind: 'benevoles', title: 'Bénévoles samedi', details: 'Trier les denrées.', neededBy: '', [`table-${mine[0]}`]: '1' };

describe('the request form', () => {
  const places = ['n'.repeat(24)];
  const choices = { tables: mine, neighbourhoods: places };
  it('refuses, in the form, a table the author does not sit at or a neighbourhood that is not offered, keeping the rest', () => {
    const { values, result } = parseHandForm({ ...valid, [`table-${'c'.repeat(24)}`]: '1' }, choices, '2030-01-10');
    expect(result).toEqual({ ok: false, errors: { tables: 'errHandAudienceUnknown' } });
    expect(values.tables).toEqual([mine[0]]);
    const place = parseHandForm({ ...valid, [`quartier-${'z'.repeat(24)}`]: '1' }, choices, '2030-01-10');
    expect(place.result).toEqual({ ok: false, errors: { tables: 'errHandAudienceUnknown' } });
    const none = parseHandForm({ ...valid, [`table-${mine[0]}`]: '' }, choices, '2030-01-10');
    expect(none.result).toEqual({ ok: false, errors: { tables: 'errHandTables' } });
  });

  it('takes tables, neighbourhoods, or both', () => {
    const both = parseHandForm({ ...valid, [`quartier-${places[0]}`]: '1' }, choices, '2030-01-10');
    expect(both.result).toEqual({ ok: true, value: { kind: 'benevoles', title: 'Bénévoles samedi', details: 'Trier les denrées.', neededBy: null, tables: [mine[0]], neighbourhoods: places } });
    const placeOnly = parseHandForm({ ...valid, [`table-${mine[0]}`]: '', [`quartier-${places[0]}`]: '1' }, choices, '2030-01-10');
    expect(placeOnly.result.ok && placeOnly.result.value).toMatchObject({ tables: [], neighbourhoods: places });
  });

  it('refuses an unknown kind, an empty title, too long details, a past or unreal date; keeps what was typed', () => {
    const { values, result } = parseHandForm({ kind: 'argent', title: ' ', details: 'x'.repeat(handRules.detailsMax + 1), neededBy: '2030-02-30', [`table-${mine[1]}`]: '1' }, choices, '2030-01-10');
    expect(result).toEqual({ ok: false, errors: { kind: 'errHandKind', title: 'errFieldRequired', details: 'errSpaceTooLong', neededBy: 'errDateInvalid' } });
    expect(values.tables).toEqual([mine[1]]);
    expect(values.details).toHaveLength(handRules.detailsMax + 1);
    expect(parseHandForm({ ...valid, neededBy: '2030-01-09' }, choices, '2030-01-10').result).toEqual({ ok: false, errors: { neededBy: 'errHandNeededByPast' } });
    expect(parseHandForm({ ...valid, neededBy: '2030-01-10' }, choices, '2030-01-10').result.ok).toBe(true);
    // An edit keeps the date the request already has, even once passed; another past date is still refused.
    expect(parseHandForm({ ...valid, neededBy: '2030-01-05' }, choices, '2030-01-10', '2030-01-05').result.ok).toBe(true);
    expect(parseHandForm({ ...valid, neededBy: '2030-01-06' }, choices, '2030-01-10', '2030-01-05').result).toEqual({ ok: false, errors: { neededBy: 'errHandNeededByPast' } });
  });

  it('a reply is required, at most 2000 characters, without control characters', () => {
    expect(parseReplyForm({ text: '  Oui, on a une salle.\r\n\r\nAppelez-moi. ' }).result).toEqual({ ok: true, value: 'Oui, on a une salle.\n\nAppelez-moi.' });
    expect(parseReplyForm({}).result).toEqual({ ok: false, error: 'errFieldRequired' });
    expect(parseReplyForm({ text: 'a\u0007b' }).result).toEqual({ ok: false, error: 'errFieldInvalid' });
  });
});

describe('"Mes avis"', () => {
  it('accepts a known mode and a channel the member has; nothing else', () => {
    expect(parseNoticesForm({ mode: 'immediate', channel: 'sms' }, ['email', 'sms'])).toEqual({ ok: true, value: { mode: 'immediate', channel: 'sms' } });
    expect(parseNoticesForm({ mode: 'immediate', channel: 'sms' }, ['email'])).toEqual({ ok: false, error: 'errNoticesChoice' });
    expect(parseNoticesForm({ mode: 'hourly', channel: 'email' }, ['email'])).toEqual({ ok: false, error: 'errNoticesChoice' });
    expect(parseNoticesForm({ mode: 'none' }, ['sms'])).toEqual({ ok: true, value: { mode: 'none', channel: 'sms' } });
  });
});

describe('message words', () => {
  it('say what is asked and where, with the link; the text fits the link whole', () => {
    const notice = handNotice('fr', { kind: 'interprete', title: 'Interprète en créole', tables: ['Table de Saint-Michel'] }, 'https://exemple.ca/participer/espace/coups-de-main/x/');
    expect(notice.subject).toBe('Coup de main demandé : Interprète');
    expect(notice.text).toContain('Table de Saint-Michel');
    expect(notice.sms.endsWith('https://exemple.ca/participer/espace/coups-de-main/x/')).toBe(true);
    const digest = handDigest('en', [{ title: 'Room', url: 'u1' }], [], 'list');
    expect(digest.text).toContain('New requests at your round tables (1):\n- Room\n  u1');
    expect(digest.text).not.toContain('Threads');
  });
});
