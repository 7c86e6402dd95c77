import type { Locale } from './locales.ts';

/**
 * URL segments per locale. French lives at `/`, English at `/en/`; the page set is the same.
 * Item slugs are shared by both locales (the French slug), so switching language keeps the item.
 */
export const segments = {
  fr: {
    events: 'evenements',
    calls: 'appels',
    consultations: 'consultations',
    petitions: 'petitions',
    neighbourhoods: 'quartiers',
    topics: 'themes',
    organizations: 'organismes',
    map: 'carte',
    search: 'recherche',
    postalCode: 'code-postal',
    archive: 'archives',
    privacy: 'confidentialite',
    propose: 'proposer-une-activite',
  },
  en: {
    events: 'events',
    calls: 'calls',
    consultations: 'consultations',
    petitions: 'petitions',
    neighbourhoods: 'neighbourhoods',
    topics: 'topics',
    organizations: 'organizations',
    map: 'map',
    search: 'search',
    postalCode: 'postal-code',
    archive: 'archive',
    privacy: 'privacy',
    propose: 'propose-an-activity',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type Section = keyof (typeof segments)['fr'];

export function localeRoot(locale: Locale): string {
  return locale === 'fr' ? '/' : '/en/';
}

/** `/evenements/` or `/en/events/`; with a slug, `/evenements/<slug>/`. Trailing slash always. */
export function pathTo(locale: Locale, section: Section, slug?: string): string {
  const base = `${localeRoot(locale)}${segments[locale][section]}/`;
  return slug ? `${base}${slug}/` : base;
}

/** The `.ics` calendar file built for each event: `/evenements/<slug>.ics`, beside its page. */
export function icsPath(locale: Locale, slug: string): string {
  return `${pathTo(locale, 'events')}${slug}.ics`;
}

/** Where a static form lands, one level under the form's page (`/proposer-une-activite/merci/`). */
const thanksSegment = { fr: 'merci', en: 'thanks' } as const satisfies Record<Locale, string>;

export function thanksPathTo(locale: Locale, section: Section): string {
  return `${pathTo(locale, section)}${thanksSegment[locale]}/`;
}
