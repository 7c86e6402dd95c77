import type { Core } from '@strapi/strapi';
import { formatPhone } from '@passerelle/shared/participation';
import { csvTable } from '../csv';
import { findConsultation, type ConsultationTarget } from './consultation-lookup';
import { allResponses } from './responses';

/**
 * Every answer to one consultation as a CSV for the OCs (`pnpm --filter @passerelle/cms
 * consultation-csv -- <slug>`): one line per response, one column per question (French prompts,
 * choices written out), then the follow-up contact when the person consented. Suspect submissions
 * are included but marked, so nothing is hidden from the people reviewing.
 */
function answerText(consultation: ConsultationTarget, index: number, answer: unknown): string {
  const question = consultation.questions[index];
  if (!question || answer === null || answer === undefined) return '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- text and scale answers are strings and numbers, validated when they were stored
  if (question.kind === 'text' || question.kind === 'scale') return String(answer);
  const positions = Array.isArray(answer) ? answer : [answer];
  return positions.map((p) => question.options[Number(p)] ?? `#${Number(p) + 1}`).join(' ; ');
}

export async function consultationCsv(strapi: Core.Strapi, slug: string): Promise<{ consultation: ConsultationTarget; rows: number; csv: string } | null> {
  const consultation = await findConsultation(strapi, slug, 'fr');
  if (!consultation) return null;
  const responses = await allResponses(strapi, consultation.documentId);
  const header = [
    'reçue le',
    'langue',
    'statut',
    ...consultation.questions.map((q, i) => `${i + 1}. ${q.prompt}`),
    'recontact accepté',
    'nom',
    'courriel',
    'téléphone',
  ];
  const rows = responses.map((r) => {
    const answers = Array.isArray(r.answers) ? (r.answers as unknown[]) : [];
    return [
      new Date(Number(r.submittedAtMs)).toISOString(),
      r.language,
      r.suspectReason ? `suspect (${r.suspectReason})` : 'valide',
      ...consultation.questions.map((_, i) => answerText(consultation, i, answers[i])),
      r.followUpConsent ? 'oui' : 'non',
      r.name ?? '',
      r.email ?? '',
      r.phone ? formatPhone(String(r.phone)) : '',
    ];
  });
  return { consultation, rows: rows.length, csv: csvTable(header, rows) };
}
