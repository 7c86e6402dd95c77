import type { ItemCollection } from './content/index.ts';
import type { Locale } from './locales.ts';

/**
 * Short links for posters, bulletins and text messages: `/e/7K2` for an event, typed by hand from
 * paper or read aloud on the phone. The code is drawn at random when the item is created and kept
 * (the CMS stores it), so it survives rebuilds, title and slug changes.
 *
 * The alphabet leaves out what people mistake for one another on paper and on a small screen:
 * 0/O, 1/I/L. Three characters give 29,791 codes per kind of item; the CMS draws a longer code when
 * a short one is taken too often. Codes are written in capitals; a typed lower-case code works too.
 */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SHORT_CODE_MIN_LENGTH = 3;
export const SHORT_CODE_MAX_LENGTH = 8;
export const SHORT_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{3,8}$/;

/** One letter per kind, the same in both languages: e(vent), a(ppel), c(onsultation), p(etition). */
export const shortLinkPrefixes = { events: 'e', calls: 'a', consultations: 'c', petitions: 'p' } as const satisfies Record<ItemCollection, string>;

export function isShortCode(value: unknown): value is string {
  return typeof value === 'string' && SHORT_CODE_PATTERN.test(value);
}

/** A code of `length` characters from `randomIndex` (0 ≤ index < alphabet length; crypto in the CMS). */
export function drawShortCode(length: number, randomIndex: (size: number) => number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += SHORT_CODE_ALPHABET[randomIndex(SHORT_CODE_ALPHABET.length)];
  return code;
}

/** `/e/7K2/` (French page) or `/en/e/7K2/` (English page); printed without the trailing slash. */
export function shortLinkPath(type: ItemCollection, code: string, locale: Locale = 'fr'): string {
  return `${locale === 'fr' ? '/' : '/en/'}${shortLinkPrefixes[type]}/${code}/`;
}

/** What a poster prints: `passerelle.example/e/7K2`, no scheme, no trailing slash. */
export function printedShortLink(siteUrl: string | URL, type: ItemCollection, code: string, locale: Locale = 'fr'): string {
  const url = new URL(shortLinkPath(type, code, locale), siteUrl);
  return `${url.host}${url.pathname.replace(/\/$/, '')}`;
}
