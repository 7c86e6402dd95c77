import { pathTo, slugify, type Locale } from '@passerelle/shared';
import { aCancelledEvent, aNeighbourhood, anAccessPoint, anAccessPointClosedForRenovations, anEpisode, anEventTakingRegistrations, anOpenCall, anOpenConsultation, anOpenPetition, anUpcomingEvent, aTrainingModule, type Fixture } from '@passerelle/shared/testing';

/**
 * The items the browser journeys act on, each named after the journey that uses it, so a journey
 * never depends on the demo data or on another journey (a petition one journey signs is not the
 * one whose count another reads). `npm test` writes them before the e2e CMS starts
 * (write-e2e-fixtures.ts → SEED_FIXTURES_DIR); they link to the demo data's Villeray.
 * Slugs are fixed: the spec files and the writer each import this module.
 */
const titled = (fr: string, en: string) => ({ slug: slugify(fr), fr: { title: fr }, en: { title: en } });

export const e2eFixtures = {
  petitionLucieSignsByEmail: anOpenPetition(titled('La pétition que Lucie signe par courriel', 'The petition Lucie signs by email')),
  petitionLucieSignsByPhone: anOpenPetition(titled('La pétition que Lucie signe par texto', 'The petition Lucie signs by text message')),
  petitionAmirSignsWithJavaScript: anOpenPetition(titled('La pétition qu’Amir signe avec JavaScript', 'The petition Amir signs with JavaScript')),
  petitionWhoseCountGoesLive: anOpenPetition(titled('La pétition dont le compte bouge', 'The petition whose count moves')),
  eventKarimRegistersFor: anEventTakingRegistrations(titled('L’atelier où Karim s’inscrit', 'The workshop Karim registers for')),
  consultationAwaAnswers: anOpenConsultation(titled('La consultation à laquelle Awa répond', 'The consultation Awa answers')),
  callLucIsInterestedIn: anOpenCall(titled('L’appel qui intéresse Luc', 'The call Luc is interested in')),
  callMarieReadsOffline: anOpenCall(titled('L’appel que Marie relit hors ligne', 'The call Marie reads again offline')),
  // Cancelled after people registered: Sam finds it marked and cannot register.
  eventSamFindsCancelled: aCancelledEvent(titled('La fête que Sam trouve annulée', 'The party Sam finds cancelled')),
  // Walked through by the accessibility and budget checks of every page a form leads to.
  petitionCheckedForAccessibility: anOpenPetition(titled('La pétition dont on vérifie les pages', 'The petition whose pages are checked')),
  eventCheckedForAccessibility: anEventTakingRegistrations(titled('L’atelier dont on vérifie les pages', 'The workshop whose pages are checked')),
  consultationCheckedForAccessibility: anOpenConsultation(titled('La consultation dont on vérifie les pages', 'The consultation whose pages are checked')),
  callCheckedForAccessibility: anOpenCall(titled('L’appel dont on vérifie les pages', 'The call whose pages are checked')),
  // With the demo data, they make Villeray's weekly bulletin longer than one sheet allows (9 events at least): it must cap
  // its lists and still print on both sides of one page (quality/bulletins.spec.ts). Days 1 to 6 are
  // always within "this week and next week".
  eventFillingTheBulletinOne: anUpcomingEvent({ ...titled('Le premier atelier qui remplit le bulletin', 'The first workshop that fills the bulletin'), startsInDays: 1 }),
  eventFillingTheBulletinTwo: anUpcomingEvent({ ...titled('Le deuxième atelier qui remplit le bulletin', 'The second workshop that fills the bulletin'), startsInDays: 2 }),
  eventFillingTheBulletinThree: anUpcomingEvent({ ...titled('Le troisième atelier qui remplit le bulletin', 'The third workshop that fills the bulletin'), startsInDays: 4 }),
  eventFillingTheBulletinFour: anUpcomingEvent({ ...titled('Le quatrième atelier qui remplit le bulletin', 'The fourth workshop that fills the bulletin'), startsInDays: 6 }),
  eventFillingTheBulletinFive: anUpcomingEvent({ ...titled('Le cinquième atelier qui remplit le bulletin', 'The fifth workshop that fills the bulletin'), startsInDays: 6 }),
  eventFillingTheBulletinSix: anUpcomingEvent({ ...titled('Le sixième atelier qui remplit le bulletin', 'The sixth workshop that fills the bulletin'), startsInDays: 3 }),
  eventFillingTheBulletinSeven: anUpcomingEvent({ ...titled('Le septième atelier qui remplit le bulletin', 'The seventh workshop that fills the bulletin'), startsInDays: 1 }),
  // A neighbourhood nothing is announced in: its bulletin says so and still says how to take part.
  neighbourhoodWithNothingAnnounced: aNeighbourhood({ slug: 'quartier-sans-annonce', fsas: [], ocEmails: ['oc.quartier-sans-annonce@cisss.example.org'], fr: { name: 'Le quartier sans annonce' }, en: { name: 'The quiet neighbourhood' } }),
  // Open every day, so "open today" holds whatever day the build runs: Noor finds its Wi-Fi by postal code.
  accessPointNoorFindsWifi: anAccessPoint({ slug: 'le-coin-wi-fi-ou-noor-se-branche', name: 'Le coin Wi-Fi où Noor se branche', phone: '514-555-0143', neighbourhoods: ['villeray'] }),
  // Closed since yesterday until tomorrow for renovations: Noor reads it is closed, why, and when it reopens.
  accessPointClosedForRenovations: anAccessPointClosedForRenovations({ slug: 'le-centre-que-noor-trouve-ferme', name: 'Le centre que Noor trouve fermé', phone: '514-555-0144', neighbourhoods: ['villeray'] }),
  // Sylvie listens on an old phone with a small data plan: the low-data version, a chapter, the transcript.
  episodeSylvieListensTo: anEpisode({ slug: 'l-episode-que-sylvie-ecoute', fr: { title: 'L’épisode que Sylvie écoute' }, en: { title: 'The episode Sylvie listens to' } }),
  // Mireille, an OC, takes its unit without JavaScript, answers the self-check and prints the fiche.
  trainingModuleMireilleTakes: aTrainingModule({ slug: 'le-module-que-mireille-suit', fr: { title: 'Le module que Mireille suit' }, en: { title: 'The module Mireille takes' } }),
  // The peer session an OC announced about it: listed on the module's page, registration as for any event.
  trainingSessionMireilleFinds: anEventTakingRegistrations({
    ...titled('La séance entre pairs que Mireille trouve', 'The peer session Mireille finds'),
    kind: 'formation',
    trainingModule: 'le-module-que-mireille-suit',
  }),
  // Never published (`draft`): Nadia previews them, and the preview pages' accessibility check reads them too.
  draftEventNadiaPreviews: anUpcomingEvent({ ...titled('L’événement que Nadia prévisualise', 'The event Nadia previews'), draft: true }),
  draftPetitionNadiaPreviews: anOpenPetition({ ...titled('La pétition que Nadia prévisualise', 'The petition Nadia previews'), draft: true }),
  draftCallNadiaPreviews: anOpenCall({ ...titled('L’appel que Nadia prévisualise', 'The call Nadia previews'), draft: true }),
} satisfies Record<string, Fixture>;

export type E2eFixtureName = keyof typeof e2eFixtures;

/** The built page of a named item: `/petitions/<slug>/` or `/en/petitions/<slug>/`. */
export function fixturePath(name: E2eFixtureName, locale: Locale = 'fr'): string {
  const fixture = e2eFixtures[name];
  return pathTo(locale, fixture.collection, fixture.slug);
}

export const fixtureSlug = (name: E2eFixtureName): string => e2eFixtures[name].slug;
