import type { Locale } from '../locales.ts';

/**
 * Interface strings of the map, search and postal-code enhancements, French first.
 * Functions are used where a count or a query goes into the sentence.
 */
const fr = {
  mapTitle: 'Carte des quartiers',
  mapIntro:
    'Chaque cercle est un quartier; plus il est grand, plus il s’y passe de choses en ce moment. Touchez un quartier pour voir ce qui s’y passe.',
  mapCaption: 'Aperçu du territoire : quartiers et nombre d’activités en cours.',
  mapListHeading: 'Les quartiers et leurs activités en cours',
  mapEmpty: 'Aucun quartier n’est encore publié.',
  itemCount: (n: number) => (n === 0 ? 'rien en cours' : n === 1 ? '1 activité en cours' : `${n} activités en cours`),
  showInteractiveMap: 'Afficher la carte interactive',
  hideInteractiveMap: 'Masquer la carte interactive',
  interactiveMapLabel: 'Carte interactive des activités en cours',
  interactiveMapHelp:
    'Carte déplaçable : chaque nombre compte les activités d’un quartier ou d’un groupe proche; touchez-le pour les afficher ou zoomer. Une liste ci-dessous donne les mêmes informations.',
  mapLoading: 'Chargement de la carte…',
  mapLoadFailed: 'La carte interactive ne se charge pas. La liste ci-dessous donne les mêmes informations.',
  tileError:
    'Le fond de carte ne se charge pas (hors ligne?). Les points restent affichés; la liste ci-dessous donne les mêmes informations.',
  approximatePlace: (neighbourhood: string) => `Lieu approximatif : quartier ${neighbourhood}`,
  tileAttribution: '© OpenStreetMap',
  clusterLabel: 'activités ici : zoomer',
  neighbourhoodMarkerOne: '{n} : 1 activité — afficher',
  neighbourhoodMarkerMany: '{n} : {c} activités — afficher',
  neighbourhoodLoading: 'Chargement des activités : {n}…',
  neighbourhoodShown: '{n} : activités affichées sur la carte.',
  neighbourhoodFailed: 'Les activités de ce quartier ({n}) ne se chargent pas. La liste ci-dessous donne les mêmes informations.',
  accessLayer: 'Lieux pour se brancher gratuitement',

  searchTitle: 'Recherche',
  searchIntro: 'Cherchez une activité, un appel, une consultation ou une pétition.',
  searchLabel: 'Mots à chercher',
  searchHint: 'Par exemple : épicerie, aînés, parc',
  typeLabel: 'Type',
  typeAll: 'Tous les types',
  neighbourhoodLabel: 'Quartier',
  neighbourhoodAll: 'Tous les quartiers',
  archivesLabel: 'Chercher aussi dans les archives (activités passées, pétitions et consultations terminées)',
  searchSubmit: 'Chercher',
  searchNeedsJs:
    'La recherche a besoin de JavaScript, qui n’est pas actif sur cet appareil. Vous trouverez tout aussi bien par ces listes :',
  browseNeighbourhoods: 'Tous les quartiers',
  browseTopics: 'Tous les thèmes',
  searching: 'Recherche en cours…',
  searchEmptyQuery: 'Écrivez un mot à chercher ou choisissez un type ou un quartier.',
  searchUnavailable: 'La recherche ne se charge pas pour le moment. Réessayez plus tard, ou passez par le menu.',
  resultsHeading: 'Résultats',
  resultCount: (n: number, q: string) => {
    const what = n === 0 ? 'Aucun résultat' : n === 1 ? '1 résultat' : `${n} résultats`;
    return q ? `${what} pour « ${q} »` : what;
  },
  moreResults: 'Afficher plus de résultats',
} as const;

type Strings = { [K in keyof typeof fr]: (typeof fr)[K] extends (...args: infer A) => string ? (...args: A) => string : string };

const en: Strings = {
  mapTitle: 'Neighbourhood map',
  mapIntro:
    'Each circle is a neighbourhood; the bigger it is, the more is happening there right now. Tap a neighbourhood to see what is going on.',
  mapCaption: 'Overview of the territory: neighbourhoods and number of current activities.',
  mapListHeading: 'Neighbourhoods and their current activities',
  mapEmpty: 'No neighbourhood has been published yet.',
  itemCount: (n) => (n === 0 ? 'nothing on now' : n === 1 ? '1 current activity' : `${n} current activities`),
  showInteractiveMap: 'Show the interactive map',
  hideInteractiveMap: 'Hide the interactive map',
  interactiveMapLabel: 'Interactive map of current activities',
  interactiveMapHelp:
    'Movable map: each number counts the activities of a neighbourhood or of a nearby group; tap it to show them or zoom in. A list below gives the same information.',
  mapLoading: 'Loading the map…',
  mapLoadFailed: 'The interactive map does not load. The list below gives the same information.',
  tileError:
    'The background map does not load (offline?). The points are still shown; the list below gives the same information.',
  approximatePlace: (neighbourhood) => `Approximate place: ${neighbourhood} neighbourhood`,
  tileAttribution: '© OpenStreetMap',
  clusterLabel: 'activities here: zoom in',
  neighbourhoodMarkerOne: '{n}: 1 activity — show',
  neighbourhoodMarkerMany: '{n}: {c} activities — show',
  neighbourhoodLoading: 'Loading activities: {n}…',
  neighbourhoodShown: '{n}: activities shown on the map.',
  neighbourhoodFailed: 'The activities of this neighbourhood ({n}) do not load. The list below gives the same information.',
  accessLayer: 'Free places to get online',

  searchTitle: 'Search',
  searchIntro: 'Search for an activity, a call to participate, a consultation or a petition.',
  searchLabel: 'Words to search for',
  searchHint: 'For example: grocery, seniors, park',
  typeLabel: 'Type',
  typeAll: 'All types',
  neighbourhoodLabel: 'Neighbourhood',
  neighbourhoodAll: 'All neighbourhoods',
  archivesLabel: 'Also search the archives (past activities, finished petitions and consultations)',
  searchSubmit: 'Search',
  searchNeedsJs:
    'Search needs JavaScript, which is not active on this device. You can find everything just as well through these lists:',
  browseNeighbourhoods: 'All neighbourhoods',
  browseTopics: 'All topics',
  searching: 'Searching…',
  searchEmptyQuery: 'Type a word to search for, or choose a type or a neighbourhood.',
  searchUnavailable: 'Search does not load right now. Try again later, or use the menu.',
  resultsHeading: 'Results',
  resultCount: (n, q) => {
    const what = n === 0 ? 'No results' : n === 1 ? '1 result' : `${n} results`;
    return q ? `${what} for “${q}”` : what;
  },
  moreResults: 'Show more results',
};

export const mapSearchUi: Record<Locale, Strings> = { fr, en };

/**
 * Messages of the home page's postal-code enhancement. Kept apart from `mapSearchUi` so the client
 * script that imports them does not bundle every other string of this file.
 */
export const postalCodeMessages: Record<Locale, { unknown: string; invalid: string }> = {
  fr: {
    unknown:
      'Nous ne connaissons pas encore ce code postal. Vérifiez-le (par exemple H2R 1A1) ou choisissez votre quartier dans la liste des quartiers.',
    invalid: 'Ce code postal ne semble pas valide. Il ressemble à H2R 1A1.',
  },
  en: {
    unknown:
      'We do not know this postal code yet. Check it (for example H2R 1A1) or pick your neighbourhood from the list of neighbourhoods.',
    invalid: 'This postal code does not look valid. It looks like H2R 1A1.',
  },
};
