/**
 * Canonical forms of what residents type, so the same person is recognised however they write it.
 * Pure functions: used by the zod schemas (validation) and by the CMS (duplicate detection).
 */

// Canada Post: no D, F, I, O, Q, U anywhere; no W or Z as the first letter.
const postalCodePattern = /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])(\d[ABCEGHJ-NPRSTV-Z]\d)$/;

/** `h2r1a1`, `H2R-1A1`, ` h2r 1a1 ` → `H2R 1A1`; anything else → null. */
export function normalisePostalCode(input: string): string | null {
  const compact = input.replace(/[\s-]+/g, '').toUpperCase();
  const match = postalCodePattern.exec(compact);
  return match ? `${match[1]} ${match[2]}` : null;
}

const emailPattern = /^[^\s@<>()",;:\\[\]]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Trimmed and lower-cased, or null when it is not a plausible address. */
export function normaliseEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return email.length <= 254 && emailPattern.test(email) ? email : null;
}

/**
 * The key one person has whatever alias they use: lower-case, `+tag` removed, and for Gmail the
 * dots removed and googlemail.com folded into gmail.com. Used only to detect duplicates; messages
 * go to the address as typed.
 */
export function canonicalEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  local = local.split('+')[0] ?? local;
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

/**
 * North American numbers only (Québec residents): 10 digits, or 11 starting with 1, with any
 * spaces, dots, dashes or brackets. Area and exchange codes cannot start with 0 or 1.
 * Returns E.164 (`+15145551234`) or null.
 */
export function normalisePhone(input: string): string | null {
  if (!/^[\d\s().+-]{10,20}$/.test(input.trim())) return null;
  let digits = input.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return null;
  return `+1${digits}`;
}

/** `+15145551234` → `514 555-1234`, for messages and pages. */
export function formatPhone(e164: string): string {
  const d = e164.replace(/^\+1/, '');
  return `${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6)}`;
}
