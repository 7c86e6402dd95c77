import type { Core } from '@strapi/strapi';
import {
  consultationPagePath,
  consultationThanksPath,
  escapeHtml,
  parseConsultationResponse,
  pt,
  renderConsultationForm,
  renderMessagePage,
  renderPage,
  toParticipationLocale,
  type ConsultationErrors,
  type ParticipationLocale,
} from '../../generated/participation';
import { hashIp } from '../crypto';
import { clientIp } from '../http/client-ip';
import { sendLanding } from '../http/pages';
import { seeOther, sendHtml, sendJson, type Ctx } from '../http/respond';
import { formOrRefusal } from '../petitions/handlers';
import { closedConsultations, consultationPeriod, findConsultation, type ConsultationTarget } from './consultation-lookup';
import { consultationResults, recordResponse, resultsOfMany } from './responses';

/** Results change only when the consultation closes; a few minutes of caching spares the database. */
const resultsCacheSeconds = 300;

function backLink(locale: ParticipationLocale, slug: string) {
  return { href: consultationPagePath(locale, slug), label: pt(locale, 'backToConsultation') };
}

function unknownConsultation(ctx: Ctx, locale: ParticipationLocale) {
  sendHtml(ctx, 404, renderMessagePage(locale, pt(locale, 'consultUnknownTitle'), pt(locale, 'consultUnknownBody')));
}

function formPage(locale: ParticipationLocale, consultation: ConsultationTarget, fields: Record<string, string>, errors: ConsultationErrors) {
  const { website: _honeypot, ...values } = fields;
  const back = backLink(locale, consultation.slug);
  return renderPage({
    locale,
    title: pt(locale, 'consultTitle'),
    hasErrors: true,
    body:
      `<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>` +
      `<p class="lead">${escapeHtml(consultation.title)}</p>` +
      renderConsultationForm({ locale, slug: consultation.slug, questions: consultation.questions, values, errors, headingLevel: 1 }),
  });
}

export async function answerConsultation(strapi: Core.Strapi, ctx: Ctx, slug: string, queryLocale: ParticipationLocale): Promise<void> {
  const fields = await formOrRefusal(ctx, queryLocale);
  if (!fields) return;
  const locale = toParticipationLocale(fields.locale);
  const consultation = await findConsultation(strapi, slug, locale);
  if (!consultation || consultation.questions.length === 0) return unknownConsultation(ctx, locale);
  const period = consultationPeriod(consultation);
  if (period !== 'open') {
    const body = pt(locale, period === 'upcoming' ? 'consultNotYetBody' : 'consultClosedBody');
    return sendHtml(ctx, 409, renderMessagePage(locale, pt(locale, 'consultClosedTitle'), body, backLink(locale, consultation.slug)));
  }
  const parsed = parseConsultationResponse(consultation.questions, fields);
  if (!parsed.ok) return sendHtml(ctx, 422, formPage(locale, consultation, fields, parsed.errors));
  await recordResponse(strapi, consultation, parsed.value, hashIp(clientIp(ctx)));
  seeOther(ctx, consultationThanksPath(locale, consultation.slug));
}

/** GET where answers land: "thank you", with the consultation's title. */
export async function showConsultationLanding(strapi: Core.Strapi, ctx: Ctx, kind: 'consultationThanks', slug: string, locale: ParticipationLocale): Promise<void> {
  const consultation = await findConsultation(strapi, slug, locale);
  sendLanding(ctx, locale, kind, consultation && { title: consultation.title, pageHref: consultationPagePath(locale, consultation.slug) });
}

/** Public aggregated results, only once the consultation is closed: counts, never free text. */
export async function showConsultationResults(strapi: Core.Strapi, ctx: Ctx, slug: string, params: URLSearchParams): Promise<void> {
  const locale = toParticipationLocale(params.get('locale'));
  const consultation = await findConsultation(strapi, slug, locale);
  if (!consultation) return sendJson(ctx, 404, { error: 'unknown-consultation' });
  if (consultationPeriod(consultation) !== 'closed') return sendJson(ctx, 409, { error: 'not-closed', closesAt: consultation.closesAt });
  sendJson(ctx, 200, await consultationResults(strapi, consultation), resultsCacheSeconds);
}

/** Every closed consultation's results in one locale, keyed by slug: one request per build and locale. */
export async function allConsultationResults(strapi: Core.Strapi, ctx: Ctx, params: URLSearchParams): Promise<void> {
  const locale = toParticipationLocale(params.get('locale'));
  sendJson(ctx, 200, await resultsOfMany(strapi, await closedConsultations(strapi, locale)), resultsCacheSeconds);
}
