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
 * Event registration (RSVP) for events whose registration mode is "form": schema and form markup,
 * shared by the site (built form) and the CMS (form re-shown with errors).
 */
export const rsvpFields = ['name', 'email', 'phone', 'people', 'accessibilityNeeds', 'website', 'locale'] as const;
export type RsvpField = (typeof rsvpFields)[number];
export type RsvpFormValues = Partial<Record<RsvpField, string>>;
export type RsvpErrors = Partial<Record<RsvpField, MessageKey>>;

/**
 * How many people one registration may bring. Without a cap, one request could take a whole event;
 * an organizer sets the number per event (`maxSeatsPerRegistration`, 1–20), 4 when unset: a family.
 */
export const defaultMaxSeatsPerRegistration = 4;
export const seatsPerRegistrationCeiling = 20;

/** The event's cap as stored (null on events made before the field existed), within 1–20. */
export function seatsPerRegistration(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) return defaultMaxSeatsPerRegistration;
  return Math.min(Math.max(value, 1), seatsPerRegistrationCeiling);
}

/** The RSVP schema for one event: `maxPeople` is its cap per registration. */
export function rsvpSchemaFor(maxPeople: number) {
  return z
    .object({
      name: personNameSchema,
      email: optionalEmailField,
      phone: optionalPhoneField,
      people: z
        .string({ message: 'errPeopleInvalid' })
        .trim()
        // Any written number, however large, gets the "at most N" message; only non-numbers are "invalid".
        .regex(/^\d{1,15}$/, 'errPeopleInvalid')
        .transform(Number)
        .pipe(z.number().int().min(1, 'errPeopleInvalid').max(maxPeople, 'errPeopleOverMax')),
      accessibilityNeeds: z
        .string()
        .optional()
        .transform((v) => (v ?? '').trim())
        .pipe(z.string().max(500, 'errNeedsTooLong'))
        .transform((v) => (v === '' ? null : v)),
      website: honeypotField,
      locale: formLocaleField,
    })
    .superRefine(requireEmailOrPhone);
}

export type RsvpInput = z.infer<ReturnType<typeof rsvpSchemaFor>>;

export type RsvpParseResult = { ok: true; value: RsvpInput } | { ok: false; errors: RsvpErrors };

export function parseRsvp(values: Record<string, string>, maxPeople = defaultMaxSeatsPerRegistration): RsvpParseResult {
  const result = rsvpSchemaFor(maxPeople).safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const errors: RsvpErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'name') as RsvpField;
    const fallback: MessageKey = field === 'people' ? 'errPeopleInvalid' : field === 'accessibilityNeeds' ? 'errNeedsTooLong' : 'errNameInvalid';
    errors[field] ??= isErrorKey(issue.message) ? issue.message : fallback;
  }
  addContactRequiredError(values, errors);
  return { ok: false, errors };
}

const id = (field: RsvpField) => `rsvp-${field}`;
const order: RsvpField[] = ['name', 'email', 'phone', 'people', 'accessibilityNeeds'];

const field = (locale: Locale, name: RsvpField, ...rest: Parameters<typeof formField> extends [unknown, unknown, ...infer R] ? R : never) =>
  formField(locale, id(name), ...rest);

export function renderRsvpForm({
  locale,
  slug,
  values = {},
  errors = {},
  headingLevel = 2,
  maxPeople = defaultMaxSeatsPerRegistration,
}: {
  locale: Locale;
  slug: string;
  values?: RsvpFormValues;
  errors?: RsvpErrors;
  headingLevel?: 1 | 2;
  /** The event's cap per registration (`seatsPerRegistration(event.maxSeatsPerRegistration)`). */
  maxPeople?: number;
}): string {
  const input = (name: RsvpField, extra: Record<string, string | number | boolean | undefined>) => (describedBy: string | undefined, invalid: boolean) =>
    `<input${attrs({ id: id(name), name, value: values[name] ?? '', 'aria-describedby': describedBy, 'aria-invalid': invalid ? 'true' : undefined, ...extra })}>`;
  const h = `h${headingLevel}`;
  const limit = { max: maxPeople };
  return (
    `<section class="form" aria-labelledby="rsvp-titre"><${h} id="rsvp-titre">${escapeHtml(t(locale, 'rsvpTitle'))}</${h}>` +
    renderErrorSummary(locale, order.filter((f) => errors[f]).map((f) => ({ href: `#${id(f)}`, key: errors[f]!, values: limit }))) +
    `<form method="post" action="${escapeHtml(participationPaths.rsvp(slug))}" novalidate><input type="hidden" name="locale" value="${locale}">` +
    field(locale, 'name', 'name', null, input('name', { type: 'text', autocomplete: 'name', maxlength: 100 }), errors.name) +
    `<fieldset aria-describedby="rsvp-contact-aide"><legend>${escapeHtml(t(locale, 'rsvpContactLegend'))}</legend>` +
    `<p class="hint" id="rsvp-contact-aide">${escapeHtml(t(locale, 'rsvpContactHint'))}</p>` +
    field(locale, 'email', 'email', null, input('email', { type: 'email', autocomplete: 'email', maxlength: 254 }), errors.email) +
    field(locale, 'phone', 'rsvpPhone', 'phoneHint', input('phone', { type: 'tel', autocomplete: 'tel', maxlength: 20 }), errors.phone) +
    `</fieldset>` +
    field(locale, 'people', 'people', 'peopleHint', input('people', { type: 'number', inputmode: 'numeric', min: 1, max: maxPeople, value: values.people ?? '1' }), errors.people, limit) +
    field(
      locale,
      'accessibilityNeeds',
      'accessibilityNeeds',
      'accessibilityHint',
      (describedBy, invalid) =>
        `<textarea${attrs({ id: id('accessibilityNeeds'), name: 'accessibilityNeeds', rows: 3, maxlength: 500, 'aria-describedby': describedBy, 'aria-invalid': invalid ? 'true' : undefined })}>${escapeHtml(values.accessibilityNeeds ?? '')}</textarea>`,
      errors.accessibilityNeeds,
    ) +
    `<div class="hp"><label for="${id('website')}">${escapeHtml(t(locale, 'honeypot'))}</label><input type="text" id="${id('website')}" name="website" value="" tabindex="-1" autocomplete="off"></div>` +
    `<p class="hint">${escapeHtml(t(locale, 'rsvpPrivacyNote'))}</p>` +
    `<button type="submit">${escapeHtml(t(locale, 'submitRsvp'))}</button></form></section>`
  );
}
