import type { Core } from '@strapi/strapi';
import { aggregateConsultation, type ConsultationAnswer, type ConsultationResponseInput, type ConsultationResults } from '@passerelle/shared/participation';
import { suspectReasonFor } from '../abuse';
import { newDocumentId } from '../crypto';
import type { ConsultationTarget } from './consultation-lookup';

/**
 * Consultation answers: one row per submission, anonymous unless the person asked for a follow-up.
 * Same abuse rules as petitions: honeypot or over the per-IP rate limits → stored as suspect,
 * never counted in results, and the person sees the usual thank-you page.
 */
export const responseUid = 'api::participation.consultation-response';

export async function ensureResponseIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(responseUid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  await strapi.db.connection.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??, ??)', [
    `${meta.tableName}_rate_idx`,
    meta.tableName,
    column('consultationDocumentId'),
    column('ipHash'),
    column('submittedAtMs'),
  ]);
  // Results read the valid answers of one consultation: suspect rows, which a flood adds cheaply, stay out of the range read.
  await strapi.db.connection.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [
    `${meta.tableName}_results_idx`,
    meta.tableName,
    column('consultationDocumentId'),
    column('suspectReason'),
  ]);
}

export async function recordResponse(
  strapi: Core.Strapi,
  consultation: ConsultationTarget,
  input: ConsultationResponseInput,
  ipHash: string,
  now = Date.now(),
): Promise<'accepted' | 'suspect'> {
  return strapi.db.transaction(async () => {
    const query = strapi.db.query(responseUid);
    const suspectReason = await suspectReasonFor(strapi, responseUid, { consultationDocumentId: consultation.documentId }, ipHash, input.website, now);
    await query.create({
      data: {
        documentId: newDocumentId(),
        consultationDocumentId: consultation.documentId,
        answers: input.answers,
        name: input.contact?.name ?? null,
        email: input.contact?.email ?? null,
        phone: input.contact?.phone ?? null,
        followUpConsent: input.contact !== null,
        language: input.locale,
        ipHash,
        submittedAtMs: now,
        suspectReason,
      },
    });
    return suspectReason ? 'suspect' : 'accepted';
  });
}

/** Every stored response, oldest first (for the CSV export). */
export async function allResponses(strapi: Core.Strapi, consultationDocumentId: string): Promise<Array<Record<string, any>>> {
  return (await strapi.db.query(responseUid).findMany({ where: { consultationDocumentId }, orderBy: { submittedAtMs: 'asc' } })) as Array<Record<string, any>>;
}

/** The results of many consultations with one query per 500 of them (the build asks for all at once). */
export async function resultsOfMany(strapi: Core.Strapi, consultations: ConsultationTarget[]): Promise<Record<string, ConsultationResults>> {
  const answersById = new Map<string, ConsultationAnswer[][]>(consultations.map((c) => [c.documentId, []]));
  const ids = [...answersById.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = (await strapi.db.query(responseUid).findMany({
      where: { consultationDocumentId: { $in: ids.slice(i, i + 500) }, suspectReason: { $null: true } },
      select: ['consultationDocumentId', 'answers'],
    })) as Array<{ consultationDocumentId: string; answers: unknown }>;
    for (const row of rows) answersById.get(row.consultationDocumentId)?.push(Array.isArray(row.answers) ? (row.answers as ConsultationAnswer[]) : []);
  }
  const results: Record<string, ConsultationResults> = {};
  for (const c of consultations) results[c.slug] = aggregateConsultation(c.slug, c.questions, answersById.get(c.documentId) ?? []);
  return results;
}

export async function consultationResults(strapi: Core.Strapi, consultation: ConsultationTarget): Promise<ConsultationResults> {
  const rows = (await strapi.db.query(responseUid).findMany({
    where: { consultationDocumentId: consultation.documentId, suspectReason: { $null: true } },
    select: ['answers'],
  })) as Array<{ answers: unknown }>;
  const answers = rows.map((r) => (Array.isArray(r.answers) ? (r.answers as ConsultationAnswer[]) : []));
  return aggregateConsultation(consultation.slug, consultation.questions, answers);
}
