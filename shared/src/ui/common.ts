import type { Locale } from '../locales.ts';

/**
 * Interface strings shared by the site's pages, French first. Every key must exist in both
 * languages: the `satisfies` below fails the type check when a translation is missing.
 */
const fr = {
  siteName: 'Passerelle',
  tagline: 'Ce qui se passe près de chez vous',
  skipToContent: 'Aller au contenu',
  mainNav: 'Navigation principale',
  navEvents: 'Événements',
  navCalls: 'Appels à participation',
  navConsultations: 'Consultations',
  navPetitions: 'Pétitions',
  navNeighbourhoods: 'Quartiers',
  navTopics: 'Thèmes',
  navMap: 'Carte',
  navSearch: 'Recherche',
  otherLanguage: 'English',
  otherLanguageLabel: 'Read this page in English',
  footerAbout:
    'Passerelle réunit les activités, appels à participation, consultations et pétitions des groupes communautaires et des organisatrices et organisateurs communautaires.',
  footerHome: 'Accueil',
  footerPostalCode: 'Trouver mon quartier par code postal',
} as const;

type Key = keyof typeof fr;

const en = {
  siteName: 'Passerelle',
  tagline: 'What is happening near you',
  skipToContent: 'Skip to content',
  mainNav: 'Main navigation',
  navEvents: 'Events',
  navCalls: 'Calls to participate',
  navConsultations: 'Consultations',
  navPetitions: 'Petitions',
  navNeighbourhoods: 'Neighbourhoods',
  navTopics: 'Topics',
  navMap: 'Map',
  navSearch: 'Search',
  otherLanguage: 'Français',
  otherLanguageLabel: 'Lire cette page en français',
  footerAbout:
    'Passerelle gathers the activities, calls to participate, consultations and petitions of community groups and community organizers.',
  footerHome: 'Home',
  footerPostalCode: 'Find my neighbourhood by postal code',
} as const satisfies Record<Key, string>;

export const ui = { fr, en } as const satisfies Record<Locale, Record<Key, string>>;
export type UiKey = Key;

export function t(locale: Locale, key: UiKey): string {
  return ui[locale][key];
}
