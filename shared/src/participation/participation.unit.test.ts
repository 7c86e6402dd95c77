import { describe, expect, it } from 'vitest';
import {
  callPagePath,
  callThanksPath,
  consultationPagePath,
  eventIcsPath,
  eventPagePath,
  eventRegisteredPath,
  eventWaitlistedPath,
  landingPath,
  proposedPath,
  proposePagePath,
} from './paths.ts';
import { landingRoutes, type LandingKind } from './routes.ts';
import { renderLandingPage } from './landing-page.ts';
import { renderMessagePage, renderPage } from './page-shell.ts';
import { t } from '../i18n.ts';
import { parseConsultationResponse } from './consultation-form.ts';
import { parseProposal } from './event-proposal.ts';
import { aggregateConsultation } from './consultation-results.ts';
import { parseRsvp, renderRsvpForm, seatsPerRegistration } from './rsvp.ts';
import {
  canonicalEmail,
  escapeHtml,
  normaliseEmail,
  normalisePhone,
  normalisePostalCode,
  parsePetitionSignature,
  petitionConfirmedPath,
  petitionPagePath,
  petitionThanksPath,
  renderPetitionForm,
} from './index.ts';

const valid = { name: 'Marie Tremblay', postalCode: 'h2r 1a1', email: 'marie@exemple.ca', consent: '1' };

describe('canonical forms', () => {
  it.each([
    ['h2r1a1', 'H2R 1A1'],
    [' H2R-1A1 ', 'H2R 1A1'],
    ['h2r 1a1', 'H2R 1A1'],
    ['D2R 1A1', null],
    ['W2R 1A1', null],
    ['H2R 1A', null],
    ['12345', null],
  ])('postal code %s → %s', (input, expected) => expect(normalisePostalCode(input)).toBe(expected));

  it.each([
    ['514 555-1234', '+15145551234'],
    ['(514) 555.1234', '+15145551234'],
    ['1-514-555-1234', '+15145551234'],
    ['+1 514 555 1234', '+15145551234'],
    ['114 555 1234', null],
    ['514 155 1234', null],
    ['555-1234', null],
    ['+44 20 7946 0958', null],
  ])('phone %s → %s', (input, expected) => expect(normalisePhone(input)).toBe(expected));

  it('folds Gmail aliases and +tags to one key', () => {
    expect(canonicalEmail('Jean.Gagnon+petition@GMail.com')).toBe('jeangagnon@gmail.com');
    expect(canonicalEmail('jean.gagnon@googlemail.com')).toBe('jeangagnon@gmail.com');
    expect(canonicalEmail('jean.gagnon+x@exemple.ca')).toBe('jean.gagnon@exemple.ca');
    expect(normaliseEmail(' Nom@Exemple.CA ')).toBe('nom@exemple.ca');
    expect(normaliseEmail('nom@exemple')).toBeNull();
    expect(normaliseEmail('<nom>@exemple.ca')).toBeNull();
  });
});

describe('petition signature schema', () => {
  it('accepts a valid signature and normalises it', () => {
    const result = parsePetitionSignature({ ...valid, phone: '514 555 1234', updates: '1', locale: 'en' });
    expect(result).toEqual({
      ok: true,
      value: { name: 'Marie Tremblay', postalCode: 'H2R 1A1', email: 'marie@exemple.ca', phone: '+15145551234', consent: true, updates: true, website: false, locale: 'en' },
    });
  });

  it.each(['=1+1', '+33', '-x', '@SUM', '\t=1'])('refuses a name starting a formula: %s', (name) => {
    expect(parsePetitionSignature({ ...valid, name })).toEqual({ ok: false, errors: { name: 'errNameFormula' } });
  });

  it.each(['Voir http://x.y', 'www.spam.ca', 'Jean spam.com'])('refuses URLs in names: %s', (name) => {
    expect(parsePetitionSignature({ ...valid, name })).toEqual({ ok: false, errors: { name: 'errNameUrl' } });
  });

  it('requires consent and at least one contact, and accepts markup as plain text', () => {
    expect(parsePetitionSignature({ ...valid, consent: '', email: '' })).toEqual({
      ok: false,
      errors: { consent: 'errConsentRequired', email: 'errContactRequired' },
    });
    expect(parsePetitionSignature({ ...valid, name: '<b>Léa</b> Côté' }).ok).toBe(true);
  });

  it('refuses names over 100 characters but counts accents as one', () => {
    expect(parsePetitionSignature({ ...valid, name: 'é'.repeat(100) }).ok).toBe(true);
    expect(parsePetitionSignature({ ...valid, name: 'é'.repeat(101) })).toEqual({ ok: false, errors: { name: 'errNameTooLong' } });
  });

  it('counts an emoji as two, as the database does, so a name of emoji cannot pass the form and fail the write', () => {
    expect(parsePetitionSignature({ ...valid, name: '🌳'.repeat(50) }).ok).toBe(true);
    expect(parsePetitionSignature({ ...valid, name: '🌳'.repeat(51) })).toEqual({ ok: false, errors: { name: 'errNameTooLong' } });
  });
});

describe('paths and markup', () => {
  it('links back to the item’s page on the static site, in the form’s language', () => {
    expect(petitionPagePath('fr', 'parc')).toBe('/petitions/parc/');
    expect(petitionPagePath('en', 'parc')).toBe('/en/petitions/parc/');
    expect(eventPagePath('en', 'fete')).toBe('/en/events/fete/');
    expect(eventIcsPath('fr', 'fete')).toBe('/evenements/fete.ics');
    expect(eventIcsPath('en', 'fete')).toBe('/en/events/fete.ics');
    expect(consultationPagePath('fr', 'parc')).toBe('/consultations/parc/');
    expect(callPagePath('en', 'benevoles')).toBe('/en/calls/benevoles/');
    expect(proposePagePath('fr')).toBe('/proposer-une-activite/');
    expect(proposePagePath('en')).toBe('/en/propose-an-activity/');
    expect(proposedPath('fr')).toBe('/proposer-une-activite/merci/');
    expect(proposedPath('en')).toBe('/en/propose-an-activity/thanks/');
  });

  it('sends every form to a landing page the CMS renders under the write path, in the form’s language', () => {
    expect(petitionThanksPath('fr', 'abc')).toBe('/participer/petitions/abc/merci?locale=fr');
    expect(petitionConfirmedPath('en', 'abc')).toBe('/participer/petitions/abc/confirmee?locale=en');
    expect(eventRegisteredPath('fr', 'abc')).toBe('/participer/evenements/abc/inscrit?locale=fr');
    expect(eventWaitlistedPath('en', 'abc')).toBe('/participer/evenements/abc/liste-attente?locale=en');
    expect(callThanksPath('en', 'abc')).toBe('/participer/appels/abc/merci?locale=en');
    const paths = (Object.keys(landingRoutes) as LandingKind[]).map((kind) => landingPath(kind, 'fr', 'abc'));
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('renders a landing page with the item, the next step and the way back, escaped', () => {
    const html = renderLandingPage('en', 'petitionThanks', { title: 'Save <the> park', pageHref: '/en/petitions/abc/' });
    expect(html).toContain('<html lang="en-CA">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<h1>Check your messages</h1><p class="lead">Save &lt;the&gt; park</p>');
    expect(html).toContain('Look in your junk mail');
    expect(html).toContain('<a href="/en/petitions/abc/">Back to the petition</a>');
  });

  it('gives every page the CMS renders one meta description: what happens next, the message, or a sentence about taking part', () => {
    const descriptionsOf = (html: string) => [...html.matchAll(/<meta name="description" content="([^"]*)">/g)].map((m) => m[1]);
    expect(descriptionsOf(renderLandingPage('fr', 'eventRegistered', { title: 'Corvée', pageHref: '/evenements/corvee/' }))).toEqual([
      escapeHtml(t('fr', 'registeredBody').replace(/\s+/g, ' ')),
    ]);
    expect(descriptionsOf(renderMessagePage('en', t('en', 'notFoundTitle'), t('en', 'notFoundBody')))).toEqual([t('en', 'notFoundBody')]);
    expect(descriptionsOf(renderPage({ locale: 'fr', title: 'Signer', body: '<h1>Signer</h1>' }))).toEqual([
      escapeHtml(t('fr', 'participationPageDescription')),
    ]);
  });

  it('escapes every value it shows back', () => {
    const html = renderPetitionForm({ locale: 'fr', slug: 'abc', values: { name: '"><script>x</script>' }, errors: { name: 'errNameInvalid' } });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('href="#signer-name"');
    expect(html).toContain('aria-invalid="true"');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('leaves both boxes unticked on a fresh form', () => {
    const html = renderPetitionForm({ locale: 'en', slug: 'abc' });
    expect(html).not.toContain('checked');
    expect(html).toContain('action="/participer/petitions/abc/signer"');
    expect(html).toContain('<input type="hidden" name="locale" value="en">');
  });
});

describe('RSVP seats per registration', () => {
  const rsvp = (people: string) => ({ name: 'Karim Haddad', email: 'karim@exemple.ca', people });

  it('takes the event’s cap, 4 when unset, within 1–20', () => {
    expect([null, undefined, 2.5, 0, 1, 6, 20, 25].map(seatsPerRegistration)).toEqual([4, 4, 4, 1, 1, 6, 20, 20]);
  });

  it('says "at most N" for any larger number and "1 to N" for what is not a number', () => {
    expect(parseRsvp(rsvp('2'), 2)).toMatchObject({ ok: true, value: { people: 2 } });
    for (const people of ['3', '10', '999999999999999']) expect(parseRsvp(rsvp(people), 2)).toEqual({ ok: false, errors: { people: 'errPeopleOverMax' } });
    for (const people of ['0', '-1', 'deux', '1e3', '']) expect(parseRsvp(rsvp(people), 2)).toEqual({ ok: false, errors: { people: 'errPeopleInvalid' } });
    expect(parseRsvp(rsvp('5'))).toEqual({ ok: false, errors: { people: 'errPeopleOverMax' } });
  });

  it('gives the form’s field the cap as its maximum, in the hint and in the errors', () => {
    const empty = renderRsvpForm({ locale: 'fr', slug: 'souper', maxPeople: 6 });
    expect(empty).toMatch(/<input[^>]*name="people"[^>]*max="6"/);
    expect(empty).toContain('Au plus 6 personnes par inscription.');
    const refused = renderRsvpForm({ locale: 'en', slug: 'souper', maxPeople: 6, values: { people: '9' }, errors: { people: 'errPeopleOverMax' } });
    expect(refused.match(/For this event, one registration counts at most 6 people\./g)).toHaveLength(2);
    expect(refused).toMatch(/<input[^>]*name="people"[^>]*value="9"/);
  });
});

describe('consultation answers and results', () => {
  const questions = [
    { prompt: 'Q1', kind: 'multiple' as const, options: ['a', 'b', 'c'], required: true },
    { prompt: 'Q2', kind: 'scale' as const, options: [], required: false },
    { prompt: 'Q3', kind: 'text' as const, options: [], required: false },
  ];

  it('parses answers by position and refuses what is not offered', () => {
    expect(parseConsultationResponse(questions, { 'q1-3': '1', 'q1-1': '1', q2: '5', q3: '  idée  ' })).toEqual({
      ok: true,
      value: { answers: [[0, 2], 5, 'idée'], contact: null, website: false, locale: 'fr' },
    });
    const bad = parseConsultationResponse(questions, { 'q1-4': '1', q2: '0', q3: 'x'.repeat(2001) });
    expect(bad).toEqual({ ok: false, errors: { q1: 'errAnswerNotAnOption', q2: 'errAnswerScale', q3: 'errAnswerTooLong' } });
    // An emoji is two UTF-16 units, as the database and the browser's maxlength count it.
    expect(parseConsultationResponse(questions, { 'q1-1': '1', q2: '5', q3: '🌳'.repeat(1000) }).ok).toBe(true);
    expect(parseConsultationResponse(questions, { 'q1-1': '1', q2: '5', q3: '🌳'.repeat(1001) })).toEqual({ ok: false, errors: { q3: 'errAnswerTooLong' } });
  });

  it('aggregates counts and whole percentages of those who answered, never texts', () => {
    const results = aggregateConsultation('s', questions, [[[0, 1], 3, 'secret'], [[1], null, null], [[1], 3, null]]);
    expect(results.questions[0]!.options.map((o) => [o.count, o.percent])).toEqual([[1, 33], [3, 100], [0, 0]]);
    expect(results.questions[1]!.answered).toBe(2);
    expect(JSON.stringify(results)).not.toContain('secret');
  });
});

describe('event proposal lengths', () => {
  it('counts an emoji as two, as Strapi does, so a title of emoji is refused by the form and never fails the write', () => {
    const titleError = (title: string) => {
      const result = parseProposal({ title });
      return result.ok ? undefined : result.errors.title;
    };
    expect(titleError('🎉'.repeat(100))).toBeUndefined();
    expect(titleError('🎉'.repeat(101))).toBe('errFieldTooLong200');
    expect(titleError('é'.repeat(200))).toBeUndefined();
  });
});

