import { z } from 'zod';
import { formField } from './form-field.ts';
import { attrs, escapeHtml } from './html.ts';
import { addContactRequiredError, formLocaleField, honeypotField, optionalEmailField, optionalPhoneField, requireEmailOrPhone } from './contact-fields.ts';
import { participationPaths } from './paths.ts';
import { personNameSchema } from './petition-signature.ts';
import { renderErrorSummary } from './petition-form.ts';
import { t, type MessageKey, isErrorKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * "I'm interested" on a call to participate: the call's contact person gets the message and calls
 * or writes back. Schema and form markup shared by the site (built form) and the CMS (form
 * re-shown with errors), like the RSVP.
 */
export const interestFields = ['name', 'email', 'phone', 'preferredContactTime', 'website', 'locale'] as const;
export type InterestField = (typeof interestFields)[number];
export type InterestFormValues = Partial<Record<InterestField, string>>;
export type InterestErrors = Partial<Record<InterestField, MessageKey>>;

// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused in what residents type
const controlChars = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;

export const interestSchema = z
  .object({
    name: personNameSchema,
    email: optionalEmailField,
    phone: optionalPhoneField,
    preferredContactTime: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .pipe(z.string().max(200, 'errContactTimeTooLong').refine((v) => !controlChars.test(v), 'errContactTimeTooLong'))
      .transform((v) => (v === '' ? null : v)),
    website: honeypotField,
    locale: formLocaleField,
  })
  .superRefine(requireEmailOrPhone);

export type InterestInput = z.infer<typeof interestSchema>;
export type InterestParseResult = { ok: true; value: InterestInput } | { ok: false; errors: InterestErrors };

export function parseInterest(values: Record<string, string>): InterestParseResult {
  const result = interestSchema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const errors: InterestErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'name') as InterestField;
    const fallback: MessageKey = field === 'preferredContactTime' ? 'errContactTimeTooLong' : 'errNameInvalid';
    errors[field] ??= isErrorKey(issue.message) ? issue.message : fallback;
  }
  addContactRequiredError(values, errors);
  return { ok: false, errors };
}

const id = (field: InterestField) => `interet-${field}`;
const order: InterestField[] = ['name', 'email', 'phone', 'preferredContactTime'];

const field = (locale: Locale, name: InterestField, ...rest: Parameters<typeof formField> extends [unknown, unknown, ...infer R] ? R : never) =>
  formField(locale, id(name), ...rest);

export function renderInterestForm({
  locale,
  slug,
  values = {},
  errors = {},
  headingLevel = 2,
}: {
  locale: Locale;
  slug: string;
  values?: InterestFormValues;
  errors?: InterestErrors;
  headingLevel?: 1 | 2;
}): string {
  const input = (name: InterestField, extra: Record<string, string | number | boolean | undefined>) => (describedBy: string | undefined, invalid: boolean) =>
    `<input${attrs({ id: id(name), name, value: values[name] ?? '', 'aria-describedby': describedBy, 'aria-invalid': invalid ? 'true' : undefined, ...extra })}>`;
  const h = `h${headingLevel}`;
  return (
    `<section class="form" aria-labelledby="interet-titre"><${h} id="interet-titre">${escapeHtml(t(locale, 'interestTitle'))}</${h}>` +
    `<p>${escapeHtml(t(locale, 'interestIntro'))}</p>` +
    renderErrorSummary(locale, order.filter((f) => errors[f]).map((f) => ({ href: `#${id(f)}`, key: errors[f]! }))) +
    `<form method="post" action="${escapeHtml(participationPaths.interest(slug))}" novalidate><input type="hidden" name="locale" value="${locale}">` +
    field(locale, 'name', 'name', null, input('name', { type: 'text', autocomplete: 'name', maxlength: 100 }), errors.name) +
    `<fieldset aria-describedby="interet-contact-aide"><legend>${escapeHtml(t(locale, 'interestContactLegend'))}</legend>` +
    `<p class="hint" id="interet-contact-aide">${escapeHtml(t(locale, 'interestContactHint'))}</p>` +
    field(locale, 'email', 'email', null, input('email', { type: 'email', autocomplete: 'email', maxlength: 254 }), errors.email) +
    field(locale, 'phone', 'followUpPhone', 'phoneHint', input('phone', { type: 'tel', autocomplete: 'tel', maxlength: 20 }), errors.phone) +
    `</fieldset>` +
    field(locale, 'preferredContactTime', 'preferredContactTime', 'preferredContactTimeHint', input('preferredContactTime', { type: 'text', maxlength: 200 }), errors.preferredContactTime) +
    `<div class="hp"><label for="${id('website')}">${escapeHtml(t(locale, 'honeypot'))}</label><input type="text" id="${id('website')}" name="website" value="" tabindex="-1" autocomplete="off"></div>` +
    `<p class="hint">${escapeHtml(t(locale, 'interestPrivacyNote'))}</p>` +
    `<button type="submit">${escapeHtml(t(locale, 'submitInterest'))}</button></form></section>`
  );
}
