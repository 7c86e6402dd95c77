import { z } from 'zod';
import { attrs, escapeHtml } from './html.ts';
import { addContactRequiredError, formLocaleField, honeypotField, optionalEmailField, optionalPhoneField, requireEmailOrPhone } from './contact-fields.ts';
import { participationPaths } from './paths.ts';
import { personNameSchema } from './petition-signature.ts';
import { renderErrorSummary } from './petition-form.ts';
import { t, type MessageKey, isErrorKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * "Propose an activity", for community groups without an account: becomes a draft event an OC
 * reviews and publishes in the admin. Schema and form shared by the site page and the CMS.
 * Date and time are typed in Québec local time (`<input type="date">`/`type="time"`, which old
 * browsers show as text: the hints give the format).
 */
export const proposalFields = ['title', 'summary', 'date', 'time', 'venueName', 'address', 'organizationName', 'name', 'email', 'phone', 'website', 'locale'] as const;
export type ProposalField = (typeof proposalFields)[number];
export type ProposalFormValues = Partial<Record<ProposalField, string>>;
export type ProposalErrors = Partial<Record<ProposalField, MessageKey>>;

// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused in what residents type
const controlChars = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;
const formulaStart = /^[=+\-@\t\r]/;

/** Required one-line (or short) text: trimmed, length-limited, no control characters or formulas. */
const requiredText = (max: number, multiline = false) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/\r\n?/g, '\n').trim())
    .superRefine((v, ctx) => {
      const issue = (message: MessageKey) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      if (v === '') return issue('errFieldRequired');
      // UTF-16 units, as Strapi's maxLength and the browser's maxlength count (an emoji is two).
      if (v.length > max) return issue(max <= 200 ? 'errFieldTooLong200' : max <= 280 ? 'errFieldTooLong280' : 'errFieldTooLong300');
      if (formulaStart.test(v) || controlChars.test(multiline ? v.replace(/\n/g, ' ') : v) || (!multiline && v.includes('\n'))) issue('errFieldInvalid');
    });

const quebecDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

/** Québec local date and time → UTC ISO instant (DST-correct: the offset is read for that moment). */
export function quebecLocalToIso(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, h, mi);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Toronto', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(asUtc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - asUtc;
  return new Date(asUtc - offset).toISOString();
}

export function proposalSchema(now = Date.now()) {
  return z
    .object({
      title: requiredText(200),
      summary: requiredText(280, true),
      date: z
        .string()
        .optional()
        .transform((v) => (v ?? '').trim())
        .superRefine((v, ctx) => {
          const issue = (message: MessageKey) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
          if (v === '') return issue('errDateRequired');
          const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
          const real = match && new Date(`${v}T12:00:00Z`).toISOString().slice(0, 10) === v;
          if (!real) return issue('errDateInvalid');
          if (v < quebecDay(now)) return issue('errDatePast');
        }),
      time: z
        .string()
        .optional()
        .transform((v) => (v ?? '').trim().replace(/\s*h\s*/i, ':').replace(/:$/, ':00'))
        .superRefine((v, ctx) => {
          if (v === '') return ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errTimeRequired' });
          if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'errTimeInvalid' });
        })
        .transform((v) => v.padStart(5, '0')),
      venueName: requiredText(200),
      address: requiredText(300),
      organizationName: requiredText(200),
      name: personNameSchema,
      email: optionalEmailField,
      phone: optionalPhoneField,
      website: honeypotField,
      locale: formLocaleField,
    })
    .superRefine(requireEmailOrPhone);
}

export type ProposalInput = z.infer<ReturnType<typeof proposalSchema>>;
export type ProposalParseResult = { ok: true; value: ProposalInput & { startsAt: string } } | { ok: false; errors: ProposalErrors };

export function parseProposal(values: Record<string, string>, now = Date.now()): ProposalParseResult {
  const result = proposalSchema(now).safeParse(values);
  if (result.success) return { ok: true, value: { ...result.data, startsAt: quebecLocalToIso(result.data.date, result.data.time) } };
  const errors: ProposalErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'title') as ProposalField;
    errors[field] ??= isErrorKey(issue.message) ? issue.message : 'errFieldInvalid';
  }
  addContactRequiredError(values, errors);
  return { ok: false, errors };
}

const id = (field: ProposalField) => `proposer-${field}`;
const order: ProposalField[] = ['title', 'summary', 'date', 'time', 'venueName', 'address', 'organizationName', 'name', 'email', 'phone'];

export function renderProposalForm({
  locale,
  values = {},
  errors = {},
  headingLevel = 2,
}: {
  locale: Locale;
  values?: ProposalFormValues;
  errors?: ProposalErrors;
  headingLevel?: 1 | 2;
}): string {
  const field = (name: ProposalField, label: MessageKey, hint: MessageKey | null, extra: Record<string, string | number>, textarea = false) => {
    const error = errors[name];
    const describedBy = [hint ? `${id(name)}-aide` : '', error ? `${id(name)}-erreur` : ''].filter(Boolean).join(' ') || undefined;
    const common = { id: id(name), name, 'aria-describedby': describedBy, 'aria-invalid': error ? 'true' : undefined, ...extra };
    const control = textarea ? `<textarea${attrs({ ...common, rows: 3 })}>${escapeHtml(values[name] ?? '')}</textarea>` : `<input${attrs({ ...common, value: values[name] ?? '' })}>`;
    return (
      `<div class="field${error ? ' field-error' : ''}"><label for="${id(name)}">${escapeHtml(t(locale, label))}</label>` +
      (hint ? `<span class="hint" id="${id(name)}-aide">${escapeHtml(t(locale, hint))}</span>` : '') +
      (error ? `<p class="error-message" id="${id(name)}-erreur"><span class="vh">${locale === 'fr' ? 'Erreur :' : 'Error:'} </span>${escapeHtml(t(locale, error))}</p>` : '') +
      control +
      `</div>`
    );
  };
  const h = `h${headingLevel}`;
  return (
    `<section class="form" aria-labelledby="proposer-titre"><${h} id="proposer-titre">${escapeHtml(t(locale, 'proposeTitle'))}</${h}>` +
    `<p>${escapeHtml(t(locale, 'proposeIntro'))}</p>` +
    renderErrorSummary(locale, order.filter((f) => errors[f]).map((f) => ({ href: `#${id(f)}`, key: errors[f]! }))) +
    `<form method="post" action="${participationPaths.propose}" novalidate><input type="hidden" name="locale" value="${locale}">` +
    `<fieldset><legend>${escapeHtml(t(locale, 'proposeActivityLegend'))}</legend>` +
    field('title', 'proposeActivityTitle', null, { type: 'text', maxlength: 200 }) +
    field('summary', 'proposeSummary', 'proposeSummaryHint', { maxlength: 280 }, true) +
    field('date', 'proposeDate', 'proposeDateHint', { type: 'date' }) +
    field('time', 'proposeTime', 'proposeTimeHint', { type: 'time' }) +
    field('venueName', 'proposeVenue', null, { type: 'text', maxlength: 200 }) +
    field('address', 'proposeAddress', 'proposeAddressHint', { type: 'text', maxlength: 300 }) +
    `</fieldset><fieldset><legend>${escapeHtml(t(locale, 'proposeWhoLegend'))}</legend>` +
    field('organizationName', 'proposeOrganization', null, { type: 'text', maxlength: 200, autocomplete: 'organization' }) +
    field('name', 'proposeContactName', null, { type: 'text', maxlength: 100, autocomplete: 'name' }) +
    `<p class="hint">${escapeHtml(t(locale, 'interestContactHint'))}</p>` +
    field('email', 'email', null, { type: 'email', maxlength: 254, autocomplete: 'email' }) +
    field('phone', 'followUpPhone', 'phoneHint', { type: 'tel', maxlength: 20, autocomplete: 'tel' }) +
    `</fieldset>` +
    `<div class="hp"><label for="${id('website')}">${escapeHtml(t(locale, 'honeypot'))}</label><input type="text" id="${id('website')}" name="website" value="" tabindex="-1" autocomplete="off"></div>` +
    `<p class="hint">${escapeHtml(t(locale, 'proposePrivacyNote'))}</p>` +
    `<button type="submit">${escapeHtml(t(locale, 'submitProposal'))}</button></form></section>`
  );
}
