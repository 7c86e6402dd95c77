import { describe, expect, it } from 'vitest';
import { parsePeerSessionForm, peerCancelledMessage, peerChangedMessage, peerSessionFormValues, renderCancelPeerSession, renderPeerSession, renderPeerSessionForm, renderPeerSessionsBlock, type PeerSessionView } from './space-peer-sessions.ts';

const now = Date.parse('2026-12-07T12:00:00Z');
const good = { title: 'Atelier textos', description: 'Apportez votre cellulaire.', date: '2026-12-15', start: '13:30', end: '15:00', place: 'Salle 2', callIn: '', capacity: '12', audience: 'all' };

describe('the peer session form', () => {
  it('reads a good announcement in Québec time, for everyone', () => {
    const { result } = parsePeerSessionForm(good, [], now);
    expect(result).toEqual({ ok: true, value: { title: 'Atelier textos', description: 'Apportez votre cellulaire.', startsAt: '2026-12-15T18:30:00.000Z', endsAt: '2026-12-15T20:00:00.000Z', place: 'Salle 2', callIn: '', capacity: 12, roundTable: null } });
  });

  it('takes one of the OC’s tables as the audience, and refuses any other id', () => {
    const table = 'a'.repeat(24);
    const chosen = parsePeerSessionForm({ ...good, audience: table }, [table], now).result;
    expect(chosen.ok && chosen.value.roundTable).toBe(table);
    expect(parsePeerSessionForm({ ...good, audience: 'b'.repeat(24) }, [table], now).result).toEqual({ ok: false, errors: { audience: 'errFieldInvalid' } });
  });

  it('keeps the values and names each error: no title, no place, a bad capacity, a session in the past', () => {
    const { values, result } = parsePeerSessionForm({ ...good, title: '', place: '', capacity: '501' }, [], now);
    expect(values.capacity).toBe('501');
    expect(result).toEqual({ ok: false, errors: { title: 'errFieldRequired', place: 'errSpacePlaceRequired', capacity: 'errSpacePeerSessionCapacity' } });
    expect(parsePeerSessionForm({ ...good, date: '2026-12-01' }, [], now).result).toEqual({ ok: false, errors: { date: 'errSpacePeerSessionPast' } });
    expect(parsePeerSessionForm({ ...good, capacity: '' }, [], now).result).toMatchObject({ ok: true, value: { capacity: null } });
  });

  it('the change form has no audience: whatever is posted as one is ignored, never a table', () => {
    expect(parsePeerSessionForm({ ...good, audience: 'b'.repeat(24) }, null, now).result).toMatchObject({ ok: true, value: { roundTable: null } });
  });
});

describe('changing and cancelling', () => {
  const view: PeerSessionView = { documentId: 'c'.repeat(24), title: 'Atelier', startsAt: '2026-12-15T18:30:00.000Z', endsAt: '2026-12-15T20:00:00.000Z', tableName: 'Table Rosemont', capacity: 8, confirmed: 3, mine: null, description: 'Texte', place: 'Salle 2', callIn: '', waiting: 2, registrants: [], cancelled: false, canManage: true };

  it('pre-fills the change form in Québec time, with its own address, no audience, the values escaped', () => {
    const values = peerSessionFormValues(view);
    expect(values).toEqual({ title: 'Atelier', description: 'Texte', date: '2026-12-15', start: '13:30', end: '15:00', place: 'Salle 2', callIn: '', capacity: '8' });
    const page = renderPeerSessionForm('fr', 'x', [], { ...values, place: '"><script>' }, {}, { sessionId: view.documentId, title: view.title, tableName: view.tableName });
    expect(page.body).toContain(`action="/participer/espace/seances/${view.documentId}/modifier"`);
    expect(page.body).toContain('value="2026-12-15"');
    expect(page.body).not.toContain('name="audience"');
    expect(page.body).not.toContain('"><script>');
    expect(page.body).toContain('Pour les membres de Table Rosemont');
  });

  it('links the change and cancel pages for those who may, and a cancelled session says so and offers no button', () => {
    expect(renderPeerSession('fr', 'x', view, now).body).toContain('/annuler');
    expect(renderPeerSession('fr', 'x', { ...view, canManage: false }, now).body).not.toContain('/annuler');
    const cancelled = renderPeerSession('fr', 'x', { ...view, cancelled: true }, now).body;
    expect(cancelled).toContain('Séance annulée');
    expect(cancelled).not.toContain('<button');
    expect(cancelled).not.toContain('/modifier');
    expect(renderPeerSessionsBlock('en', [{ ...view, cancelled: true }], false)).toContain('Session cancelled');
  });

  it('the confirm step says how many people will be told, and posts to the session’s cancel address', () => {
    const body = renderCancelPeerSession('fr', 'x', view).body;
    expect(body).toContain('(5)');
    expect(body).toContain(`action="/participer/espace/seances/${view.documentId}/annuler"`);
  });

  it('the notices name the person told and the session, with its link, in both languages', () => {
    const input = { name: 'Ana', title: 'Atelier', startsAt: view.startsAt, endsAt: view.endsAt, link: 'https://x.test/s' };
    expect(peerChangedMessage('fr', input).subject).toBe('Séance changée : Atelier');
    expect(peerChangedMessage('en', input).text).toContain('Hello Ana');
    expect(peerCancelledMessage('fr', input).sms).toContain('https://x.test/s');
    expect(peerCancelledMessage('en', input).subject).toBe('Session cancelled: Atelier');
  });
});

describe('the pages', () => {
  const view: PeerSessionView = { documentId: 'c'.repeat(24), title: '<b>Séance</b>', startsAt: '2026-12-15T18:30:00.000Z', endsAt: '2026-12-15T20:00:00.000Z', tableName: null, capacity: 1, confirmed: 1, mine: null, description: '', place: 'Salle 2', callIn: '', waiting: 0, registrants: null, cancelled: false, canManage: false };

  it('offers the waiting list when full, escapes what was typed, and shows no names to a member', () => {
    const page = renderPeerSession('fr', 'x', view, now);
    expect(page.body).toContain('Me mettre sur la liste d’attente');
    expect(page.body).toContain('&lt;b&gt;Séance&lt;/b&gt;');
    expect(page.body).not.toContain('Personnes inscrites');
  });

  it('closes registration once the session started, and lists names for an OC', () => {
    const page = renderPeerSession('en', 'x', { ...view, registrants: [{ name: 'Ana', seat: 'confirmed' }] }, Date.parse('2026-12-15T19:00:00Z'));
    expect(page.body).toContain('registration is closed');
    expect(page.body).not.toContain('<button');
    expect(page.body).toContain('<li>Ana</li>');
  });

  it('the training page block says when there is none, and links the form for OCs only', () => {
    expect(renderPeerSessionsBlock('fr', [], false)).toContain('Aucune séance à venir');
    expect(renderPeerSessionsBlock('fr', [], true)).toContain('/participer/espace/seances/nouvelle');
    expect(renderPeerSessionsBlock('fr', [], false)).not.toContain('/seances/nouvelle');
  });
});
