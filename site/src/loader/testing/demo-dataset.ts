import type { Locale } from '@passerelle/shared';
import {
  answeredPetition,
  closedCall,
  closedConsultation,
  closedPetition,
  neighbourhood,
  openCall,
  openConsultation,
  openPetition,
  organization,
  pastEvent,
  topic,
  upcomingConsultation,
  upcomingEvent,
  type Dataset,
  type Node,
} from './fixtures.ts';

/**
 * A whole small territory for building the site without Strapi: enough events to paginate,
 * every lifecycle state, two territories, and one invalid entry the loader must skip.
 */
export function demoDataset(now: Date = new Date()): Dataset {
  const hoods = [
    { slug: 'villeray', name: 'Villeray', territory: 'CIUSSS du Nord-de-l’Île-de-Montréal', fsas: ['H2R', 'H2E'], lat: 45.545, lng: -73.626 },
    { slug: 'parc-extension', name: 'Parc-Extension', territory: 'CIUSSS du Nord-de-l’Île-de-Montréal', fsas: ['H3N'], lat: 45.53, lng: -73.634 },
    { slug: 'saint-michel', name: 'Saint-Michel', territory: 'CIUSSS du Nord-de-l’Île-de-Montréal', fsas: ['H1Z', 'H2A'], lat: 45.57, lng: -73.62 },
    { slug: 'limoilou', name: 'Limoilou', territory: 'CIUSSS de la Capitale-Nationale', fsas: ['G1L', 'G1J'], lat: 46.83, lng: -71.225 },
  ];
  const topics = [
    { slug: 'alimentation', name: 'Alimentation', en: 'Food' },
    { slug: 'logement', name: 'Logement', en: 'Housing' },
    { slug: 'securite-routiere', name: 'Sécurité routière', en: 'Road safety' },
  ];
  const ref = (i: number) => {
    const h = hoods[i % hoods.length]!;
    return { slug: h.slug, name: h.name };
  };
  const topicRef = (i: number, locale: Locale) => {
    const t = topics[i % topics.length]!;
    return { slug: t.slug, name: locale === 'fr' ? t.name : t.en };
  };

  const perLocale = (locale: Locale) => {
    const o = { now, locale };
    const events: Node[] = [];
    for (let i = 0; i < 24; i++) {
      events.push(
        upcomingEvent({
          ...o,
          slug: `atelier-${i + 1}`,
          title: locale === 'fr' ? `Atelier de quartier no ${i + 1}` : `Neighbourhood workshop #${i + 1}`,
          documentId: `ev-up-${i}`,
          neighbourhoods: [ref(i)],
          topics: [topicRef(i, locale)],
          registrationMode: (['none', 'form', 'phone', 'external'] as const)[i % 4],
          registrationUrl: i % 4 === 3 ? 'https://example.org/inscription' : null,
          startsAt: new Date(now.getTime() + (i + 1) * 9 * 3600_000).toISOString(),
          endsAt: new Date(now.getTime() + ((i + 1) * 9 + 2) * 3600_000).toISOString(),
        }),
      );
    }
    for (let i = 0; i < 3; i++) {
      events.push(pastEvent({ ...o, slug: `corvee-${i + 1}`, documentId: `ev-past-${i}`, neighbourhoods: [ref(i)] }));
    }
    // Invalid on purpose: an event without a place must be skipped, not break the build.
    events.push(upcomingEvent({ ...o, slug: 'sans-lieu', documentId: 'ev-bad', place: null }));

    return {
      neighbourhoods: hoods.map((h, i) =>
        neighbourhood({ ...o, documentId: `nb-${i}`, slug: h.slug, name: h.name, territory: h.territory, fsas: h.fsas, lat: h.lat, lng: h.lng }),
      ),
      topics: topics.map((t, i) => topic({ ...o, documentId: `tp-${i}`, slug: t.slug, name: locale === 'fr' ? t.name : t.en })),
      organizations: [organization({ ...o, documentId: 'org-0' })],
      events,
      calls: [openCall({ ...o, documentId: 'call-0' }), closedCall({ ...o, documentId: 'call-1', neighbourhoods: [ref(1)] })],
      consultations: [
        openConsultation({ ...o, documentId: 'cons-0' }),
        upcomingConsultation({ ...o, documentId: 'cons-1', neighbourhoods: [ref(2)] }),
        closedConsultation({ ...o, documentId: 'cons-2' }),
      ],
      petitions: [
        openPetition({ ...o, documentId: 'pet-0' }),
        closedPetition({ ...o, documentId: 'pet-1' }),
        answeredPetition({ ...o, documentId: 'pet-2', neighbourhoods: [ref(3)] }),
      ],
    };
  };

  const fr = perLocale('fr');
  const en = perLocale('en');
  const dataset: Dataset = {};
  for (const key of Object.keys(fr) as (keyof typeof fr)[]) dataset[key] = { fr: fr[key], en: en[key] };
  return dataset;
}
