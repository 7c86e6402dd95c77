import type { Core } from '@strapi/strapi';
import type { ConsultationQuestionSpec } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { findPublishedBySlug } from '../published-lookup';

/** The published consultation a form posts to, by its slug (shared by both locales). */
export interface ConsultationTarget {
  documentId: string;
  slug: string;
  title: string;
  opensAt: string;
  closesAt: string;
  questions: ConsultationQuestionSpec[];
}

const kinds = new Set(['single', 'multiple', 'text', 'scale']);

function toQuestion(raw: Record<string, any>): ConsultationQuestionSpec | null {
  const kind = String(raw.kind);
  if (!kinds.has(kind) || typeof raw.prompt !== 'string') return null;
  const options = Array.isArray(raw.options) ? raw.options.filter((o: unknown): o is string => typeof o === 'string' && o !== '') : [];
  return { prompt: raw.prompt, kind: kind as ConsultationQuestionSpec['kind'], options, required: raw.required === true };
}

export async function findConsultation(strapi: Core.Strapi, slug: string, locale: Locale): Promise<ConsultationTarget | null> {
  const doc = await findPublishedBySlug(strapi, 'api::consultation.consultation', slug, locale, {
    fields: ['title', 'slug', 'opensAt', 'closesAt'],
    populate: { questions: true },
  });
  return doc ? toTarget(doc) : null;
}

/** Every published consultation of one locale that closed before `now`, for the build's bulk results. */
export async function closedConsultations(strapi: Core.Strapi, locale: Locale, now = new Date()): Promise<ConsultationTarget[]> {
  const pageSize = 500;
  const found: ConsultationTarget[] = [];
  for (let start = 0; ; start += pageSize) {
    const docs = (await strapi.documents('api::consultation.consultation').findMany({
      filters: { closesAt: { $lt: now.toISOString() } },
      status: 'published',
      locale,
      fields: ['title', 'slug', 'opensAt', 'closesAt'],
      populate: { questions: true },
      sort: ['id:asc'],
      start,
      limit: pageSize,
    })) as Array<Record<string, any>>;
    found.push(...docs.map(toTarget));
    if (docs.length < pageSize) return found;
  }
}

function toTarget(doc: Record<string, any>): ConsultationTarget {
  const questions = (Array.isArray(doc.questions) ? doc.questions : []).map(toQuestion);
  return {
    documentId: String(doc.documentId),
    slug: String(doc.slug),
    title: String(doc.title),
    opensAt: String(doc.opensAt),
    closesAt: String(doc.closesAt),
    // A malformed question (should not pass validate-content) makes the whole form unusable rather than misnumbered.
    questions: questions.includes(null) ? [] : (questions as ConsultationQuestionSpec[]),
  };
}

export type ConsultationPeriod = 'upcoming' | 'open' | 'closed';

export function consultationPeriod(consultation: Pick<ConsultationTarget, 'opensAt' | 'closesAt'>, now = Date.now()): ConsultationPeriod {
  if (now < Date.parse(consultation.opensAt)) return 'upcoming';
  return now < Date.parse(consultation.closesAt) ? 'open' : 'closed';
}
