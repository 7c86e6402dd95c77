import { z } from 'zod';
import { normaliseEmail, normalisePhone } from './normalise.ts';
import type { MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Fields every participation form shares (RSVP, "I'm interested", activity proposal): an optional
 * email and an optional phone — at least one of them —, the honeypot and the form's language.
 * Blank means "not given" (null); what is given must be valid.
 */
const longestContact = 1000; // far above any real address; keeps the normalising regexes on short input

function optionalContact(normalise: (value: string) => string | null, invalid: MessageKey) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = (v ?? '').trim();
      if (value === '') return null;
      const normalised = value.length <= longestContact ? normalise(value) : null;
      if (!normalised) ctx.addIssue({ code: z.ZodIssueCode.custom, message: invalid });
      return normalised;
    });
}

export const optionalEmailField = optionalContact(normaliseEmail, 'errEmailInvalid');
export const optionalPhoneField = optionalContact(normalisePhone, 'errPhoneInvalid');

/** Hidden from people; a bot that fills it is stored as suspect (true = filled). */
export const honeypotField = z
  .string()
  .optional()
  .transform((v) => (v ?? '') !== '');

export const formLocaleField = z
  .string()
  .optional()
  .transform((v): Locale => (v === 'en' ? 'en' : 'fr'));

/** Object-level rule: someone must be reachable. */
export function requireEmailOrPhone(v: { email: string | null; phone: string | null }, ctx: z.RefinementCtx): void {
  if (v.email === null && v.phone === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['email'], message: 'errContactAnyRequired' });
}

/** zod skips object-level rules while a field is invalid; people should see every problem at once. */
export function addContactRequiredError(values: Record<string, string>, errors: { email?: MessageKey }): void {
  if (!(values.email ?? '').trim() && !(values.phone ?? '').trim()) errors.email ??= 'errContactAnyRequired';
}
