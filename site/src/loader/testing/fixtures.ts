import { slugify, zonedDate, zonedDateTime, type CollectionName, type Locale } from '@passerelle/shared';

/**
 * Test data builders shaped like Strapi's GraphQL nodes (before the shared zod schemas parse them),
 * named by lifecycle state (e-petitions `spec/factories.rb` style). Dates are relative to `now`.
 */
export type Node = Record<string, unknown>;
export type Dataset = Partial<Record<CollectionName, Partial<Record<Locale, Node[]>>>>;

interface Options {
  now?: Date;
  locale?: Locale;
  [field: string]: unknown;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}${String(++counter).padStart(6, '0')}`;

const at = (now: Date, days: number, hhmm: string) => zonedDateTime(now, days, hhmm).toISOString();

const villeray = { slug: 'villeray', name: 'Villeray' };
const alimentation = { slug: 'alimentation', name: 'Alimentation' };
const cdc = {
  slug: 'cdc-de-villeray',
  name: 'CDC de Villeray',
  phone: '514 555-0100',
  email: 'info@example.org',
  website: 'https://example.org',
};

function base(prefix: string, title: string, { now = new Date(), locale = 'fr', ...rest }: Options): Node {
  return {
    documentId: nextId(prefix),
    slug: slugify(title),
    title,
    summary: `${title}: résumé court.`,
    body: 'Premier paragraphe.\n\nDeuxième paragraphe.',
    locale,
    updatedAt: now.toISOString(),
    publishedAt: now.toISOString(),
    organization: cdc,
    neighbourhoods: [villeray],
    topics: [alimentation],
    ...rest,
  };
}

const place = {
  venueName: 'Centre communautaire',
  address: '7378, rue Lajeunesse, Montréal (Québec) H2R 2H8',
  lat: 45.5455,
  lng: -73.6265,
  accessibilityNotes: 'Entrée de plain-pied, toilettes adaptées.',
  transitHint: 'Métro Jarry, sortie Lajeunesse.',
};
const contact = { name: 'Nadia', phone: '514 555-0101', email: 'nadia@example.org', textingOk: true };

export function neighbourhood({ now = new Date(), locale = 'fr', ...rest }: Options = {}): Node {
  return {
    documentId: nextId('nb'),
    ...villeray,
    territory: 'CIUSSS du Nord-de-l’Île-de-Montréal',
    lat: 45.5455,
    lng: -73.6265,
    boundary: null,
    fsas: ['H2R', 'H2P'],
    locale,
    updatedAt: now.toISOString(),
    ...rest,
  };
}

export function topic({ now = new Date(), locale = 'fr', ...rest }: Options = {}): Node {
  return { documentId: nextId('tp'), ...alimentation, locale, updatedAt: now.toISOString(), ...rest };
}

export function organization({ now = new Date(), locale = 'fr', ...rest }: Options = {}): Node {
  return {
    documentId: nextId('org'),
    ...cdc,
    kind: 'community_group',
    description: 'Table de concertation du quartier.',
    address: '7378, rue Lajeunesse, Montréal',
    locale,
    updatedAt: now.toISOString(),
    neighbourhood: villeray,
    ...rest,
  };
}

function event(title: string, days: number, options: Options): Node {
  const now = options.now ?? new Date();
  return base('ev', title, {
    startsAt: at(now, days, '18:30'),
    endsAt: at(now, days, '20:30'),
    cost: 'Gratuit',
    registrationMode: 'phone',
    registrationUrl: null,
    capacity: 40,
    place,
    contact,
    image: null,
    imageAlt: null,
    ...options,
  });
}
export const upcomingEvent = (o: Options = {}) => event('Cuisine collective du mardi', 3, o);
export const pastEvent = (o: Options = {}) => event('Corvée de ruelle verte', -10, o);

function call(title: string, deadlineDays: number, options: Options): Node {
  const now = options.now ?? new Date();
  return base('call', title, {
    kind: 'volunteering',
    startsAt: null,
    endsAt: null,
    deadline: zonedDate(now, deadlineDays),
    place: null,
    contact,
    image: null,
    imageAlt: null,
    ...options,
  });
}
export const openCall = (o: Options = {}) => call('Bénévoles pour le frigo partagé', 14, o);
export const closedCall = (o: Options = {}) => call('Comité de la fête de quartier', -5, o);

const questions = [
  { id: 1, prompt: 'Quel jour vous convient le mieux?', kind: 'single', options: ['Mardi', 'Samedi'], required: true },
  { id: 2, prompt: 'Vos idées', kind: 'text', options: null, required: false },
];
function consultation(title: string, opens: number, closes: number, options: Options): Node {
  const now = options.now ?? new Date();
  return base('cons', title, {
    opensAt: at(now, opens, '09:00'),
    closesAt: at(now, closes, '17:00'),
    results: null,
    questions,
    ...options,
  });
}
export const openConsultation = (o: Options = {}) => consultation('Aménagement du parc Jarry', -3, 20, o);
export const upcomingConsultation = (o: Options = {}) => consultation('Horaire de la bibliothèque', 5, 30, o);
export const closedConsultation = (o: Options = {}) =>
  consultation('Sécurité près des écoles', -40, -10, {
    results: '62 personnes ont répondu.\n\nLa majorité demande des saillies de trottoir.',
    ...o,
  });

function petition(title: string, opens: number, closes: number, status: string, options: Options): Node {
  const now = options.now ?? new Date();
  return base('pet', title, {
    demand: 'Nous demandons un feu pour piétons au coin Jarry et Lajeunesse.',
    addressee: 'Arrondissement Villeray–Saint-Michel–Parc-Extension',
    signatureGoal: 500,
    opensAt: at(now, opens, '09:00'),
    closesAt: at(now, closes, '17:00'),
    status,
    response: null,
    paperSignatures: 120,
    ...options,
  });
}
export const openPetition = (o: Options = {}) => petition('Un feu pour piétons rue Jarry', -7, 30, 'open', o);
export const closedPetition = (o: Options = {}) => petition('Sauvons la piscine Saint-Roch', -90, -30, 'closed', o);
export const answeredPetition = (o: Options = {}) =>
  petition('Plus de bancs au parc', -120, -60, 'answered', {
    response: 'L’arrondissement installera dix bancs au printemps.',
    ...o,
  });

/** Same item in both locales, as Strapi's i18n keeps it: one documentId, one slug, two texts. */
export function bothLocales(build: (o: Options) => Node, options: Options = {}): Record<Locale, Node> {
  const fr = build({ ...options, locale: 'fr' });
  const en = { ...fr, locale: 'en', title: `${String(fr.title)} (EN)`, summary: `${String(fr.summary)} (EN)` };
  return { fr, en };
}
