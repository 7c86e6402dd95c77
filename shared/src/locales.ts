/** French first: the default locale is served at `/`, English at `/en/`. */
export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** BCP 47 tags used for Intl formatting and `<html lang>`: Québec French and Canadian English. */
export const localeTags: Record<Locale, string> = { fr: 'fr-CA', en: 'en-CA' };
