import { z } from 'zod';
import { formatDate } from '../dates.ts';
import { trainingUnitPath } from '../routes.ts';
import { attrs, escapeHtml } from './html.ts';
import { fieldError } from './form-field.ts';
import { form, hidden, link, withLocale } from './space-html.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import type { SpacePage } from './practitioners.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Private training progress in the practitioners' space: a member marks a unit done and, only when
 * they tick "keep my result", keeps how many questions of its self-check they got right. Pages,
 * forms and rules only; the CMS decides whose rows a page may read (only the member's own).
 */
export const spaceTrainingPaths = {
  list: participationUrl(participationRoutes.showSpaceTraining.path),
  erase: participationUrl(participationRoutes.eraseSpaceTraining.path),
} as const;
export const spaceTrainingDone = (moduleSlug: string) => participationUrl(participationRoutes.markSpaceTrainingUnit.path, moduleSlug);
export const spaceTrainingForget = (moduleSlug: string) => participationUrl(participationRoutes.forgetSpaceTrainingUnit.path, moduleSlug);
export const spaceSelfCheckPath = (moduleSlug: string) => participationUrl(participationRoutes.showSpaceSelfCheck.path, moduleSlug);

export interface SpaceTrainingChoice {
  text: string;
  correct: boolean;
  feedback: string;
}
export interface SpaceTrainingUnit {
  /** From 1, in the module's order: the same number as the public unit page's address. */
  number: number;
  title: string;
  questions: Array<{ prompt: string; choices: SpaceTrainingChoice[] }>;
}
export interface SpaceTrainingModule {
  slug: string;
  title: string;
  units: SpaceTrainingUnit[];
}
/** One row of a member's own progress. */
export interface TrainingProgress {
  moduleSlug: string;
  unitNumber: number;
  done: boolean;
  /** Null unless the member chose to keep the result of the unit's self-check. */
  check: { correct: number; total: number } | null;
  updatedAt: string;
}

/** A module slug as the site makes them, and a unit number a form or an address may carry. */
export const trainingSlugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(200);
export const unitNumberSchema = z.string().regex(/^\d{1,3}$/).pipe(z.coerce.number().int().min(1).max(200));

/** The mark-done form: `done` is "1" (done) or "0" (not done any more). */
export const markUnitSchema = z.object({ unit: unitNumberSchema, done: z.enum(['0', '1']) });

export type SelfCheckErrors = Record<number, MessageKey>;
export interface SelfCheckAnswers {
  /** The index of the chosen choice per question, by question index. */
  chosen: number[];
  correct: number;
  total: number;
  save: boolean;
}

/**
 * The answers posted for one unit's self-check (`q1`, `q2`… the index of a choice). Every question
 * must be answered; anything that is not one of the question's choices is refused, never guessed.
 */
export function parseSelfCheckForm(
  fields: Record<string, string | undefined>,
  unit: SpaceTrainingUnit,
): { values: Record<number, string>; result: { ok: true; value: SelfCheckAnswers } | { ok: false; errors: SelfCheckErrors } } {
  const values: Record<number, string> = {};
  const errors: SelfCheckErrors = {};
  const chosen: number[] = [];
  unit.questions.forEach((question, q) => {
    const raw = (fields[`q${q + 1}`] ?? '').slice(0, 4);
    values[q] = raw;
    // Digits only: Number() would read ' ', '1e0' or '0x1' as a choice nobody posted.
    const parsed = z.string().regex(/^\d{1,3}$/).pipe(z.coerce.number().int().max(question.choices.length - 1)).safeParse(raw);
    if (!parsed.success) errors[q] = 'errTrainingAnswer';
    else chosen.push(parsed.data);
  });
  if (Object.keys(errors).length > 0) return { values, result: { ok: false, errors } };
  const correct = chosen.filter((c, q) => unit.questions[q]?.choices[c]?.correct === true).length;
  return { values, result: { ok: true, value: { chosen, correct, total: unit.questions.length, save: fields.save === '1' } } };
}

const progressOf = (progress: TrainingProgress[], slug: string, unit: number) => progress.find((p) => p.moduleSlug === slug && p.unitNumber === unit);

function unitItem(locale: Locale, csrf: string, module: SpaceTrainingModule, unit: SpaceTrainingUnit, mine: TrainingProgress | undefined): string {
  const done = mine?.done === true;
  const status = [
    t(locale, done ? 'spaceTrainingDone' : 'spaceTrainingNotDone'),
    ...(mine?.check ? [t(locale, 'spaceTrainingCheckKept', { correct: String(mine.check.correct), total: String(mine.check.total) })] : []),
    ...(mine ? [t(locale, 'spaceTrainingUpdated', { date: formatDate(mine.updatedAt, locale) })] : []),
  ].join(' · ');
  const label = `<span class="vh"> ${escapeHtml(t(locale, 'trainingUnitNumber', { number: String(unit.number) }))}</span>`;
  return (
    `<li><p><a href="${escapeHtml(trainingUnitPath(locale, module.slug, unit.number))}">${escapeHtml(t(locale, 'trainingUnitNumber', { number: String(unit.number) }))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(unit.title)}</a><br>` +
    `<span class="hint">${escapeHtml(status)}</span></p>` +
    form(spaceTrainingDone(module.slug), locale, csrf, hidden('unit', String(unit.number)) + hidden('done', done ? '0' : '1') + `<button type="submit">${escapeHtml(t(locale, done ? 'spaceTrainingMarkNotDone' : 'spaceTrainingMarkDone'))}${label}</button>`) +
    (unit.questions.length > 0 ? `<p>${link(`${spaceSelfCheckPath(module.slug)}?unite=${unit.number}${locale === 'fr' ? '' : '&locale=en'}`, t(locale, 'spaceTrainingTakeCheck'))}</p>` : '') +
    (mine ? form(spaceTrainingForget(module.slug), locale, csrf, hidden('unit', String(unit.number)) + `<button type="submit">${escapeHtml(t(locale, 'spaceTrainingForgetUnit'))}${label}</button>`) : '') +
    `</li>`
  );
}

/** The member's own page: every published module and unit with what they chose to keep, and the ways to erase it. */
/** `peerSessions`: the block of members-only peer sessions (space-peer-sessions.ts), rendered by the caller. */
export function renderSpaceTraining(locale: Locale, csrf: string, modules: SpaceTrainingModule[], progress: TrainingProgress[], erased = false, peerSessions = ''): SpacePage {
  const title = t(locale, 'spaceTrainingTitle');
  const sections = modules
    .map((module) => {
      const doneCount = module.units.filter((u) => progressOf(progress, module.slug, u.number)?.done).length;
      return (
        `<section><h2>${escapeHtml(module.title)}</h2>` +
        `<p class="hint">${escapeHtml(t(locale, 'spaceTrainingModuleCount', { done: String(doneCount), total: String(module.units.length) }))}</p>` +
        `<ul class="thread">${module.units.map((u) => unitItem(locale, csrf, module, u, progressOf(progress, module.slug, u.number))).join('')}</ul></section>`
      );
    })
    .join('');
  return {
    title,
    body:
      `<p>${link(withLocale('/participer/espace/', locale), t(locale, 'spaceBackHome'))}</p>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'spaceTrainingIntro'))}</p>` +
      (erased ? `<p role="status"><strong>${escapeHtml(t(locale, 'spaceTrainingErased'))}</strong></p>` : '') +
      (modules.length ? sections : `<p>${escapeHtml(t(locale, 'trainingNone'))}</p>`) +
      peerSessions +
      `<h2>${escapeHtml(t(locale, 'spaceTrainingEraseHeading'))}</h2><p>${escapeHtml(t(locale, 'spaceTrainingEraseHint'))}</p>` +
      (progress.length ? form(spaceTrainingPaths.erase, locale, csrf, `<button type="submit">${escapeHtml(t(locale, 'spaceTrainingErase'))}</button>`) : `<p>${escapeHtml(t(locale, 'spaceTrainingNothingKept'))}</p>`),
  };
}

/** A unit's self-check as a form: one fieldset of radio buttons per question, and the choice to keep the result. */
export function renderSpaceSelfCheck(locale: Locale, csrf: string, module: SpaceTrainingModule, unit: SpaceTrainingUnit, values: Record<number, string> = {}, errors: SelfCheckErrors = {}, save = false): SpacePage {
  const title = t(locale, 'spaceTrainingCheckTitle', { unit: unit.title });
  const summary = renderErrorSummary(
    locale,
    Object.entries(errors).map(([q, key]) => ({ href: `#verification-q${Number(q) + 1}-0`, key })),
  );
  const questions = unit.questions
    .map((question, q) => {
      const id = `verification-q${q + 1}`;
      const error = errors[q];
      return (
        `<fieldset${attrs({ class: error ? 'field-error' : undefined, 'aria-describedby': error ? `${id}-erreur` : undefined })}><legend>${escapeHtml(t(locale, 'trainingQuestion', { number: String(q + 1) }))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(question.prompt)}</legend>` +
        fieldError(locale, id, error) +
        question.choices
          .map((choice, c) => `<div class="check"><input${attrs({ type: 'radio', id: `${id}-${c}`, name: `q${q + 1}`, value: String(c), checked: values[q] === String(c) })}> <label for="${id}-${c}">${escapeHtml(choice.text)}</label></div>`)
          .join('') +
        `</fieldset>`
      );
    })
    .join('');
  return {
    title,
    hasErrors: Object.keys(errors).length > 0,
    body:
      `<p>${link(withLocale(spaceTrainingPaths.list, locale), t(locale, 'spaceTrainingTitle'))}</p>` +
      `<h1>${escapeHtml(title)}</h1><p class="hint">${escapeHtml(module.title)}</p>` +
      summary +
      form(
        spaceSelfCheckPath(module.slug),
        locale,
        csrf,
        hidden('unit', String(unit.number)) +
          questions +
          `<div class="check"><input${attrs({ type: 'checkbox', id: 'verification-garder', name: 'save', value: '1', checked: save, 'aria-describedby': 'verification-garder-aide' })}> <label for="verification-garder">${escapeHtml(t(locale, 'spaceTrainingSaveLabel'))}</label></div>` +
          `<p class="hint" id="verification-garder-aide">${escapeHtml(t(locale, 'spaceTrainingSaveHint'))}</p>` +
          `<button type="submit">${escapeHtml(t(locale, 'spaceTrainingCheckSubmit'))}</button>`,
        ' novalidate',
      ),
  };
}

/** The feedback on each answer, the number right, and whether it was kept. */
export function renderSpaceSelfCheckResult(locale: Locale, module: SpaceTrainingModule, unit: SpaceTrainingUnit, answers: SelfCheckAnswers): SpacePage {
  const title = t(locale, 'spaceTrainingResultTitle', { unit: unit.title });
  const items = unit.questions
    .map((question, q) => {
      const choice = question.choices[answers.chosen[q] ?? -1];
      if (!choice) return '';
      return (
        `<li><p><strong>${escapeHtml(question.prompt)}</strong></p>` +
        `<p>${escapeHtml(t(locale, 'spaceTrainingYourAnswer'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(choice.text)}</p>` +
        `<p><strong>${escapeHtml(t(locale, choice.correct ? 'trainingRight' : 'trainingNotQuite'))}</strong> ${escapeHtml(choice.feedback)}</p></li>`
      );
    })
    .join('');
  return {
    title,
    body:
      `<p>${link(withLocale(spaceTrainingPaths.list, locale), t(locale, 'spaceTrainingTitle'))}</p>` +
      `<h1>${escapeHtml(title)}</h1>` +
      `<p role="status"><strong>${escapeHtml(t(locale, 'spaceTrainingScore', { correct: String(answers.correct), total: String(answers.total) }))}</strong> ${escapeHtml(t(locale, answers.save ? 'spaceTrainingResultKept' : 'spaceTrainingResultNotKept'))}</p>` +
      `<ol>${items}</ol>` +
      `<p>${link(trainingUnitPath(locale, module.slug, unit.number), t(locale, 'spaceTrainingBackToUnit'))}</p>`,
  };
}
