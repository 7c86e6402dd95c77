import type { Core } from '@strapi/strapi';
import type { ConsultationQuestionSpec, ParticipationLocale } from '../../generated/participation';

/** The published consultation a form posts to, by its slug (shared by both locales). */
export interface ConsultationTarget {
  documentId: string;
  slug: string;
  title: string;
  opensAt: string;
  closesAt: string;
  questions: ConsultationQuestionSpec[];
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kinds = new Set(['single', 'multiple', 'text', 'scale']);

function toQuestion(raw: Record<string, any>): ConsultationQuestionSpec | null {
  const kind = String(raw.kind);
  if (!kinds.has(kind) || typeof raw.prompt !== 'string') return null;
  const options = Array.isArray(raw.options) ? raw.options.filter((o: unknown): o is string => typeof o === 'string' && o !== '') : [];
  return { prompt: raw.prompt, kind: kind as ConsultationQuestionSpec['kind'], options, required: raw.required === true };
}

export async function findConsultation(strapi: Core.Strapi, slug: string, locale: ParticipationLocale): Promise<ConsultationTarget | null> {
  if (slug.length > 120 || !slugPattern.test(slug)) return null;
  for (const tryLocale of locale === 'fr' ? ['fr', 'en'] : ['en', 'fr']) {
    const doc = (await strapi.documents('api::consultation.consultation').findFirst({
      filters: { slug },
      status: 'published',
      locale: tryLocale,
      fields: ['title', 'slug', 'opensAt', 'closesAt'],
      populate: { questions: true },
    } as any)) as Record<string, any> | null;
    if (doc) {
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
  }
  return null;
}

export type ConsultationPeriod = 'upcoming' | 'open' | 'closed';

export function consultationPeriod(consultation: Pick<ConsultationTarget, 'opensAt' | 'closesAt'>, now = Date.now()): ConsultationPeriod {
  if (now < Date.parse(consultation.opensAt)) return 'upcoming';
  return now < Date.parse(consultation.closesAt) ? 'open' : 'closed';
}
