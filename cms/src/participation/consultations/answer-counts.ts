import type { Core } from '@strapi/strapi';
import { consultationPeriod, type ConsultationPeriod } from './consultation-lookup';
import { responseUid } from './responses';

/** One line of the admin widget "Consultations — réponses": what OCs need to pick an export. */
export interface ConsultationAnswerCount {
  documentId: string;
  slug: string;
  title: string;
  locale: string;
  opensAt: string;
  closesAt: string;
  period: ConsultationPeriod;
  /** Every stored response, as many as the CSV has rows. */
  answers: number;
  /** Of those, the ones kept aside (honeypot, rate limit): in the CSV, never in the results. */
  suspect: number;
}

type ConsultationRow = Pick<ConsultationAnswerCount, 'documentId' | 'slug' | 'title' | 'locale' | 'opensAt' | 'closesAt'>;

/** Open first (closing soonest), then closed (most recently closed), then upcoming: when OCs need the answers. */
const periodOrder: Record<ConsultationPeriod, number> = { open: 0, closed: 1, upcoming: 2 };

function byUsefulness(a: ConsultationAnswerCount, b: ConsultationAnswerCount): number {
  if (a.period !== b.period) return periodOrder[a.period] - periodOrder[b.period];
  if (a.period === 'open') return a.closesAt.localeCompare(b.closesAt);
  if (a.period === 'closed') return b.closesAt.localeCompare(a.closesAt);
  return a.opensAt.localeCompare(b.opensAt);
}

/**
 * Published consultations (the ones residents can answer, and the ones `consultationCsv` exports),
 * one line per document, French title when there is one.
 */
export async function consultationAnswerCounts(strapi: Core.Strapi, now = Date.now()): Promise<ConsultationAnswerCount[]> {
  const byDocument = new Map<string, ConsultationRow>();
  for (const locale of ['fr', 'en']) {
    const rows = (await strapi.documents('api::consultation.consultation').findMany({
      status: 'published',
      locale,
      fields: ['title', 'slug', 'opensAt', 'closesAt', 'locale'],
    })) as unknown as ConsultationRow[];
    for (const row of rows) if (!byDocument.has(row.documentId)) byDocument.set(row.documentId, row);
  }
  const responses = strapi.db.query(responseUid);
  const lines: ConsultationAnswerCount[] = [];
  for (const row of byDocument.values()) {
    const consultationDocumentId = row.documentId;
    lines.push({
      documentId: row.documentId,
      slug: row.slug,
      title: row.title,
      locale: row.locale,
      opensAt: new Date(row.opensAt).toISOString(),
      closesAt: new Date(row.closesAt).toISOString(),
      period: consultationPeriod(row, now),
      answers: await responses.count({ where: { consultationDocumentId } }),
      suspect: await responses.count({ where: { consultationDocumentId, suspectReason: { $notNull: true } } }),
    });
  }
  return lines.sort(byUsefulness);
}
