import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUserToken } from '../support/admin-users.ts';
import { answerPath, interestPath, postForm, publishedCall, publishedConsultation, useTestOutbox, validAnswers, validInterest } from '../support/participation.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The CSVs OCs and the person in charge open in Excel carry residents' free text. French Excel
 * splits cells on `;` (and LibreOffice may on tabs or commas), so a formula character anywhere a
 * cell could start, at the start of our cell or right after a `,` `;` tab CR LF or quote inside it,
 * must not reach the spreadsheet as a formula.
 */
let app: StartedStrapi;
let strapi: Strapi;
let superAdminToken: string;
const PERSON = 'awa.csv@exemple.ca';

const payloads = [
  'point-virgule;=1+1',
  'virgule,@SUM(A1:A9)',
  'tabulation\t=2+2',
  'saut de ligne\n+3+3',
  'retour\r-4+4',
  'guillemet"=5+5',
  'espace; =6+6',
  '=7+7 au début',
  'deux;;=cmd|\' /C calc\'!A0',
];

/**
 * Every place a spreadsheet might start a cell, whatever separator it guesses (comma, semicolon,
 * tab, line ends, or a quote closing a field), followed by a formula character (spaces allowed
 * between). A neutralised cell has a `'` there instead.
 */
function formulaStarts(csv: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[,;\t\r\n"])[ ]*[=+\-@]/g;
  for (let match = pattern.exec(csv); match; match = pattern.exec(csv)) {
    found.push(JSON.stringify(csv.slice(Math.max(0, match.index - 12), match.index + 12)));
  }
  return found;
}

async function download(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(app.baseUrl + path, { headers: { authorization: `Bearer ${superAdminToken}` } });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  useTestOutbox();
  app = await startStrapi();
  strapi = app.strapi;
  superAdminToken = await adminUserToken(app, 'strapi-super-admin', 'prp.csv@cisss.example.org');
});

afterAll(async () => {
  await app?.stop();
});

describe('formula injection in CSV exports', () => {
  it('the consultation export neutralises a formula after any separator inside a free-text answer', async () => {
    const consultation = await publishedConsultation(strapi);
    for (const text of payloads) {
      const sent = await postForm(app.baseUrl, answerPath(consultation.slug), validAnswers({ q4: text }));
      expect(sent.status, text).toBe(303);
    }
    const { status, text } = await download(`/passerelle/consultations/${consultation.slug}/reponses.csv`);
    expect(status).toBe(200);
    expect(formulaStarts(text)).toEqual([]);
    // The answers are still there to read.
    for (const sum of ['1+1', 'SUM(A1:A9)', '2+2', '3+3', '4+4', '5+5', '6+6', '7+7', 'cmd|']) expect(text).toContain(sum);
  });

  it('the Law 25 export of one person neutralises the same cases', async () => {
    const consultation = await publishedConsultation(strapi);
    const call = await publishedCall(strapi);
    const answered = await postForm(
      app.baseUrl,
      answerPath(consultation.slug),
      validAnswers({ q4: payloads.join(' / '), followUp: '1', name: 'Awa Diallo', email: PERSON }),
    );
    expect(answered.status).toBe(303);
    const interested = await postForm(app.baseUrl, interestPath(call.slug), validInterest({ email: PERSON, preferredContactTime: 'soir;=HYPERLINK("http://x.example","clic")' }));
    expect(interested.status).toBe(303);

    // The export takes the contact in a POST body and answers the file in a JSON envelope.
    const response = await fetch(`${app.baseUrl}/passerelle/personne/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${superAdminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contact: PERSON, format: 'csv' }),
    });
    expect(response.status).toBe(200);
    const text = ((await response.json()) as { data: { content: string } }).data.content;
    expect(text).toContain('HYPERLINK');
    expect(text).toContain('1+1');
    expect(formulaStarts(text)).toEqual([]);
  });
});
