import { attrs, escapeHtml } from './html.ts';
import { participationPaths } from './paths.ts';
import type { FieldErrors, PetitionField, PetitionFormValues } from './petition-signature.ts';
import { fieldLimits } from './petition-signature.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * The petition signature form as an HTML string: rendered empty by the site at build time and,
 * with the person's values and the errors, by the CMS when the submission is invalid (HTTP 422).
 * `novalidate`: the server's French messages are the single source of truth, as in GOV.UK.
 */
export interface PetitionFormOptions {
  locale: Locale;
  slug: string;
  values?: PetitionFormValues;
  errors?: FieldErrors;
  /** Heading level of the form title: 2 on the petition page, 1 on the CMS error page. */
  headingLevel?: 1 | 2;
}

const id = (field: PetitionField) => `signer-${field}`;

/** Order of the fields on the page, for the error summary's links. */
const fieldOrder: PetitionField[] = ['name', 'postalCode', 'email', 'phone', 'consent'];

/** `values` fills an error's `{placeholders}` (a limit that depends on the item). */
export function renderErrorSummary(locale: Locale, errors: Array<{ href: string; key: MessageKey; values?: Record<string, string | number> }>): string {
  if (errors.length === 0) return '';
  const items = errors.map((e) => `<li><a href="${escapeHtml(e.href)}">${escapeHtml(t(locale, e.key, e.values))}</a></li>`).join('');
  return (
    `<div class="error-summary" id="erreurs" tabindex="-1" autofocus role="alert" aria-labelledby="erreurs-titre">` +
    `<h2 id="erreurs-titre">${escapeHtml(t(locale, 'errorSummaryTitle'))}</h2><ul>${items}</ul></div>`
  );
}

function errorMessage(locale: Locale, field: PetitionField, key: MessageKey | undefined): string {
  if (!key) return '';
  const prefix = locale === 'fr' ? 'Erreur :' : 'Error:';
  return `<p class="error-message" id="${id(field)}-erreur"><span class="vh">${prefix} </span>${escapeHtml(t(locale, key))}</p>`;
}

function describedBy(field: PetitionField, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? `${id(field)}-aide` : '', hasError ? `${id(field)}-erreur` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function textField(
  o: Required<Pick<PetitionFormOptions, 'locale'>> & { values: PetitionFormValues; errors: FieldErrors },
  field: 'name' | 'postalCode' | 'email' | 'phone',
  label: MessageKey,
  hint: MessageKey | null,
  input: Record<string, string | number | boolean | undefined>,
): string {
  const error = o.errors[field];
  const hintHtml = hint ? `<span class="hint" id="${id(field)}-aide">${escapeHtml(t(o.locale, hint))}</span>` : '';
  return (
    `<div class="field${error ? ' field-error' : ''}">` +
    `<label for="${id(field)}">${escapeHtml(t(o.locale, label))}</label>${hintHtml}${errorMessage(o.locale, field, error)}` +
    `<input${attrs({
      id: id(field),
      name: field,
      value: o.values[field] ?? '',
      maxlength: fieldLimits[field],
      'aria-describedby': describedBy(field, hint !== null, Boolean(error)),
      'aria-invalid': error ? 'true' : undefined,
      ...input,
    })}></div>`
  );
}

function checkboxField(
  o: { locale: Locale; values: PetitionFormValues; errors: FieldErrors },
  field: 'consent' | 'updates',
  label: MessageKey,
): string {
  const error = o.errors[field];
  return (
    `<div class="field${error ? ' field-error' : ''}">${errorMessage(o.locale, field, error)}` +
    `<label class="check" for="${id(field)}"><input${attrs({
      type: 'checkbox',
      id: id(field),
      name: field,
      value: '1',
      checked: o.values[field] === '1',
      'aria-describedby': error ? `${id(field)}-erreur` : undefined,
      'aria-invalid': error ? 'true' : undefined,
    })}><span>${escapeHtml(t(o.locale, label))}</span></label></div>`
  );
}

export function renderPetitionForm({ locale, slug, values = {}, errors = {}, headingLevel = 2 }: PetitionFormOptions): string {
  const o = { locale, values, errors };
  const summary = renderErrorSummary(
    locale,
    fieldOrder.filter((f) => errors[f]).map((f) => ({ href: `#${id(f)}`, key: errors[f]! })),
  );
  const h = `h${headingLevel}`;
  return (
    `<section class="form" aria-labelledby="signer-titre">` +
    `<${h} id="signer-titre">${escapeHtml(t(locale, 'signTitle'))}</${h}>${summary}` +
    `<form method="post" action="${escapeHtml(participationPaths.sign(slug))}" novalidate>` +
    `<input type="hidden" name="locale" value="${locale}">` +
    textField(o, 'name', 'name', 'nameHint', { type: 'text', autocomplete: 'name', spellcheck: 'false' }) +
    textField(o, 'postalCode', 'postalCode', 'petitionPostalCodeHint', { type: 'text', autocomplete: 'postal-code', class: 'short' }) +
    `<fieldset aria-describedby="signer-contact-aide"><legend>${escapeHtml(t(locale, 'contactLegend'))}</legend>` +
    `<p class="hint" id="signer-contact-aide">${escapeHtml(t(locale, 'contactHint'))}</p>` +
    textField(o, 'email', 'email', null, { type: 'email', autocomplete: 'email', spellcheck: 'false' }) +
    textField(o, 'phone', 'petitionPhone', 'phoneHint', { type: 'tel', autocomplete: 'tel' }) +
    `</fieldset>` +
    checkboxField(o, 'consent', 'consent') +
    checkboxField(o, 'updates', 'updates') +
    `<div class="hp"><label for="${id('website')}">${escapeHtml(t(locale, 'honeypot'))}</label>` +
    `<input type="text" id="${id('website')}" name="website" value="" tabindex="-1" autocomplete="off"></div>` +
    `<p class="hint">${escapeHtml(t(locale, 'privacyNote'))}</p>` +
    `<button type="submit">${escapeHtml(t(locale, 'submitSign'))}</button>` +
    `</form></section>`
  );
}
