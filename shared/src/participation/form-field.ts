import { attrs, escapeHtml } from './html.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * One labelled form field in the GOV.UK pattern the write-path forms share: label, optional hint,
 * error message (with a hidden "Error:" for screen readers), and the control, which gets
 * `aria-describedby` pointing at the hint and the error. `fieldId` is the control's id.
 * `values` fills the texts' `{placeholders}` (a limit that depends on the item, say).
 */
export function formField(
  locale: Locale,
  fieldId: string,
  label: MessageKey,
  hint: MessageKey | null,
  control: (describedBy: string | undefined, invalid: boolean) => string,
  error: MessageKey | undefined,
  values: Record<string, string | number> = {},
): string {
  const hintHtml = hint ? `<span class="hint" id="${fieldId}-aide">${escapeHtml(t(locale, hint, values))}</span>` : '';
  const errorHtml = fieldError(locale, fieldId, error, values);
  const describedBy = [hint ? `${fieldId}-aide` : '', error ? `${fieldId}-erreur` : ''].filter(Boolean).join(' ') || undefined;
  return `<div class="field${error ? ' field-error' : ''}"><label for="${fieldId}">${escapeHtml(t(locale, label, values))}</label>${hintHtml}${errorHtml}${control(describedBy, Boolean(error))}</div>`;
}

/**
 * A text input (or, with `area`, an 8-row textarea) in a `formField`, as the space's meeting and
 * peer-session forms draw theirs: `name` is the submitted field, `fieldId` its id.
 */
export function textControlField(
  locale: Locale,
  fieldId: string,
  name: string,
  label: MessageKey,
  hint: MessageKey | null,
  value: string,
  error: MessageKey | undefined,
  extra: Record<string, string | number>,
  area = false,
): string {
  return formField(
    locale,
    fieldId,
    label,
    hint,
    (describedBy, invalid) => {
      const described = { 'aria-describedby': describedBy, 'aria-invalid': invalid ? 'true' : undefined };
      return area
        ? `<textarea${attrs({ id: fieldId, name, rows: 8, ...described, ...extra })}>${escapeHtml(value)}</textarea>`
        : `<input${attrs({ id: fieldId, name, value, ...described, ...extra })}>`;
    },
    error,
  );
}

/** A field's error message, with a hidden "Error:" for screen readers; empty without an error. */
export function fieldError(locale: Locale, fieldId: string, error: MessageKey | undefined, values: Record<string, string | number> = {}): string {
  return error ? `<p class="error-message" id="${fieldId}-erreur"><span class="vh">${locale === 'fr' ? 'Erreur :' : 'Error:'} </span>${escapeHtml(t(locale, error, values))}</p>` : '';
}
