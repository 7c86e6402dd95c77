import { z } from 'zod';
import { attrs, escapeHtml } from './html.ts';
import { normaliseEmail, normalisePhone } from './normalise.ts';
import { participationPaths } from './paths.ts';
import { personNameSchema } from './petition-signature.ts';
import { renderErrorSummary } from './petition-form.ts';
import { t, type MessageKey, isErrorKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * A consultation's answer form, built from its questions, shared by the site (built form) and the
 * CMS (validation, form re-shown with errors). Questions are addressed by position (`q1`, `q2`…):
 * the French and English versions of a consultation hold the same questions in the same order, so
 * an answer means the same whichever language it was given in. A choice is stored as the option's
 * position, never its text, for the same reason.
 *
 * Field names: single choice and scale → radio `qN` (option position from 1, or 1–5); multiple →
 * one checkbox per option `qN-M` = "1" (a form body keeps one value per name); free text →
 * textarea `qN`. Follow-up: `followUp` = "1", then `name`, `email`, `phone`.
 */
export type ConsultationQuestionKind = 'single' | 'multiple' | 'text' | 'scale';

/** What the form needs of a question (shared/src/content/consultation.ts has the full schema). */
export interface ConsultationQuestionSpec {
  prompt: string;
  kind: ConsultationQuestionKind;
  options: string[];
  required: boolean;
}

export const maxFreeTextLength = 2000;
export const scaleValues = [1, 2, 3, 4, 5] as const;

/** Stored per question, in order: option position(s) from 0, a scale value, a text, or null. */
export type ConsultationAnswer = number | number[] | string | null;

export interface ConsultationContact {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface ConsultationResponseInput {
  answers: ConsultationAnswer[];
  contact: ConsultationContact | null;
  website: boolean;
  locale: Locale;
}

export type ConsultationErrors = Record<string, MessageKey>;
export type ConsultationParseResult = { ok: true; value: ConsultationResponseInput } | { ok: false; errors: ConsultationErrors };

export const questionField = (index: number) => `q${index + 1}`;
export const optionField = (index: number, option: number) => `q${index + 1}-${option + 1}`;
const domId = (name: string) => `consult-${name}`;

const positionPattern = /^\d{1,3}$/;

function parseAnswer(question: ConsultationQuestionSpec, index: number, fields: Record<string, string>): { answer: ConsultationAnswer } | { error: MessageKey } {
  const raw = (fields[questionField(index)] ?? '').trim();
  const missing = (): { answer: ConsultationAnswer } | { error: MessageKey } => (question.required ? { error: 'errAnswerRequired' } : { answer: null });
  switch (question.kind) {
    case 'single': {
      if (raw === '') return missing();
      const position = positionPattern.test(raw) ? Number(raw) : 0;
      return position >= 1 && position <= question.options.length ? { answer: position - 1 } : { error: 'errAnswerNotAnOption' };
    }
    case 'scale': {
      if (raw === '') return missing();
      return /^[1-5]$/.test(raw) ? { answer: Number(raw) } : { error: 'errAnswerScale' };
    }
    case 'multiple': {
      const prefix = `${questionField(index)}-`;
      const chosen: number[] = [];
      for (const [name, value] of Object.entries(fields)) {
        if (!name.startsWith(prefix) || value === '') continue;
        const rest = name.slice(prefix.length);
        const position = positionPattern.test(rest) ? Number(rest) : 0;
        if (value !== '1' || position < 1 || position > question.options.length) return { error: 'errAnswerNotAnOption' };
        chosen.push(position - 1);
      }
      if (chosen.length === 0) return missing();
      return { answer: [...new Set(chosen)].sort((a, b) => a - b) };
    }
    case 'text': {
      const text = (fields[questionField(index)] ?? '').replace(/\r\n?/g, '\n').trim();
      if (text === '') return missing();
      // UTF-16 units, as the database and the browser's maxlength count (an emoji is two).
      return text.length > maxFreeTextLength ? { error: 'errAnswerTooLong' } : { answer: text };
    }
  }
}

const contactSchema = z.object({
  name: personNameSchema,
  email: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = (v ?? '').trim();
      if (value === '') return null;
      const email = normaliseEmail(value);
      if (!email) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errEmailInvalid' });
      return email;
    }),
  phone: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = (v ?? '').trim();
      if (value === '') return null;
      const phone = normalisePhone(value);
      if (!phone) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errPhoneInvalid' });
      return phone;
    }),
});

/** Every problem at once, keyed by field name (`q2`, `email`…), in the form's order. */
export function parseConsultationResponse(questions: ConsultationQuestionSpec[], fields: Record<string, string>): ConsultationParseResult {
  const errors: ConsultationErrors = {};
  const answers: ConsultationAnswer[] = [];
  questions.forEach((question, index) => {
    const result = parseAnswer(question, index, fields);
    if ('error' in result) errors[questionField(index)] = result.error;
    else answers.push(result.answer);
  });

  const followUp = fields.followUp === '1';
  const typedContact = ['name', 'email', 'phone'].some((f) => (fields[f] ?? '').trim() !== '');
  let contact: ConsultationContact | null = null;
  if (followUp) {
    const parsed = contactSchema.safeParse(fields);
    if (parsed.success) {
      if (parsed.data.email === null && parsed.data.phone === null) errors.email = 'errContactAnyRequired';
      else contact = parsed.data;
    } else {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'name');
        errors[field] ??= isErrorKey(issue.message) ? issue.message : 'errNameInvalid';
      }
      if (!(fields.email ?? '').trim() && !(fields.phone ?? '').trim()) errors.email ??= 'errContactAnyRequired';
    }
  } else if (typedContact) {
    // Contact details are kept only with the separate consent: ask rather than store or drop them silently.
    errors.followUp = 'errFollowupConsent';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { answers, contact, website: (fields.website ?? '') !== '', locale: fields.locale === 'en' ? 'en' : 'fr' } };
}

function errorMessage(locale: Locale, name: string, key: MessageKey | undefined): string {
  if (!key) return '';
  return `<p class="error-message" id="${domId(name)}-erreur"><span class="vh">${locale === 'fr' ? 'Erreur :' : 'Error:'} </span>${escapeHtml(t(locale, key))}</p>`;
}

function invalidAttrs(name: string, error: MessageKey | undefined) {
  return { 'aria-describedby': error ? `${domId(name)}-erreur` : undefined, 'aria-invalid': error ? 'true' : undefined };
}

function choice(type: 'radio' | 'checkbox', id: string, name: string, value: string, label: string, checked: boolean): string {
  return `<div class="check"><input${attrs({ type, id, name, value, checked })}><label for="${escapeHtml(id)}">${escapeHtml(label)}</label></div>`;
}

function renderQuestion(locale: Locale, question: ConsultationQuestionSpec, index: number, values: Record<string, string>, error: MessageKey | undefined): string {
  const name = questionField(index);
  const number = `${index + 1}. `;
  const required = question.required ? ` <span class="hint">${escapeHtml(t(locale, 'answerRequired'))}</span>` : ` <span class="hint">${escapeHtml(t(locale, 'answerOptional'))}</span>`;
  const errorClass = error ? ' field-error' : '';
  if (question.kind === 'text') {
    return (
      `<div class="field${errorClass}"><label for="${domId(name)}">${escapeHtml(number + question.prompt)}${required}</label>` +
      errorMessage(locale, name, error) +
      `<textarea${attrs({ id: domId(name), name, rows: 4, maxlength: maxFreeTextLength, ...invalidAttrs(name, error) })}>${escapeHtml(values[name] ?? '')}</textarea></div>`
    );
  }
  const choices =
    question.kind === 'multiple'
      ? question.options.map((option, o) => choice('checkbox', domId(optionField(index, o)), optionField(index, o), '1', option, values[optionField(index, o)] === '1'))
      : question.kind === 'single'
        ? question.options.map((option, o) => choice('radio', domId(`${name}-${o + 1}`), name, String(o + 1), option, values[name] === String(o + 1)))
        : scaleValues.map((v) => choice('radio', domId(`${name}-${v}`), name, String(v), String(v), values[name] === String(v)));
  const hint = question.kind === 'multiple' ? `<p class="hint">${escapeHtml(t(locale, 'answerMultipleHint'))}</p>` : '';
  return (
    // GOV.UK: the group is described by its error; aria-invalid is not allowed on a group.
    `<fieldset class="field${errorClass}"${attrs({ 'aria-describedby': error ? `${domId(name)}-erreur` : undefined })}><legend>${escapeHtml(number + question.prompt)}${required}</legend>` +
    hint +
    errorMessage(locale, name, error) +
    choices.join('') +
    `</fieldset>`
  );
}

/** Where the error summary sends the person: the field itself, or the first choice of a group. */
function errorTarget(questions: ConsultationQuestionSpec[], name: string): string {
  const match = /^q(\d+)$/.exec(name);
  const question = match ? questions[Number(match[1]) - 1] : undefined;
  if (!question || question.kind === 'text') return `#${domId(name)}`;
  return `#${domId(`${name}-1`)}`;
}

export function renderConsultationForm({
  locale,
  slug,
  questions,
  values = {},
  errors = {},
  headingLevel = 2,
}: {
  locale: Locale;
  slug: string;
  questions: ConsultationQuestionSpec[];
  values?: Record<string, string>;
  errors?: ConsultationErrors;
  headingLevel?: 1 | 2;
}): string {
  const h = `h${headingLevel}`;
  const order = [...questions.map((_, i) => questionField(i)), 'followUp', 'name', 'email', 'phone'];
  const summary = order
    .filter((name) => errors[name])
    .map((name) => ({ href: errorTarget(questions, name), key: errors[name]! }));
  const text = (name: 'name' | 'email' | 'phone', label: MessageKey, extra: Record<string, string | number>) =>
    `<div class="field${errors[name] ? ' field-error' : ''}"><label for="${domId(name)}">${escapeHtml(t(locale, label))}</label>` +
    errorMessage(locale, name, errors[name]) +
    `<input${attrs({ id: domId(name), name, value: values[name] ?? '', ...extra, ...invalidAttrs(name, errors[name]) })}></div>`;
  return (
    `<section class="form" aria-labelledby="consultation-titre"><${h} id="consultation-titre">${escapeHtml(t(locale, 'consultTitle'))}</${h}>` +
    renderErrorSummary(locale, summary) +
    `<form method="post" action="${escapeHtml(participationPaths.answer(slug))}" novalidate><input type="hidden" name="locale" value="${locale}">` +
    questions.map((q, i) => renderQuestion(locale, q, i, values, errors[questionField(i)])).join('') +
    `<fieldset><legend>${escapeHtml(t(locale, 'followUpLegend'))}</legend>` +
    `<p class="hint">${escapeHtml(t(locale, 'followUpHint'))}</p>` +
    `<div class="field${errors.followUp ? ' field-error' : ''}">${errorMessage(locale, 'followUp', errors.followUp)}` +
    `<div class="check"><input${attrs({ type: 'checkbox', id: domId('followUp'), name: 'followUp', value: '1', checked: values.followUp === '1', ...invalidAttrs('followUp', errors.followUp) })}>` +
    `<label for="${domId('followUp')}">${escapeHtml(t(locale, 'followUpConsent'))}</label></div></div>` +
    text('name', 'name', { type: 'text', autocomplete: 'name', maxlength: 100 }) +
    text('email', 'email', { type: 'email', autocomplete: 'email', maxlength: 254 }) +
    text('phone', 'followUpPhone', { type: 'tel', autocomplete: 'tel', maxlength: 20 }) +
    `</fieldset>` +
    `<div class="hp"><label for="${domId('website')}">${escapeHtml(t(locale, 'honeypot'))}</label><input type="text" id="${domId('website')}" name="website" value="" tabindex="-1" autocomplete="off"></div>` +
    `<p class="hint">${escapeHtml(t(locale, 'consultPrivacyNote'))}</p>` +
    `<button type="submit">${escapeHtml(t(locale, 'submitAnswers'))}</button></form></section>`
  );
}
