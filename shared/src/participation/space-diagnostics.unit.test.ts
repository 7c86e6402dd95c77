import { describe, expect, it } from 'vitest';
import { barrierKinds, parseActionForm, parseActionUpdateForm, parseBarriersForm, renderSpaceDiagnostic, type DiagnosticView } from './space-diagnostics.ts';

const allBarriers = (level: string, note = '') => Object.fromEntries(barrierKinds.flatMap((k) => [[`level-${k}`, level], [`note-${k}`, note]]));
const action = { title: 'Ateliers', barrier: 'skills', owner: 'Bibliothèque de quartier', dueOn: '2027-02-15', status: 'a_faire', note: '' };

describe('the diagnostic’s forms', () => {
  it('reads the six barriers with their level and note', () => {
    const { result } = parseBarriersForm({ ...allBarriers('moyen', '  Forfaits trop petits.  '), 'level-trust': 'inconnu' });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ data: { level: 'moyen', note: 'Forfaits trop petits.' }, trust: { level: 'inconnu', note: 'Forfaits trop petits.' } }) });
  });

  it('refuses a level outside the list, a note too long or with a control character, field by field', () => {
    const { values, result } = parseBarriersForm({ ...allBarriers('peu'), 'level-device': 'énorme', 'note-data': 'x'.repeat(501), 'note-trust': 'bip\u0007' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({ 'level-device': 'errDiagLevel', 'note-data': 'errSpaceTooLong', 'note-trust': 'errFieldInvalid' });
    expect(values['level-device']).toBe('énorme');
  });

  it('reads an action, and refuses an owner that is a person’s email or phone number', () => {
    expect(parseActionForm(action, '2027-01-01').result).toEqual({ ok: true, value: { ...action, barrier: 'skills', status: 'a_faire' } });
    for (const owner of ['lucie@exemple.ca', '514 555-0199', 'Lucie (438) 555 0199']) {
      expect(parseActionForm({ ...action, owner }, '2027-01-01').result, owner).toEqual({ ok: false, errors: { owner: 'errDiagOwnerContact' } });
    }
    // A role with a small number in it is not a phone number.
    expect(parseActionForm({ ...action, owner: 'Comité des 55 ans et plus' }, '2027-01-01').result.ok).toBe(true);
  });

  it('needs a real date, not years away', () => {
    expect(parseActionForm({ ...action, dueOn: '' }, '2027-01-01').result).toEqual({ ok: false, errors: { dueOn: 'errDiagDueRequired' } });
    expect(parseActionForm({ ...action, dueOn: '2027-02-30' }, '2027-01-01').result).toEqual({ ok: false, errors: { dueOn: 'errDateInvalid' } });
    expect(parseActionForm({ ...action, dueOn: '2207-02-15' }, '2027-01-01').result).toEqual({ ok: false, errors: { dueOn: 'errDateInvalid' } });
  });

  it('updates only the status and the note', () => {
    expect(parseActionUpdateForm({ status: 'fait', note: 'Fini.', title: 'ignoré' }).result).toEqual({ ok: true, value: { status: 'fait', note: 'Fini.' } });
    expect(parseActionUpdateForm({ status: 'termine', note: '' }).result).toEqual({ ok: false, errors: { status: 'errDiagStatus' } });
  });
});

describe('the diagnostic’s page', () => {
  const view: DiagnosticView = {
    slug: 'villeray',
    neighbourhood: 'Villeray',
    tables: ['Table de Villeray'],
    done: 1,
    total: 3,
    updatedAt: '2026-12-01T15:00:00.000Z',
    barriers: Object.fromEntries(barrierKinds.map((k) => [k, { level: 'moyen', note: '' }])) as DiagnosticView['barriers'],
    actions: [{ documentId: 'a'.repeat(24), title: 'Ateliers <b>', barrier: 'skills', owner: 'Bibliothèque', dueOn: '2027-02-15', status: 'fait', note: '' }],
  };

  it('says the progress in words and with a <progress> bar, and escapes what was typed', () => {
    const { body } = renderSpaceDiagnostic('fr', 'c'.repeat(64), view);
    expect(body).toContain('1 action(s) faite(s) sur 3');
    expect(body).toContain('<progress max="3" value="1" aria-labelledby="plan-progres">1 / 3</progress>');
    expect(body).toContain('Ateliers &lt;b&gt;');
    expect(body).not.toContain('<script');
    expect(renderSpaceDiagnostic('en', 'c'.repeat(64), view).body).toContain('1 of 3 action(s) done');
  });
});
