/** CMS text is plain text: paragraphs are separated by blank lines, single newlines are soft breaks. */
export function paragraphs(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter(Boolean);
}

/**
 * `tel:` URI from a phone number as people type it: "514 555-0100, poste 2" → "tel:+15145550100,2"
 * (the comma is a dialling pause: phones then dial the extension themselves).
 */
export function telHref(phone: string): string {
  const [main = phone, ...rest] = phone.split(/[,;]|\b(?:poste|ext\.?|x)\b/i);
  const extension = rest.join('').replace(/\D/g, '');
  const digits = main.replace(/\D/g, '');
  const number = digits.length === 10 ? `+1${digits}` : digits.length === 11 && digits.startsWith('1') ? `+${digits}` : digits;
  return `tel:${number}${extension ? `,${extension}` : ''}`;
}

/** `sms:` URI for contacts who accept text messages (most OCs text more than they call). */
export function smsHref(phone: string): string {
  return telHref(phone).replace(/^tel:/, 'sms:').replace(/,.*$/, '');
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so CMS text cannot close the tag. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Only web links leave the site: a `javascript:` or `data:` URL typed into the CMS is dropped. */
export function safeWebUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A value inside `data-pagefind-filter="key:value"`: Pagefind splits on commas unless escaped. */
export function pagefindValue(value: string): string {
  return value.replace(/,/g, '\\,');
}

/**
 * A page's meta description: one line, at most 300 characters, cut at a word with an ellipsis
 * (search engines cut around there anyway, and mid-word).
 */
export function searchSnippet(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** Below this, search engines show a description as too thin to say what the page is about. */
export const MIN_DESCRIPTION_LENGTH = 40;

/**
 * A page's meta description from an item's summary. Summaries may be one short line (the CMS
 * allows 1 to 280 characters); a short one is completed with what the page offers, so a search
 * result still says what it is and that one can take part.
 */
export function itemDescription(summary: string, more: string): string {
  const text = summary.trim();
  if (text.length >= MIN_DESCRIPTION_LENGTH) return text;
  return `${text.replace(/[\s.!?…]+$/u, '')}. ${more}`;
}
