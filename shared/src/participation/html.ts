/**
 * HTML string helpers for the participation forms and pages. The same strings are rendered by the
 * static site at build time and by the CMS when a form comes back with errors, so everything that
 * reaches the markup goes through `escapeHtml` here — callers never concatenate raw input.
 */
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- callers pass text, numbers and dates; anything else is escaped as whatever String() makes of it
  return String(value ?? '').replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** Attribute list from a record: `false`/`undefined` drop the attribute, `true` writes it bare. */
export function attrs(record: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(record)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`))
    .join('');
}
