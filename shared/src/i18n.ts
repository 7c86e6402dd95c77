import { localeTags, type Locale } from './locales.ts';
import { en } from './i18n/en.ts';
import { fr, type MessageKey } from './i18n/fr.ts';

/**
 * The one dictionary of words residents read: one file per locale (./i18n/fr.ts, ./i18n/en.ts),
 * one `t()`. Depends only on ./locales.ts; the site and the CMS (through shared's build) read the same.
 */
export type { MessageKey };

export const messages: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** The text for `key` in `locale`, `{name}` placeholders filled from `values`. Values are NOT escaped: escape when rendering HTML. */
export function t(locale: Locale, key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<SnakeToCamel<Tail>>}` : S;

/**
 * The key of an enumerated value's label: `enumKey('callKind', 'public_meeting')` is
 * `'callKindPublicMeeting'`. Typed, so a value without a label fails the type check.
 */
export function enumKey<P extends string, V extends string>(prefix: P, value: V): `${P}${Capitalize<SnakeToCamel<V>>}` {
  return (prefix + value.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase())) as `${P}${Capitalize<SnakeToCamel<V>>}`;
}

/** Form validation carries error keys (`errNameRequired`) as zod messages; anything else is a library message. */
export function isErrorKey(value: string): value is MessageKey {
  return /^err[A-Z]/.test(value) && Object.hasOwn(fr, value);
}

/** The locale a form or a stored record names; anything unknown is answered in French. */
export function toLocale(value: unknown): Locale {
  return value === 'en' ? 'en' : 'fr';
}

/** "The petition now has 1 signature / 1 234 signatures…", in the locale's number and plural forms. */
export function confirmedCountSentence(locale: Locale, total: number): string {
  const language = localeTags[locale];
  const key = new Intl.PluralRules(language).select(total) === 'one' ? 'confirmedCountNowOne' : 'confirmedCountNow';
  return t(locale, key, { count: new Intl.NumberFormat(language).format(total) });
}
