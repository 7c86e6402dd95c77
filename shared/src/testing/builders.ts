import { slugify } from '../slug.ts';
import type {
  AccessPointEntry,
  CallEntry,
  EpisodeEntry,
  ConsultationEntry,
  EventEntry,
  Fixture,
  NeighbourhoodEntry,
  OrganizationEntry,
  Overrides,
  PetitionEntry,
  PlaceEntry,
  QuestionEntry,
  TopicEntry,
  TrainingModuleEntry,
} from './entries.ts';

/**
 * Test data builders named by lifecycle state (alphagov/e-petitions `spec/factories.rb`): each
 * returns a valid item of that state, dates relative to "now", ready for an adapter (GraphQL node,
 * Strapi document, demo-data JSON). Items link to Villeray, Alimentation and the Cuisine collective
 * de Villeray, which the demo data holds too, so a seeded CMS resolves them.
 */

let counter = 0;
/** Slugs must be unique per collection in one CMS: a counter for order, random for parallel processes. */
export const uniqueSuffix = () => `${(++counter).toString(36)}${Math.random().toString(16).slice(2, 6)}`;

function build<E extends { slug: string; fr: object; en: object }>(defaults: Omit<E, 'slug'>, overrides: Overrides<E>): E {
  const { fr, en, ...rest } = overrides;
  const merged = { ...defaults, ...rest, fr: { ...defaults.fr, ...fr }, en: { ...defaults.en, ...en } } as unknown as E;
  if (!rest.slug) merged.slug = `${slugify(labelOf(merged.fr))}-${uniqueSuffix()}`;
  return merged;
}
const labelOf = (text: object) => String((text as { title?: string; name?: string }).title ?? (text as { name?: string }).name);

const tag = <C extends Fixture['collection'], E>(collection: C, entry: E) => ({ collection, ...entry }) as Extract<Fixture, { collection: C }>;

// The taxonomy items link to. Same slugs as in cms/data.
export const villeray = { slug: 'villeray', name: 'Villeray' } as const;
export const alimentation = { slug: 'alimentation', fr: 'Alimentation', en: 'Food' } as const;
export const numerique = { slug: 'numerique', fr: 'Numérique', en: 'Digital' } as const;
export const cuisineCollective = {
  slug: 'cuisine-collective-villeray',
  name: 'Cuisine collective de Villeray',
  phone: '514-555-0110',
  email: 'cuisine-collective-villeray@example.org',
  website: 'https://cuisine-collective-villeray.example.org',
} as const;
const links = { organization: cuisineCollective.slug, neighbourhoods: [villeray.slug], topics: [alimentation.slug] };

export const aNeighbourhood = (o: Overrides<NeighbourhoodEntry> = {}) =>
  tag(
    'neighbourhoods',
    build<NeighbourhoodEntry>(
      {
        territory: 'CLSC de Villeray',
        lat: 45.5455,
        lng: -73.6265,
        fsas: ['H2R', 'H2P'],
        fr: { name: villeray.name },
        en: { name: villeray.name },
      },
      { slug: villeray.slug, ...o },
    ),
  );

export const aTopic = (o: Overrides<TopicEntry> = {}) =>
  tag('topics', build<TopicEntry>({ fr: { name: alimentation.fr }, en: { name: alimentation.en } }, { slug: alimentation.slug, ...o }));

export const anOrganization = (o: Overrides<OrganizationEntry> = {}) =>
  tag(
    'organizations',
    build<OrganizationEntry>(
      {
        name: cuisineCollective.name,
        kind: 'community_group',
        phone: cuisineCollective.phone,
        email: cuisineCollective.email,
        website: cuisineCollective.website,
        address: '7378, rue Lajeunesse, Montréal',
        neighbourhood: villeray.slug,
        fr: {
          description: 'On cuisine ensemble, une fois par semaine.',
          openingHours: 'Le mardi, de 13 h à 17 h.',
          languages: 'Français, espagnol',
          accessibility: 'Cuisine au rez-de-chaussée, une marche à l’entrée.',
        },
        en: {
          description: 'We cook together once a week.',
          openingHours: 'Tuesdays, 1 p.m. to 5 p.m.',
          languages: 'French, Spanish',
          accessibility: 'Ground-floor kitchen, one step at the entrance.',
        },
      },
      { slug: cuisineCollective.slug, ...o },
    ),
  );

export const aPlace = (): PlaceEntry => ({
  venueName: 'Centre communautaire',
  address: '7378, rue Lajeunesse, Montréal (Québec) H2R 2H8',
  lat: 45.5455,
  lng: -73.6265,
  fr: { accessibilityNotes: 'Entrée de plain-pied, toilettes adaptées.', transitHint: 'Métro Jarry, sortie Lajeunesse.' },
  en: { accessibilityNotes: 'Step-free entrance, accessible washrooms.', transitHint: 'Jarry metro, Lajeunesse exit.' },
});
const contact = { name: 'Nadia', phone: '514-555-0101', email: 'nadia@example.org', textingOk: true };

function event(title: { fr: string; en: string }, startsInDays: number, o: Overrides<EventEntry>) {
  return tag(
    'events',
    build<EventEntry>(
      {
        ...links,
        startsInDays,
        time: '18:30',
        durationMinutes: 120,
        registrationMode: 'none',
        place: aPlace(),
        contact,
        fr: { title: title.fr, summary: `${title.fr} : un résumé court.`, body: 'Premier paragraphe.\n\nDeuxième paragraphe.', cost: 'Gratuit' },
        en: { title: title.en, summary: `${title.en}: a short summary.`, body: 'First paragraph.\n\nSecond paragraph.', cost: 'Free' },
      },
      o,
    ),
  );
}
const kitchen = { fr: 'Cuisine collective du mardi', en: 'Tuesday community kitchen' };
export const anUpcomingEvent = (o: Overrides<EventEntry> = {}) => event(kitchen, 3, o);
export const aPastEvent = (o: Overrides<EventEntry> = {}) => event({ fr: 'Corvée de ruelle verte', en: 'Green alley clean-up' }, -10, o);
/** Takes registrations through the site's form, with seats left. */
export const anEventTakingRegistrations = (o: Overrides<EventEntry> = {}) =>
  event({ fr: 'Atelier de réparation de vélos', en: 'Bike repair workshop' }, 5, { registrationMode: 'form', capacity: 40, ...o });
/** Takes registrations through the form but has no seat left: every registration goes on the waiting list. */
export const aFullEvent = (o: Overrides<EventEntry> = {}) =>
  event({ fr: 'Souper communautaire complet', en: 'Full community supper' }, 6, { registrationMode: 'form', capacity: 0, ...o });
/** Cancelled by its organizers after people registered: still published, with a short note. */
export const aCancelledEvent = (o: Overrides<EventEntry> = {}) =>
  event({ fr: 'Fête des voisins', en: 'Neighbours’ party' }, 4, {
    registrationMode: 'form',
    capacity: 30,
    cancelled: true,
    ...o,
    fr: { cancellationNote: 'Reportée au printemps à cause du froid.', ...o.fr },
    en: { cancellationNote: 'Moved to the spring because of the cold.', ...o.en },
  });

function call(title: { fr: string; en: string }, deadlineInDays: number, o: Overrides<CallEntry>) {
  return tag(
    'calls',
    build<CallEntry>(
      {
        ...links,
        kind: 'volunteering',
        deadlineInDays,
        contact: { name: 'Sylvie Roy', email: 'sylvie.roy@example.org', textingOk: false },
        fr: { title: title.fr, summary: `${title.fr} : un résumé court.`, body: 'Premier paragraphe.' },
        en: { title: title.en, summary: `${title.en}: a short summary.`, body: 'First paragraph.' },
      },
      o,
    ),
  );
}
export const anOpenCall = (o: Overrides<CallEntry> = {}) => call({ fr: 'Bénévoles pour le frigo partagé', en: 'Volunteers for the shared fridge' }, 14, o);
export const aClosedCall = (o: Overrides<CallEntry> = {}) => call({ fr: 'Comité de la fête de quartier', en: 'Street party committee' }, -5, o);

/** One question of each kind, as an OC would enter them. */
export const everyKindOfQuestion = (): QuestionEntry[] => [
  { kind: 'multiple', required: true, fr: { prompt: 'Qu’est-ce qui manque au parc ?', options: ['Des bancs', 'Des toilettes', 'Des jeux d’eau'] }, en: { prompt: 'What is the park missing?', options: ['Benches', 'Toilets', 'Splash pads'] } },
  { kind: 'scale', required: true, fr: { prompt: 'Le parc vous plaît-il ?', options: [] }, en: { prompt: 'Do you like the park?', options: [] } },
  { kind: 'single', required: false, fr: { prompt: 'Quand y allez-vous ?', options: ['Le matin', 'Le soir'] }, en: { prompt: 'When do you go?', options: ['In the morning', 'In the evening'] } },
  { kind: 'text', required: false, fr: { prompt: 'Une idée ?', options: [] }, en: { prompt: 'An idea?', options: [] } },
];

function consultation(title: { fr: string; en: string }, opensInDays: number, closesInDays: number, o: Overrides<ConsultationEntry>) {
  return tag(
    'consultations',
    build<ConsultationEntry>(
      {
        ...links,
        opensInDays,
        closesInDays,
        questions: everyKindOfQuestion(),
        fr: { title: title.fr, summary: `${title.fr} : donnez votre avis.`, body: 'Premier paragraphe.' },
        en: { title: title.en, summary: `${title.en}: tell us what you think.`, body: 'First paragraph.' },
      },
      o,
    ),
  );
}
export const anOpenConsultation = (o: Overrides<ConsultationEntry> = {}) =>
  consultation({ fr: 'Aménagement du parc Jarry', en: 'Jarry Park layout' }, -3, 20, o);
export const anUpcomingConsultation = (o: Overrides<ConsultationEntry> = {}) =>
  consultation({ fr: 'Horaire de la bibliothèque', en: 'Library opening hours' }, 5, 30, o);
export const aClosedConsultation = (o: Overrides<ConsultationEntry> = {}) =>
  consultation({ fr: 'Sécurité près des écoles', en: 'Safety near schools' }, -40, -10, {
    ...o,
    fr: { results: '62 personnes ont répondu.\n\nLa majorité demande des saillies de trottoir.', ...o.fr },
    en: { results: '62 people answered.\n\nMost ask for curb extensions.', ...o.en },
  });

function petition(title: { fr: string; en: string }, opensInDays: number, closesInDays: number, status: PetitionEntry['status'], o: Overrides<PetitionEntry>) {
  return tag(
    'petitions',
    build<PetitionEntry>(
      {
        ...links,
        opensInDays,
        closesInDays,
        status,
        signatureGoal: 500,
        paperSignatures: 0,
        fr: {
          title: title.fr,
          summary: `${title.fr} : signez si vous êtes d’accord.`,
          demand: 'Nous demandons un feu pour piétons au coin Jarry et Lajeunesse.',
          addressee: 'Arrondissement de Villeray–Saint-Michel–Parc-Extension',
        },
        en: {
          title: title.en,
          summary: `${title.en}: sign if you agree.`,
          demand: 'We ask for a pedestrian light at Jarry and Lajeunesse.',
          addressee: 'Villeray–Saint-Michel–Parc-Extension borough',
        },
      },
      o,
    ),
  );
}
export const anOpenPetition = (o: Overrides<PetitionEntry> = {}) =>
  petition({ fr: 'Un feu pour piétons rue Jarry', en: 'A pedestrian light on Jarry Street' }, -7, 30, 'open', o);
export const aPetitionNotYetOpen = (o: Overrides<PetitionEntry> = {}) =>
  petition({ fr: 'Des arbres rue Faillon', en: 'Trees on Faillon Street' }, 2, 30, 'open', o);
export const aClosedPetition = (o: Overrides<PetitionEntry> = {}) =>
  petition({ fr: 'Sauvons la piscine Saint-Roch', en: 'Save the Saint-Roch pool' }, -90, -30, 'closed', o);
/** Closed, and its outcome posted by the OC: the demand was won. */
export const aPetitionWithAnOutcome = (o: Overrides<PetitionEntry> = {}) =>
  petition({ fr: 'Une ruelle verte rue Saint-Gérard', en: 'A green lane on Saint-Gérard Street' }, -90, -20, 'closed', {
    outcome: { status: 'won', inDays: -5 },
    ...o,
    fr: { outcomeText: 'L’arrondissement verdira la ruelle au printemps. Merci à toutes les personnes qui ont signé !', ...o.fr },
    en: { outcomeText: 'The borough will green the lane in the spring. Thank you to everyone who signed!', ...o.en },
  });
export const anAnsweredPetition = (o: Overrides<PetitionEntry> = {}) =>
  petition({ fr: 'Plus de bancs au parc', en: 'More benches in the park' }, -120, -60, 'answered', {
    ...o,
    fr: { response: 'L’arrondissement installera dix bancs au printemps.', ...o.fr },
    en: { response: 'The borough will install ten benches in the spring.', ...o.en },
  });

const everyDay = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** A digital access point in Villeray, open every day from 10 to 17, so "open today" holds whatever day a test runs. */
export const anAccessPoint = (o: Overrides<AccessPointEntry> = {}) => {
  const name = o.name ?? 'Bibliothèque Le Prévost';
  return tag(
    'accessPoints',
    build<AccessPointEntry>(
      {
        name,
        address: '7355, avenue Christophe-Colomb, Montréal',
        lat: 45.5434,
        lng: -73.6178,
        offers: ['computers', 'wifi', 'printing'],
        openingHours: everyDay.map((weekday) => ({ weekday, opens: '10:00', closes: '17:00' })),
        languages: ['fr', 'en'],
        cost: 'free',
        phone: '514-555-0136',
        organization: cuisineCollective.slug,
        neighbourhoods: [villeray.slug],
        fr: { summary: 'Ordinateurs et Wi-Fi gratuits, tous les jours.', accessibilityNotes: 'Entrée de plain-pied, ascenseur.' },
        en: { summary: 'Free computers and Wi-Fi, every day.', accessibilityNotes: 'Step-free entrance, elevator.' },
      },
      { slug: `${slugify(name)}-${uniqueSuffix()}`, ...o },
    ),
  );
};

/**
 * An access point closed today for renovations, since yesterday and until tomorrow: open every day
 * otherwise, so it reopens the day after tomorrow whatever day the test runs.
 */
export const anAccessPointClosedForRenovations = (o: Overrides<AccessPointEntry> = {}) =>
  anAccessPoint({ name: 'Centre fermé pour rénovations', closures: [{ startsInDays: -1, endsInDays: 1, fr: 'Rénovations', en: 'Renovations' }], ...o });

/** An access point whose hours are not known yet: the site says to call first. */
export const anAccessPointWithoutHours = (o: Overrides<AccessPointEntry> = {}) => anAccessPoint({ name: 'Coin Wi-Fi du centre communautaire', openingHours: [], offers: ['wifi'], ...o });

/**
 * A published balado episode, released yesterday: a French transcript in the OCs' words, three
 * chapters inside its 75 seconds of audio. Its audio is made at seed time (the CMS) or attached by
 * the test; the GraphQL node gets both versions (adapters.ts).
 */
export const anEpisode = (o: Overrides<EpisodeEntry> = {}) =>
  tag(
    'episodes',
    build<EpisodeEntry>(
      {
        releaseInDays: -1,
        audioSeconds: 75,
        season: 1,
        episodeNumber: 1,
        fr: {
          title: 'Mobiliser sans Facebook',
          summary: 'Deux organisatrices racontent comment elles rejoignent les gens sans réseaux sociaux. Affiches, textos et porte-à-porte.',
          series: 'Agir ensemble à l’ère numérique',
          transcript:
            'Julie : Bonjour, bienvenue au balado de Passerelle.\n\nSamira : Dans mon quartier, la moitié des gens n’ont pas de forfait de données. On passe par le texto et les affiches à l’épicerie.\n\nJulie : Et ça marche ?\n\nSamira : Oui. La dernière assemblée, on était quarante.',
          chapters: [
            { start: '0:00', title: 'Présentation' },
            { start: '0:20', title: 'Le texto plutôt que Facebook' },
            { start: '0:50', title: 'Ce qui a marché' },
          ],
          guests: [{ name: 'Samira Benali', role: 'organisatrice communautaire' }],
        },
        en: {
          title: 'Organizing without Facebook',
          summary: 'Two organizers tell how they reach people without social media. Posters, texts and door knocking.',
          series: 'Acting together in the digital age',
          transcript:
            'Julie: Hello, welcome to the Passerelle podcast.\n\nSamira: In my neighbourhood, half the people have no data plan. We use texts and posters at the grocery store.\n\nJulie: Does it work?\n\nSamira: Yes. Forty people came to the last meeting.',
          chapters: [
            { start: '0:00', title: 'Introduction' },
            { start: '0:20', title: 'Texts rather than Facebook' },
            { start: '0:50', title: 'What worked' },
          ],
          guests: [{ name: 'Samira Benali', role: 'community organizer' }],
        },
      },
      o,
    ),
  );

/** A published training module of one unit, its self-check one question of three choices. */
export const aTrainingModule = (o: Overrides<TrainingModuleEntry> = {}) =>
  tag(
    'trainingModules',
    build<TrainingModuleEntry>(
      {
        demo: true,
        topics: [numerique.slug],
        fr: {
          title: 'Rejoindre les gens sans Facebook',
          summary: 'Comment inviter le monde quand la moitié du quartier n’a pas de forfait de données. Textos, affiches et bouche-à-oreille.',
          units: [
            {
              title: 'Choisir le bon moyen',
              body: 'Avant d’inviter, demandez-vous qui vous voulez rejoindre.\n\nBeaucoup de gens lisent leurs textos mais pas Facebook.',
              fiche: 'Qui voulez-vous rejoindre ?\nQuel moyen ces personnes lisent-elles ?\nUne affiche à l’épicerie rejoint aussi du monde.',
              prompts: 'Quel moyen a le mieux marché chez vous ?\nQui ne rejoignez-vous jamais ?',
              questions: [
                {
                  prompt: 'Une voisine n’a pas de forfait de données. Comment l’inviter ?',
                  choices: [
                    { text: 'Par une publication Facebook', feedback: 'Elle ne la verra sans doute pas : sans données, pas de Facebook hors Wi-Fi.' },
                    { text: 'Par texto ou par une affiche', correct: true, feedback: 'Oui. Un texto arrive sans forfait de données, et l’affiche se lit en passant.' },
                    { text: 'Par courriel', feedback: 'Peut-être, si elle le lit. Demandez-lui plutôt comment elle préfère être jointe.' },
                  ],
                },
              ],
            },
          ],
        },
        en: {
          title: 'Reaching people without Facebook',
          summary: 'How to invite people when half the neighbourhood has no data plan. Texts, posters and word of mouth.',
          units: [
            {
              title: 'Choosing the right way',
              body: 'Before inviting, ask yourself who you want to reach.\n\nMany people read their texts but not Facebook.',
              fiche: 'Who do you want to reach?\nWhat do those people read?\nA poster at the grocery store reaches people too.',
              prompts: 'What worked best where you work?\nWho do you never reach?',
              questions: [
                {
                  prompt: 'A neighbour has no data plan. How do you invite her?',
                  choices: [
                    { text: 'With a Facebook post', feedback: 'She will probably not see it: no data, no Facebook away from Wi-Fi.' },
                    { text: 'By text or with a poster', correct: true, feedback: 'Yes. A text arrives without a data plan, and a poster is read in passing.' },
                    { text: 'By e-mail', feedback: 'Maybe, if she reads it. Ask her how she prefers to be reached.' },
                  ],
                },
              ],
            },
          ],
        },
      },
      o,
    ),
  );
