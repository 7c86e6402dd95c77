import { describe, expect, it } from 'vitest';
import { parsePublicDraftForm, publicDraftPrefill, publicDraftRules } from './space-to-public.ts';

const hood = 'a'.repeat(24);
const event = { kind: 'event', title: 'Fête de quartier', summary: 'Pour tout le monde.', details: '', date: '2030-06-14', start: '13:00', end: '17:00', place: 'Parc Jarry', neighbourhood: hood };

describe('the "propose to the public site" form', () => {
  it('reads an event in Québec time, and nothing but its own fields', () => {
    const { result } = parsePublicDraftForm({ ...event, status: 'published', publishedAt: '2030-01-01' }, [hood], '2030-01-10', 'fr');
    expect(result).toEqual({
      ok: true,
      value: { kind: 'event', language: 'fr', title: 'Fête de quartier', summary: 'Pour tout le monde.', details: '', startsAt: '2030-06-14T17:00:00.000Z', endsAt: '2030-06-14T21:00:00.000Z', deadline: null, place: 'Parc Jarry', neighbourhood: hood },
    });
  });

  it('needs a date, a start and a place for an event, not for a call; a call’s date alone is its deadline', () => {
    const bare = { ...event, date: '', start: '', end: '', place: '' };
    expect(parsePublicDraftForm(bare, [hood], '2030-01-10', 'fr').result).toEqual({ ok: false, errors: { date: 'errSpaceDateRequired', start: 'errSpaceTimeRequired', place: 'errPublicDraftPlace' } });
    const call = parsePublicDraftForm({ ...bare, kind: 'call', date: '2030-02-01' }, [hood], '2030-01-10', 'fr').result;
    expect(call.ok && call.value).toMatchObject({ kind: 'call', startsAt: null, deadline: '2030-02-01' });
  });

  it('refuses a neighbourhood it did not offer, a past date, an end before the start, an unknown kind, control characters', () => {
    expect(parsePublicDraftForm({ ...event, neighbourhood: 'b'.repeat(24) }, [hood], '2030-01-10', 'fr').result).toEqual({ ok: false, errors: { neighbourhood: 'errPublicDraftNeighbourhood' } });
    expect(parsePublicDraftForm({ ...event, neighbourhood: hood }, [], '2030-01-10', 'fr').result).toEqual({ ok: false, errors: { neighbourhood: 'errPublicDraftNeighbourhood' } });
    expect(parsePublicDraftForm(event, [hood], '2030-07-01', 'fr').result).toEqual({ ok: false, errors: { date: 'errPublicDraftPast' } });
    expect(parsePublicDraftForm({ ...event, end: '12:00' }, [hood], '2030-01-10', 'fr').result).toEqual({ ok: false, errors: { end: 'errSpaceEndBeforeStart' } });
    expect(parsePublicDraftForm({ ...event, kind: 'petition' }, [hood], '2030-01-10', 'fr').result).toEqual({ ok: false, errors: { kind: 'errPublicDraftKind' } });
    expect(parsePublicDraftForm({ ...event, language: 'de' }, [hood], '2030-01-10', 'fr').result).toEqual({ ok: false, errors: { language: 'errPublicDraftLanguage' } });
    expect(parsePublicDraftForm({ ...event, title: 'Fête\u202equartier' }, [hood], '2030-01-10', 'fr').result).toEqual({ ok: false, errors: { title: 'errFieldInvalid' } });
  });

  it('writes the draft in the language chosen, or the page’s when the form has no choice', () => {
    const english = parsePublicDraftForm({ ...event, language: 'en' }, [hood], '2030-01-10', 'fr').result;
    expect(english.ok && english.value.language).toBe('en');
    const unchosen = parsePublicDraftForm(event, [hood], '2030-01-10', 'en');
    expect(unchosen.result.ok && unchosen.result.value.language).toBe('en');
    expect(unchosen.values.language).toBe('en');
  });

  it('is prefilled from the source: its title, the first paragraph of its text cut on a word, its one neighbourhood', () => {
    const long = `${'mot '.repeat(100)}fin.\n\nDeuxième paragraphe.`;
    const values = publicDraftPrefill({ title: 'Réunion de février', text: long, date: '2030-03-01', neighbourhoods: [hood], locale: 'fr' });
    expect(values.title).toBe('Réunion de février');
    expect([...values.summary!].length).toBeLessThanOrEqual(publicDraftRules.summaryMax);
    expect(values.summary).toMatch(/mot…$/);
    expect(values.details).toContain('Deuxième paragraphe.');
    expect(values).toMatchObject({ kind: 'event', language: 'fr', date: '2030-03-01', neighbourhood: hood });
    expect(publicDraftPrefill({ title: 'x', text: '', neighbourhoods: [hood, 'b'.repeat(24)], locale: 'en' }).neighbourhood).toBe('');
  });

  it('prefills only what its own form accepts: a source of emoji is cut in UTF-16 units, never on half an emoji', () => {
    // A meeting's decisions hold 5000 units: 2500 emoji, more than the draft's details and summary take.
    const emoji = '😀'.repeat(2500);
    const values = publicDraftPrefill({ title: `a${'😀'.repeat(150)}`, text: `${'😀 '.repeat(200)}\n\n${emoji}`, neighbourhoods: [hood], locale: 'fr' });
    expect(values.title!.length).toBeLessThanOrEqual(publicDraftRules.titleMax);
    expect(values.summary!.length).toBeLessThanOrEqual(publicDraftRules.summaryMax);
    expect(values.details!.length).toBeLessThanOrEqual(publicDraftRules.detailsMax);
    for (const text of [values.title!, values.summary!, values.details!]) expect(text, text.slice(-4)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const parsed = parsePublicDraftForm({ ...values, kind: 'event', date: '2030-03-01', start: '18:00', end: '20:00', place: 'Salle 2', neighbourhood: hood }, [hood], '2030-01-10', 'fr');
    expect(parsed.result.ok ? 'ok' : parsed.result.errors).toBe('ok');
  });
});
