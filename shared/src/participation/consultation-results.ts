import { z } from 'zod';
import type { ConsultationAnswer, ConsultationQuestionSpec } from './consultation-form.ts';
import { escapeHtml } from './html.ts';
import { t } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Aggregated results of a closed consultation: per question, how many people answered and, for
 * choices and scales, the count and percentage per option. Free-text answers are counted, never
 * returned. Percentages are of the people who answered that question, rounded to a whole number.
 * Computed by the CMS (public JSON endpoint) and rendered by the site at build time.
 */
export const consultationResultsSchema = z.object({
  slug: z.string(),
  responses: z.number().int().nonnegative(),
  questions: z.array(
    z.object({
      prompt: z.string(),
      kind: z.enum(['single', 'multiple', 'text', 'scale']),
      answered: z.number().int().nonnegative(),
      options: z.array(z.object({ label: z.string(), count: z.number().int().nonnegative(), percent: z.number().int().min(0).max(100) })),
    }),
  ),
});
export type ConsultationResults = z.infer<typeof consultationResultsSchema>;

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((count / of) * 100));

export function aggregateConsultation(slug: string, questions: ConsultationQuestionSpec[], responses: ConsultationAnswer[][]): ConsultationResults {
  return {
    slug,
    responses: responses.length,
    questions: questions.map((question, index) => {
      const labels = question.kind === 'scale' ? ['1', '2', '3', '4', '5'] : question.kind === 'text' ? [] : question.options;
      const counts = labels.map(() => 0);
      let answered = 0;
      for (const answers of responses) {
        const answer = answers[index];
        if (answer === null || answer === undefined) continue;
        // Only answers that still fit the question count (an OC may have edited the options since).
        const positions = question.kind === 'text' ? [] : question.kind === 'scale' ? [Number(answer) - 1] : Array.isArray(answer) ? answer : [answer];
        if (question.kind === 'text') {
          if (typeof answer === 'string' && answer !== '') answered++;
          continue;
        }
        const valid = positions.filter((p): p is number => typeof p === 'number' && Number.isInteger(p) && p >= 0 && p < labels.length);
        if (valid.length === 0) continue;
        answered++;
        for (const p of valid) counts[p]!++;
      }
      return {
        prompt: question.prompt,
        kind: question.kind,
        answered,
        options: labels.map((label, i) => ({ label, count: counts[i]!, percent: percent(counts[i]!, answered) })),
      };
    }),
  };
}

/** Tables a screen reader reads well and a 320 px screen shows whole; no JavaScript, no images. */
export function renderConsultationResults(locale: Locale, results: ConsultationResults): string {
  if (results.responses === 0) return `<p>${escapeHtml(t(locale, 'resultsNone'))}</p>`;
  const number = new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA');
  const questions = results.questions.map((q, i) => {
    const heading = `<h3>${escapeHtml(`${i + 1}. ${q.prompt}`)}</h3><p class="meta">${escapeHtml(t(locale, 'resultsAnswered', { count: number.format(q.answered) }))}</p>`;
    if (q.kind === 'text') return heading + `<p>${escapeHtml(t(locale, 'resultsFreeText'))}</p>`;
    const rows = q.options
      .map((o) => `<tr><th scope="row">${escapeHtml(o.label)}</th><td>${number.format(o.count)}</td><td>${o.percent}${locale === 'fr' ? ' %' : '%'}</td></tr>`)
      .join('');
    const note = q.kind === 'multiple' ? `<p class="meta">${escapeHtml(t(locale, 'resultsMultipleNote'))}</p>` : '';
    return (
      heading +
      note +
      `<table><thead><tr><th scope="col">${escapeHtml(t(locale, 'resultsOption'))}</th><th scope="col">${escapeHtml(t(locale, 'resultsCount'))}</th>` +
      `<th scope="col">${escapeHtml(t(locale, 'resultsPercent'))}</th></tr></thead><tbody>${rows}</tbody></table>`
    );
  });
  return `<p>${escapeHtml(t(locale, 'resultsResponses', { count: number.format(results.responses) }))}</p>${questions.join('')}`;
}
