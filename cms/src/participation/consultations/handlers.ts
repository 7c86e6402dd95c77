import type { Core } from '@strapi/strapi';
import {
  consultationPagePath,
  consultationThanksPath,
  escapeHtml,
  parseConsultationResponse,
  renderConsultationForm,
  renderPage,
  type ConsultationErrors,
  type ConsultationResults,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { publicAnswerCache } from '../../lib/public-answer-cache';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { sendLanding } from '../http/pages';
import { formAction } from '../http/form-action';
import { sendJson, type Ctx } from '../http/respond';
import { isWellFormedSlug } from '../published-lookup';
import { closedConsultations, consultationPeriod, findConsultation, type ConsultationTarget } from './consultation-lookup';
import { consultationResults, recordResponse, resultsOfMany } from './responses';
import { cmsConfig } from '../../config';
import { reportOutcome } from '../outcomes';

/** Results change only when the consultation closes; a few minutes of caching spares the database. */
const resultsCacheSeconds = 300;

/**
 * Server side, anyone may ask for results as often as they like: each answer is computed once per
 * `CONSULTATION_RESULTS_CACHE_SECONDS` (60 by default, 0 = off), one computation per burst, unknown
 * slugs included. An OC's change to a consultation clears it at once (clear-public-answer-caches.ts);
 * several CMS instances each keep their own, hence a shorter time than the HTTP one.
 */
const resultsServerCacheMs = () => {
  const seconds = cmsConfig().participation.CONSULTATION_RESULTS_CACHE_SECONDS;
  return seconds > 0 ? seconds * 1000 : 0;
};
type ResultsAnswer = { status: 200; results: ConsultationResults } | { status: 404 } | { status: 409; closesAt: string };
const resultsBySlug = publicAnswerCache<ResultsAnswer>({ ttlMs: resultsServerCacheMs, isMiss: (answer) => answer.status === 404 });
const resultsByLocale = publicAnswerCache<Record<string, ConsultationResults>>({ ttlMs: resultsServerCacheMs, maxEntries: 2 });

/** Forgets every cached result: an OC changed a consultation (dates, questions, publication). */
export function clearResultsCache(): void {
  resultsBySlug.clear();
  resultsByLocale.clear();
}

function backLink(locale: Locale, slug: string) {
  return { href: consultationPagePath(locale, slug), label: t(locale, 'backToConsultation') };
}

function formPage(locale: Locale, consultation: ConsultationTarget, fields: Record<string, string>, errors: ConsultationErrors) {
  const { website: _honeypot, ...values } = fields;
  const back = backLink(locale, consultation.slug);
  return renderPage({
    locale,
    title: t(locale, 'consultTitle'),
    hasErrors: true,
    body:
      `<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>` +
      `<p class="lead">${escapeHtml(consultation.title)}</p>` +
      renderConsultationForm({ locale, slug: consultation.slug, questions: consultation.questions, values, errors, headingLevel: 1 }),
  });
}

/** POST of a consultation's questions: the answers are stored, anonymous. */
export function answerConsultation(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: Locale): Promise<void> {
  return formAction(ctx, queryLocale, {
    form: 'consultation-answer',
    item: {
      // A consultation without questions has no form to answer: as unknown as an unpublished one.
      find: async (locale) => {
        const consultation = await findConsultation(strapi, slug, locale);
        return consultation && consultation.questions.length > 0 ? consultation : null;
      },
      unknown: { title: 'consultUnknownTitle', body: 'consultUnknownBody' },
      refusal: (consultation, locale) => {
        const period = consultationPeriod(consultation);
        if (period === 'open') return null;
        return { title: 'consultClosedTitle', body: period === 'upcoming' ? 'consultNotYetBody' : 'consultClosedBody', back: backLink(locale, consultation.slug) };
      },
    },
    parse: (fields, consultation) => parseConsultationResponse(consultation.questions, fields),
    formPage,
    act: async ({ item: consultation, value, locale }) => {
      reportOutcome(ctx, 'consultation-answer', await recordResponse(strapi, consultation, value, hashIp(clientIp(ctx))));
      return consultationThanksPath(locale, consultation.slug);
    },
  });
}

/** GET where answers land: "thank you", with the consultation's title. */
export async function showConsultationLanding(strapi: Core.Strapi, ctx: Ctx, kind: 'consultationThanks', slug: string, locale: Locale): Promise<void> {
  const consultation = await findConsultation(strapi, slug, locale);
  sendLanding(ctx, locale, kind, consultation && { title: consultation.title, pageHref: consultationPagePath(locale, consultation.slug) });
}

/** Public aggregated results, only once the consultation is closed: counts, never free text. */
export async function showConsultationResults(strapi: Core.Strapi, ctx: Ctx, slug: string, params: URLSearchParams): Promise<void> {
  const locale = toLocale(params.get('locale'));
  if (!isWellFormedSlug(slug)) return sendJson(ctx, 404, { error: 'unknown-consultation' });
  const key = `${locale}:${slug}`;
  const compute = async (): Promise<ResultsAnswer> => {
    const consultation = await findConsultation(strapi, slug, locale);
    if (!consultation) return { status: 404 };
    if (consultationPeriod(consultation) !== 'closed') return { status: 409, closesAt: consultation.closesAt };
    return { status: 200, results: await consultationResults(strapi, consultation) };
  };
  let answer = await resultsBySlug.get(key, compute);
  // A consultation closes by the clock, not by a write: once its closing time has passed, look again.
  if (answer.status === 409 && Date.now() >= Date.parse(answer.closesAt)) {
    resultsBySlug.delete(key);
    answer = await resultsBySlug.get(key, compute);
  }
  if (answer.status === 404) return sendJson(ctx, 404, { error: 'unknown-consultation' });
  if (answer.status === 409) return sendJson(ctx, 409, { error: 'not-closed', closesAt: answer.closesAt });
  sendJson(ctx, 200, answer.results, resultsCacheSeconds);
}

/** Every closed consultation's results in one locale, keyed by slug: one request per build and locale. */
export async function allConsultationResults(strapi: Core.Strapi, ctx: Ctx, params: URLSearchParams): Promise<void> {
  const locale = toLocale(params.get('locale'));
  const body = await resultsByLocale.get(locale, async () => resultsOfMany(strapi, await closedConsultations(strapi, locale)));
  sendJson(ctx, 200, body, resultsCacheSeconds);
}
