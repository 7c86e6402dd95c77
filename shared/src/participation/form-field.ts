import { escapeHtml } from './html.ts';
import { pt, type ParticipationKey, type ParticipationLocale } from './strings.ts';

/**
 * One labelled form field in the GOV.UK pattern the write-path forms share: label, optional hint,
 * error message (with a hidden "Error:" for screen readers), and the control, which gets
 * `aria-describedby` pointing at the hint and the error. `fieldId` is the control's id.
 * `values` fills the texts' `{placeholders}` (a limit that depends on the item, say).
 */
export function formField(
  locale: ParticipationLocale,
  fieldId: string,
  label: ParticipationKey,
  hint: ParticipationKey | null,
  control: (describedBy: string | undefined, invalid: boolean) => string,
  error: ParticipationKey | undefined,
  values: Record<string, string | number> = {},
): string {
  const hintHtml = hint ? `<span class="hint" id="${fieldId}-aide">${escapeHtml(pt(locale, hint, values))}</span>` : '';
  const errorHtml = error
    ? `<p class="error-message" id="${fieldId}-erreur"><span class="vh">${locale === 'fr' ? 'Erreur :' : 'Error:'} </span>${escapeHtml(pt(locale, error, values))}</p>`
    : '';
  const describedBy = [hint ? `${fieldId}-aide` : '', error ? `${fieldId}-erreur` : ''].filter(Boolean).join(' ') || undefined;
  return `<div class="field${error ? ' field-error' : ''}"><label for="${fieldId}">${escapeHtml(pt(locale, label, values))}</label>${hintHtml}${errorHtml}${control(describedBy, Boolean(error))}</div>`;
}
