import { randomBytes } from 'node:crypto';

/**
 * Minimal valid documents for each public content type, named by lifecycle state where it matters
 * (e-petitions factories style). Used by the integration tests; dates are relative to now.
 */
const suffix = () => randomBytes(3).toString('hex');
const inDays = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

export const montrealPlace = {
  venueName: 'Centre communautaire test',
  address: '1000 rue Test, Montréal',
  lat: 45.5545,
  lng: -73.664,
  // Required for events (validate-content.ts); harmless on calls.
  accessibilityNotes: 'Entrée de plain-pied, toilettes adaptées.',
};

export const validDocument: Record<string, (label?: string) => Record<string, unknown>> = {
  'api::topic.topic': (label = 'Thème') => ({ name: `${label} ${suffix()}`, slug: `topic-${suffix()}` }),
  'api::neighbourhood.neighbourhood': (label = 'Quartier') => ({
    name: `${label} ${suffix()}`,
    slug: `neighbourhood-${suffix()}`,
    territory: 'CLSC test',
    lat: 45.55,
    lng: -73.66,
    fsas: ['H2C'],
  }),
  'api::organization.organization': (label = 'Organisme') => ({
    name: `${label} ${suffix()}`,
    slug: `organization-${suffix()}`,
    kind: 'community_group',
  }),
  'api::event.event': (label = 'Événement') => ({
    title: `${label} ${suffix()}`,
    slug: `event-${suffix()}`,
    summary: 'Un résumé court.',
    startsAt: inDays(3),
    endsAt: inDays(3, 2),
    place: montrealPlace,
  }),
  'api::call.call': (label = 'Appel') => ({
    kind: 'volunteering',
    title: `${label} ${suffix()}`,
    slug: `call-${suffix()}`,
    summary: 'Un résumé court.',
  }),
  'api::consultation.consultation': (label = 'Consultation') => ({
    title: `${label} ${suffix()}`,
    slug: `consultation-${suffix()}`,
    summary: 'Un résumé court.',
    opensAt: inDays(-1),
    closesAt: inDays(14),
    questions: [{ prompt: 'Votre avis ?', kind: 'text', required: false }],
  }),
  'api::petition.petition': (label = 'Pétition') => ({
    title: `${label} ${suffix()}`,
    slug: `petition-${suffix()}`,
    summary: 'Un résumé court.',
    demand: 'Nous demandons un test.',
    addressee: 'Conseil d’arrondissement',
    opensAt: inDays(-1),
    closesAt: inDays(30),
    petitionStatus: 'open',
  }),
};

/** REST path segment and GraphQL collection field for each UID (must match shared `contentTypes`). */
export const restPlural: Record<string, string> = {
  'api::topic.topic': 'topics',
  'api::neighbourhood.neighbourhood': 'neighbourhoods',
  'api::organization.organization': 'organizations',
  'api::event.event': 'events',
  'api::call.call': 'calls',
  'api::consultation.consultation': 'consultations',
  'api::petition.petition': 'petitions',
};

/** What the title-like field is called, to spot draft-only text in answers. */
export const labelField = (uid: string) =>
  ['api::topic.topic', 'api::neighbourhood.neighbourhood', 'api::organization.organization'].includes(uid) ? 'name' : 'title';
