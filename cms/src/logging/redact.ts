/**
 * Takes personal data and live secrets out of a log line. Logs are kept longer, copied to more
 * places and read by more people than the database, and the Law 25 erasure cannot reach them: a
 * contact, a confirmation token or an SMS code must never get there. Every line the CMS's logger
 * writes goes through `redactLogText` (cms/config/logger.ts), whoever logged it.
 *
 * What goes: the values of query/form parameters and JSON fields that carry secrets or contacts,
 * bearer tokens, email addresses (also URL-encoded), North-American phone numbers in any common
 * spelling (also URL- and form-encoded, E.164), and 6-digit codes. A few harmless numbers may be
 * masked too (a 6-digit count): a log that says too little is better than one that says too much.
 */
const MASK = '[redacted]';

const secretKeys = [
  'jeton', 'token', 'access_token', 'refresh_token', 'ref', 'code', 'contact', 'confirm', 'secret', 'sig', 'signature',
  'password', 'pass', 'email', 'courriel', 'phone', 'telephone', 'tel', 'key', 'apikey', 'api_key',
];
const keys = secretKeys.join('|');

/** A structured log field named like a secret or a contact (`email`, `token`…): its value goes whole. */
export function isSecretKey(key: string): boolean {
  return secretKeys.includes(key.toLowerCase());
}

/** `jeton=…` in a query string or form body, up to the next separator. */
const keyValue = new RegExp(`(?<![\\w-])(${keys})=([^&\\s"'#;,)]*)`, 'gi');
/** `"password":"…"` in JSON. */
const jsonValue = new RegExp(`"(${keys})"(\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
const bearer = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

/** An email address, its `@` possibly URL-encoded. Exported for the dev outbox's erasure. */
export const emailPattern = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gi;

// Between digit groups: nothing, a space, dot, dash, a form-encoded space (`+`) or `%20`.
const sep = '(?:[ .\\-+\\u00a0]|%20)?';
/**
 * A North-American number: optional `+1`/`1` (or `%2B1`), area code with or without brackets,
 * then 3 and 4 digits. Exported for the dev outbox's erasure.
 */
export const phonePattern = new RegExp(`(?<!\\d)(?:(?:\\+|%2B)?1${sep})?(?:\\(\\d{3}\\)|\\d{3})${sep}\\d{3}${sep}\\d{4}(?!\\d)`, 'gi');

/** SMS confirmation codes; not inside a longer word, number or version string. */
const sixDigits = /(?<![\w.:/-])\d{6}(?![\w-]|[.:]\d)/g;

export const REDACTED = MASK;

export function redactLogText(text: string): string {
  return text
    .replace(bearer, `$1 ${MASK}`)
    .replace(jsonValue, `"$1"$2"${MASK}"`)
    .replace(keyValue, `$1=${MASK}`)
    .replace(emailPattern, MASK)
    .replace(phonePattern, MASK)
    .replace(sixDigits, MASK);
}
