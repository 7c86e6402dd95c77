import { describe, expect, it } from 'vitest';
import { markUnitSchema, parseSelfCheckForm, renderSpaceSelfCheck, renderSpaceTraining, type SpaceTrainingModule } from './space-training.ts';

const module: SpaceTrainingModule = {
  slug: 'rejoindre-sans-facebook',
  title: 'Rejoindre les gens <sans> Facebook',
  units: [
    {
      number: 1,
      title: 'Choisir le bon moyen',
      questions: [
        { prompt: 'Comment l’inviter ?', choices: [{ text: 'Facebook', correct: false, feedback: 'Non.' }, { text: 'Texto', correct: true, feedback: 'Oui.' }] },
        { prompt: 'Qui manque ?', choices: [{ text: 'Personne', correct: false, feedback: 'Non.' }, { text: 'Les aînés', correct: true, feedback: 'Oui.' }, { text: 'Les jeunes', correct: false, feedback: 'Peut-être.' }] },
      ],
    },
  ],
};
const unit = module.units[0]!;

describe('the self-check form', () => {
  it('counts the right answers and keeps the result only when the box is ticked', () => {
    expect(parseSelfCheckForm({ q1: '1', q2: '0' }, unit).result).toEqual({ ok: true, value: { chosen: [1, 0], correct: 1, total: 2, save: false } });
    expect(parseSelfCheckForm({ q1: '1', q2: '1', save: '1' }, unit).result).toEqual({ ok: true, value: { chosen: [1, 1], correct: 2, total: 2, save: true } });
    expect(parseSelfCheckForm({ q1: '1', q2: '1', save: 'on' }, unit).result).toMatchObject({ ok: true, value: { save: false } });
  });

  it('refuses a missing answer and anything that is not one of the question’s choices, naming each question', () => {
    for (const q2 of [undefined, '', '3', '-1', '1.5', 'x', '1e0', ' ', '0x1', '+1']) {
      const { values, result } = parseSelfCheckForm({ q1: '0', ...(q2 === undefined ? {} : { q2 }) }, unit);
      expect(result, String(q2)).toEqual({ ok: false, errors: { 1: 'errTrainingAnswer' } });
      expect(values[0]).toBe('0');
    }
  });

  it('the mark-done form takes a unit number and "0" or "1", nothing else', () => {
    expect(markUnitSchema.safeParse({ unit: '2', done: '1' }).success).toBe(true);
    for (const fields of [{ unit: '0', done: '1' }, { unit: '2', done: 'true' }, { unit: 'x', done: '0' }, { unit: '1e0', done: '1' }, { unit: ' 2', done: '1' }, { done: '1' }]) expect(markUnitSchema.safeParse(fields).success, JSON.stringify(fields)).toBe(false);
  });
});

describe('the pages', () => {
  it('escape the module’s words and never say which choice is right before the answer', () => {
    const page = renderSpaceSelfCheck('fr', 'c'.repeat(64), module, unit);
    expect(page.body).toContain('Rejoindre les gens &lt;sans&gt; Facebook');
    expect(page.body).not.toContain('Oui.');
    expect(page.body).toContain('name="csrf" value="' + 'c'.repeat(64) + '"');
  });

  it('offer erasing only when something is kept, and link each unit to its public page in the page’s language', () => {
    const empty = renderSpaceTraining('en', 'c'.repeat(64), [module], []);
    expect(empty.body).toContain('You have kept nothing so far.');
    expect(empty.body).toContain('href="/en/training/rejoindre-sans-facebook/1/"');
    const kept = renderSpaceTraining('fr', 'c'.repeat(64), [module], [{ moduleSlug: module.slug, unitNumber: 1, done: true, check: { correct: 2, total: 2 }, updatedAt: '2026-11-02T15:00:00.000Z' }]);
    expect(kept.body).toContain('Effacer toute ma progression');
    expect(kept.body).toContain('Vérification gardée\u00a0: 2 sur 2');
    expect(kept.body).toContain('Unités faites\u00a0: 1 sur 1');
  });
});
