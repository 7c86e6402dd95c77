import { z } from 'zod';
import { normaliseEmail, normalisePhone, normalisePostalCode } from './normalise.ts';
import { type MessageKey, isErrorKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * The petition signature form, as posted (`application/x-www-form-urlencoded`), and what it
 * becomes once valid. One schema for the CMS route and the tests; the form markup uses the same
 * field names (`petitionFields`).
 */
export const petitionFields = ['name', 'postalCode', 'email', 'phone', 'consent', 'updates', 'website', 'locale'] as const;
export type PetitionField = (typeof petitionFields)[number];

/** Raw values as typed, kept to re-show the form. */
export type PetitionFormValues = Partial<Record<PetitionField, string>>;

export const fieldLimits = { name: 100, postalCode: 10, email: 254, phone: 20 } as const;

/** Spreadsheet formula injection: a cell starting with one of these runs as a formula in Excel. */
const formulaStart = /^[=+\-@\t\r]/;
const urlLike = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|\b[a-z0-9-]+\.(?:com|ca|org|net|info|io|biz|ru|cn|xyz|top|ly|me|co)\b)/i;
// Letters of any script, marks, spaces, apostrophes, hyphens, dots: names, not markup or digits.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused in what residents type
const controlChars = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/;

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(z.string().max(max * 4)); // hard stop before the per-field checks count characters

export const personNameSchema = text(fieldLimits.name).superRefine((v, ctx) => {
  const issue = (key: MessageKey) => ctx.addIssue({ code: z.ZodIssueCode.custom, message: key });
  if (v === '') return issue('errNameRequired');
  // UTF-16 units, as Strapi's maxLength and the browser's maxlength count (an emoji is two).
  if (v.length > fieldLimits.name) return issue('errNameTooLong');
  if (formulaStart.test(v)) return issue('errNameFormula');
  if (urlLike.test(v)) return issue('errNameUrl');
  if (controlChars.test(v)) return issue('errNameInvalid');
});

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === '1');

export const petitionSignatureSchema = z
  .object({
    name: personNameSchema,
    postalCode: text(fieldLimits.postalCode).transform((v, ctx) => {
      if (v === '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errPostalRequired' });
      const normalised = normalisePostalCode(v);
      if (v !== '' && !normalised) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errPostalInvalid' });
      return normalised ?? '';
    }),
    email: text(fieldLimits.email).transform((v, ctx) => {
      if (v === '') return null;
      const email = normaliseEmail(v);
      if (!email) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errEmailInvalid' });
      return email;
    }),
    phone: text(fieldLimits.phone).transform((v, ctx) => {
      if (v === '') return null;
      const phone = normalisePhone(v);
      if (!phone) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errPhoneInvalid' });
      return phone;
    }),
    consent: checkbox,
    updates: checkbox,
    /** Honeypot: people never see it; a filled value marks the submission as suspect, silently. */
    website: z
      .string()
      .optional()
      .transform((v) => (v ?? '') !== ''),
    locale: z
      .string()
      .optional()
      .transform((v): Locale => (v === 'en' ? 'en' : 'fr')),
  })
  .superRefine((v, ctx) => {
    if (!v.consent) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['consent'], message: 'errConsentRequired' });
  })
  .superRefine((v, ctx) => {
    if (v.email === null && v.phone === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['email'], message: 'errContactRequired' });
    }
  });

export type PetitionSignatureInput = z.infer<typeof petitionSignatureSchema>;
export type FieldErrors = Partial<Record<PetitionField, MessageKey>>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Known error keys only: a zod message that is not one of ours (type errors) becomes "invalid". */
function toKey(field: string, message: string): MessageKey {
  if (isErrorKey(message)) return message;
  if (field === 'name') return 'errNameInvalid';
  if (field === 'postalCode') return 'errPostalInvalid';
  if (field === 'email') return 'errEmailInvalid';
  if (field === 'phone') return 'errPhoneInvalid';
  return 'errConsentRequired';
}

export function parsePetitionSignature(values: Record<string, string>): ParseResult<PetitionSignatureInput> {
  const result = petitionSignatureSchema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'name') as PetitionField;
    errors[field] ??= toKey(field, issue.message);
  }
  // zod skips object-level checks while a field is invalid; people should see every problem at once.
  if (values.consent !== '1') errors.consent ??= 'errConsentRequired';
  if (!(values.email ?? '').trim() && !(values.phone ?? '').trim()) errors.email ??= 'errContactRequired';
  return { ok: false, errors };
}

/** The SMS code form: a reference to the pending signature and six digits. */
export const smsCodeSchema = z.object({
  ref: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  code: z
    .string()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/)),
  locale: z
    .string()
    .optional()
    .transform((v): Locale => (v === 'en' ? 'en' : 'fr')),
});

/** The email-link confirmation: an opaque token. */
export const confirmTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/);
