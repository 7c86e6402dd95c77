import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationResultsSchema, participationPaths } from '@passerelle/shared/participation/index';
import {
  getLanding,
  answerPath,
  getPage,
  postForm,
  publishedConsultation,
  resultsPath,
  useTestOutbox,
  validAnswers,
} from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Answering a consultation without JavaScript: one form built from the questions, validated per
 * question, accepted only while open, anonymous unless the person consents to a follow-up. After
 * closing: aggregated results (never the free text) and a formula-safe CSV for the OCs.
 * Runs on SQLite and on PostgreSQL (scripts/test.sh).
 */
useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

const responses = (consultationDocumentId: string) =>
  strapi.db.query('api::participation.consultation-response').findMany({ where: { consultationDocumentId }, orderBy: { id: 'asc' } });

/** Moves the closing date into the past, as time passing would. */
async function close(documentId: string) {
  const documents = strapi.documents('api::consultation.consultation');
  await documents.update({ documentId, locale: 'fr', data: { closesAt: new Date(Date.now() - 1000).toISOString() } });
  await documents.publish({ documentId, locale: '*' });
}

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

describe('answering', () => {
  it('stores the answers by position, anonymously, and sends the person to the thank-you page', async () => {
    const consultation = await publishedConsultation(strapi);
    const sent = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ q4: '  <script>alert(1)</script> plus de bancs  ' }));
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/participer/consultations/${consultation.slug}/merci?locale=fr`);
    const landing = await getLanding(app.baseUrl, sent.location);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain(`<h1>Merci, vos réponses sont enregistrées</h1><p class="lead">${consultation.title}</p>`);
    expect(landing.text).toContain(`<a href="/consultations/${consultation.slug}/">Retour à la consultation</a>`);
    const [row] = await responses(consultation.documentId);
    expect(row.answers).toEqual([[0, 1], 4, 0, '<script>alert(1)</script> plus de bancs']);
    expect(row).toMatchObject({ name: null, email: null, phone: null, followUpConsent: false, language: 'fr', suspectReason: null });

    const en = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ locale: 'en', 'q1-2': '', q3: '' }));
    expect(en.location).toBe(`/participer/consultations/${consultation.slug}/merci?locale=en`);
    expect((await getLanding(app.baseUrl, en.location)).text).toContain(`<a href="/en/consultations/${consultation.slug}/">Back to the consultation</a>`);
    expect((await responses(consultation.documentId))[1].answers).toEqual([[0], 4, null, null]);
  });

  it('keeps contact details only with the follow-up consent', async () => {
    const consultation = await publishedConsultation(strapi);
    const sent = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ followUp: '1', name: 'Awa Diallo', email: 'Awa@Exemple.ca', phone: '514 555-0101' }));
    expect(sent.status).toBe(303);
    const [row] = await responses(consultation.documentId);
    expect(row).toMatchObject({ followUpConsent: true, name: 'Awa Diallo', email: 'awa@exemple.ca', phone: '+15145550101' });
  });

  const invalid: Array<[string, Record<string, string>, string, string]> = [
    ['a required multiple-choice question left empty', { 'q1-1': '', 'q1-2': '' }, 'q1', 'Répondez à cette question.'],
    ['a required scale left empty', { q2: '' }, 'q2', 'Répondez à cette question.'],
    ['a scale value outside 1–5', { q2: '6' }, 'q2', 'Choisissez un nombre de 1 à 5.'],
    ['a single choice that is not an option', { q3: '3' }, 'q3', 'Choisissez une des réponses proposées.'],
    ['a multiple choice that is not an option', { 'q1-9': '1' }, 'q1', 'Choisissez une des réponses proposées.'],
    ['a free text over 2,000 characters', { q4: 'é'.repeat(2001) }, 'q4', 'Écrivez 2 000 caractères ou moins.'],
    ['contact details without the consent', { email: 'a@exemple.ca' }, 'followUp', 'Cochez la case pour être recontacté·e'],
    ['the consent without a way to reach the person', { followUp: '1', name: 'Awa' }, 'email', 'Donnez un courriel ou un numéro'],
    ['the consent with a formula as name', { followUp: '1', name: '=HYPERLINK("x")', email: 'a@exemple.ca' }, 'name', 'Votre nom ne peut pas commencer'],
    ['the consent with an invalid email', { followUp: '1', name: 'Awa', email: 'awa@' }, 'email', 'Écrivez un courriel valide'],
    ['the consent with an invalid phone', { followUp: '1', name: 'Awa', phone: '123' }, 'phone', 'Écrivez un numéro à 10 chiffres'],
  ];
  it.each(invalid)('re-shows the form with the values kept (422) for %s', async (_case, overrides, field, message) => {
    const consultation = await publishedConsultation(strapi);
    const typed = { ...validAnswers({ q4: 'Mon idée <b>à moi</b>' }), ...overrides };
    const answer = await postForm(app.baseUrl, answerPath(consultation.slug), typed);
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('<title>Erreur : ');
    expect(answer.text).toContain('Il y a un problème');
    expect(answer.text).toContain(message);
    expect(answer.text).toContain(`aria-describedby="consult-${field}-erreur"`);
    expect(answer.text).toContain(`<p class="error-message" id="consult-${field}-erreur">`);
    // What the person typed is still there, escaped.
    if (!('q4' in overrides)) expect(answer.text).toContain('Mon idée &lt;b&gt;à moi&lt;/b&gt;</textarea>');
    if (!('q2' in overrides)) expect(answer.text).toMatch(/name="q2" value="4" checked/);
    if (overrides.email) expect(answer.text).toContain(`value="${overrides.email}"`);
    expect(await responses(consultation.documentId)).toHaveLength(0);
  });

  it('refuses answers before opening and after closing, with a clear page, and unknown consultations', async () => {
    for (const state of ['notYetOpen', 'closed'] as const) {
      const consultation = await publishedConsultation(strapi, state);
      const answer = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers());
      expect(answer.status).toBe(409);
      expect(answer.text).toContain('Cette consultation n’accepte pas de réponses');
      expect(answer.text).toContain(`href="/consultations/${consultation.slug}/"`);
      expect(await responses(consultation.documentId)).toHaveLength(0);
    }
    const unknown = await postForm(app.baseUrl, answerPath('nexiste-pas'), validAnswers());
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Consultation introuvable');
  });

  it('stores honeypot and over-the-limit submissions as suspect, with the usual next page', async () => {
    const consultation = await publishedConsultation(strapi);
    const bot = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ website: 'http://spam' }));
    expect(bot.location).toBe(`/participer/consultations/${consultation.slug}/merci?locale=fr`);
    const ip = '10.250.0.9';
    const first = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers(), { ip });
    const second = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers(), { ip });
    expect([first.location, second.location]).toEqual([`/participer/consultations/${consultation.slug}/merci?locale=fr`, `/participer/consultations/${consultation.slug}/merci?locale=fr`]);
    const rows = await responses(consultation.documentId);
    expect(rows.map((r: { suspectReason: string | null }) => r.suspectReason)).toEqual(['honeypot', null, 'rate-limit']);
  });

  it('answers wrong content types and oversized bodies with a page, never a write', async () => {
    const consultation = await publishedConsultation(strapi);
    expect((await postForm(app.baseUrl, answerPath(consultation.slug), JSON.stringify(validAnswers()), { contentType: 'application/json' })).status).toBe(415);
    expect((await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ q4: 'a'.repeat(17 * 1024) }))).status).toBe(413);
    expect(await responses(consultation.documentId)).toHaveLength(0);
  });
});

describe('results and export', () => {
  it('publishes counts and percentages per option once closed, never the free text, and ignores suspects', async () => {
    const consultation = await publishedConsultation(strapi);
    const path = answerPath(consultation.slug);
    await postForm(app.baseUrl, path, validAnswers({ q4: 'Texte privé 1' }));
    await postForm(app.baseUrl, path, validAnswers({ 'q1-2': '', 'q1-3': '1', q2: '2', q3: '2' }));
    await postForm(app.baseUrl, path, validAnswers({ 'q1-1': '', q2: '4', q3: '' }));
    await postForm(app.baseUrl, path, validAnswers({ 'q1-3': '1', q2: '5', q4: 'Texte privé 2', locale: 'en' }));
    await postForm(app.baseUrl, path, validAnswers({ website: 'x', q2: '1' }));

    const early = await getPage(app.baseUrl, resultsPath(consultation.slug));
    expect(early.status).toBe(409);

    await close(consultation.documentId);
    const response = await fetch(app.baseUrl + resultsPath(consultation.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(text).not.toContain('Texte privé');
    const results = consultationResultsSchema.parse(JSON.parse(text));
    expect(results.responses).toBe(4);
    const [multiple, scale, single, free] = results.questions;
    expect(multiple).toMatchObject({ kind: 'multiple', answered: 4, prompt: 'Qu’est-ce qui manque au parc ?' });
    expect(multiple!.options).toEqual([
      { label: 'Des bancs', count: 3, percent: 75 },
      { label: 'Des toilettes', count: 3, percent: 75 },
      { label: 'Des jeux d’eau', count: 2, percent: 50 },
    ]);
    expect(scale!.options.map((o) => o.count)).toEqual([0, 1, 0, 2, 1]);
    expect(scale!.options.map((o) => o.percent)).toEqual([0, 25, 0, 50, 25]);
    expect(single).toMatchObject({ answered: 3, options: [{ label: 'Le matin', count: 2, percent: 67 }, { label: 'Le soir', count: 1, percent: 33 }] });
    expect(free).toEqual({ prompt: 'Une idée ?', kind: 'text', answered: 2, options: [] });

    const english = consultationResultsSchema.parse(await (await fetch(`${app.baseUrl}${resultsPath(consultation.slug)}?locale=en`)).json());
    expect(english.questions[0]!.options[0]!.label).toBe('EN Des bancs');
    expect((await getPage(app.baseUrl, resultsPath('nexiste-pas'))).status).toBe(404);

    // The build's bulk answer: the same results, keyed by slug, one request per locale; open
    // consultations are not in it.
    const open = await publishedConsultation(strapi);
    const bulk = async (query = '') => Object.fromEntries(
      Object.entries((await (await fetch(app.baseUrl + participationPaths.allResults + query)).json()) as Record<string, unknown>).map(([slug, r]) => [slug, consultationResultsSchema.parse(r)]),
    );
    const all = await bulk();
    expect(all[consultation.slug]).toEqual(results);
    expect(all[open.slug]).toBeUndefined();
    expect(JSON.stringify(all)).not.toContain('Texte privé');
    const allEnglish = await bulk('?locale=en');
    expect(allEnglish[consultation.slug]).toEqual(english);
  });

  it('gives zero results gracefully when nobody answered', async () => {
    const consultation = await publishedConsultation(strapi, 'closed');
    const results = consultationResultsSchema.parse(await (await fetch(app.baseUrl + resultsPath(consultation.slug))).json());
    expect(results.responses).toBe(0);
    expect(results.questions.every((q) => q.answered === 0 && q.options.every((o) => o.percent === 0))).toBe(true);
  });

  it('exports every answer as a formula-safe CSV with a BOM', async () => {
    const consultation = await publishedConsultation(strapi);
    await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ q4: '=HYPERLINK("http://x","clic")', followUp: '1', name: 'Awa Diallo', phone: '514 555-0101' }));
    await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ q4: '@SUM(1)\nsuite; "citée"', 'q1-3': '1' }));
    const { consultationCsv } = await import('../../cms/src/participation/consultations/export.ts');
    const result = (await consultationCsv(strapi, consultation.slug))!;
    const csv = result.csv;
    expect(csv.startsWith('\uFEFFreçue le,langue,statut,1. Qu’est-ce qui manque au parc ?,')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines[1]).toContain(`,fr,valide,"Des bancs ; Des toilettes",4,Le matin,"'=HYPERLINK(""http://x"",""clic"")",oui,Awa Diallo,,514 555-0101`);
    expect(csv).toContain(`"'@SUM(1)\nsuite; ""citée"""`);
    expect(csv).toContain('Des bancs ; Des toilettes ; Des jeux d’eau');
    expect(result.rows).toBe(2);
  });
});

