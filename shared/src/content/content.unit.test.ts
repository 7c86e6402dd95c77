import { describe, expect, it } from 'vitest';
import { pathTo } from '../routes.ts';
import { anOpenConsultation, anOpenPetition, anUpcomingEvent, toGraphqlNode } from '../testing/index.ts';
import { collectionNames, collectionOfUid, collectionQuery, contentTypes, contentTypeUids, documentQuery, isContentTypeUid, isItemCollection } from './index.ts';

/**
 * GraphQL nodes from the shared test builders, with the quirks Strapi 5 really sends that the
 * schemas must smooth out: empty strings, `null` lists and counts, numeric question ids.
 */
const now = new Date('2026-11-28T17:00:00Z');
const quirks = {
  organization: { slug: 'cuisine-collective-villeray', name: 'Cuisine collective', phone: '514-555-0101', email: null, website: '' },
};
const place = { venueName: 'Centre Patro', address: '7355, av. Christophe-Colomb', lat: 45.545, lng: -73.62, accessibilityNotes: 'Rampe', transitHint: '' };

const upcomingEvent = (over: Record<string, unknown> = {}) => ({
  ...toGraphqlNode(anUpcomingEvent(), { now }),
  ...quirks,
  place,
  maxSeatsPerRegistration: null,
  ...over,
});
const openPetition = (over: Record<string, unknown> = {}) => ({
  ...toGraphqlNode(anOpenPetition(), { now }),
  ...quirks,
  paperSignatures: null,
  ...over,
});
const openConsultation = (over: Record<string, unknown> = {}) => ({
  ...toGraphqlNode(anOpenConsultation(), { now }),
  ...quirks,
  questions: [
    { id: 1, prompt: 'Êtes-vous d’accord?', kind: 'single', options: ['Oui', 'Non'], required: true },
    { id: 2, prompt: 'Vos idées', kind: 'text', options: null, required: false },
  ],
  ...over,
});

describe('event schema', () => {
  it('shapes an upcoming event for the site', () => {
    const event = contentTypes.events.schema.parse(upcomingEvent());
    expect(event.organization?.website).toBeNull();
    expect(event.place.transitHint).toBeNull();
    expect(event.image).toBeNull();
  });
  it('gives online registration the organizer’s seats per registration, 4 when unset, never outside 1–20', () => {
    expect(contentTypes.events.schema.parse(upcomingEvent()).maxSeatsPerRegistration).toBe(4);
    expect(contentTypes.events.schema.parse(upcomingEvent({ maxSeatsPerRegistration: null })).maxSeatsPerRegistration).toBe(4);
    expect(contentTypes.events.schema.parse(upcomingEvent({ maxSeatsPerRegistration: 6 })).maxSeatsPerRegistration).toBe(6);
    expect(contentTypes.events.schema.safeParse(upcomingEvent({ maxSeatsPerRegistration: 0 })).success).toBe(false);
    expect(contentTypes.events.schema.safeParse(upcomingEvent({ maxSeatsPerRegistration: 21 })).success).toBe(false);
  });
  it('refuses an event that ends before it starts', () => {
    expect(contentTypes.events.schema.safeParse(upcomingEvent({ endsAt: now.toISOString() })).success).toBe(false);
  });
  it('refuses a place outside Québec', () => {
    expect(contentTypes.events.schema.safeParse(upcomingEvent({ place: { ...place, lat: 48.85, lng: 2.35 } })).success).toBe(false);
  });
  it('refuses a summary over 280 characters', () => {
    expect(contentTypes.events.schema.safeParse(upcomingEvent({ summary: 'x'.repeat(281) })).success).toBe(false);
  });
  it('keeps an image only with its alternative text', () => {
    const image = { url: '/uploads/a.jpg', width: 500, height: 300, alternativeText: null };
    expect(contentTypes.events.schema.parse(upcomingEvent({ image, imageAlt: 'Des bénévoles servent la soupe' })).image?.alt).toBe(
      'Des bénévoles servent la soupe',
    );
    expect(contentTypes.events.schema.parse(upcomingEvent({ image, imageAlt: '' })).image).toBeNull();
  });
  it('starts from the 500 px format, not the phone-sized original, and ignores the other formats', () => {
    const image = {
      url: '/uploads/photo.jpg',
      width: 3000,
      height: 2000,
      alternativeText: null,
      formats: {
        thumbnail: { url: '/uploads/thumbnail_photo.jpg', width: 234, height: 156 },
        xsmall: { url: '/uploads/xsmall_photo.jpg', width: 320, height: 213 },
        small: { url: '/uploads/small_photo.jpg', width: 500, height: 333 },
      },
    };
    const parsed = contentTypes.events.schema.parse(upcomingEvent({ image, imageAlt: 'Un jardin' })).image;
    expect(parsed).toEqual({ source: { url: '/uploads/small_photo.jpg', width: 500, height: 333 }, alt: 'Un jardin' });
  });
  it('uses the original when it is smaller than every breakpoint', () => {
    const image = { url: '/uploads/tiny.png', width: 300, height: 200, alternativeText: 'Logo', formats: { thumbnail: { url: '/t.png', width: 234, height: 156 } } };
    expect(contentTypes.events.schema.parse(upcomingEvent({ image })).image?.source).toEqual({ url: '/uploads/tiny.png', width: 300, height: 200 });
  });
});

describe('petition and consultation schemas', () => {
  it('defaults paper signatures to zero', () => {
    expect(contentTypes.petitions.schema.parse(openPetition()).paperSignatures).toBe(0);
  });
  it('refuses a petition that closes before it opens', () => {
    expect(contentTypes.petitions.schema.safeParse(openPetition({ closesAt: '2026-10-01T00:00:00.000Z' })).success).toBe(false);
  });
  it('refuses a choice question with fewer than two options', () => {
    const bad = openConsultation({ questions: [{ id: 1, prompt: 'Oui?', kind: 'single', options: ['Oui'], required: true }] });
    expect(contentTypes.consultations.schema.safeParse(bad).success).toBe(false);
  });
  it('normalises question ids and empty options', () => {
    const c = contentTypes.consultations.schema.parse(openConsultation());
    expect(c.questions.map((q) => [q.id, q.options.length])).toEqual([
      ['1', 2],
      ['2', 0],
    ]);
  });
});

describe('collection queries', () => {
  it('asks every collection for one locale and one page', () => {
    for (const name of Object.keys(contentTypes) as Array<keyof typeof contentTypes>) {
      const query = collectionQuery(name);
      expect(query).toContain(`${contentTypes[name].query}(locale: $locale, pagination: { page: $page, pageSize: $pageSize }`);
      expect(query).toContain('documentId');
    }
  });
});

describe('document queries (the preview)', () => {
  it('asks for one document by documentId, in one locale and state, with the loader\'s own selection', () => {
    for (const name of Object.keys(contentTypes) as Array<keyof typeof contentTypes>) {
      const query = documentQuery(name);
      expect(query).toContain(`${contentTypes[name].query}(locale: $locale, status: $status, filters: { documentId: { eq: $documentId } }`);
      expect(query).toContain(contentTypes[name].selection);
      expect(collectionQuery(name)).toContain(contentTypes[name].selection);
    }
  });
});

describe('the content-type registry', () => {
  it('lists the Strapi UIDs in order, types that others point to first', () => {
    expect(contentTypeUids).toEqual([
      'api::neighbourhood.neighbourhood',
      'api::topic.topic',
      'api::organization.organization',
      'api::event.event',
      'api::call.call',
      'api::consultation.consultation',
      'api::petition.petition',
      'api::access-point.access-point',
      'api::episode.episode',
      'api::training-module.training-module',
    ]);
  });

  it('finds the collection of a public UID, and none for private ones', () => {
    expect(collectionOfUid('api::event.event')).toBe('events');
    expect(collectionOfUid('api::neighbourhood.neighbourhood')).toBe('neighbourhoods');
    expect(collectionOfUid('api::petition-signature.petition-signature')).toBeUndefined();
    expect(collectionOfUid('events')).toBeUndefined();
    expect(isContentTypeUid('api::call.call')).toBe(true);
    expect(isContentTypeUid('api::event-proposal.event-proposal')).toBe(false);
  });

  it('tells items residents act on from taxonomies', () => {
    expect(collectionNames.filter(isItemCollection)).toEqual(['events', 'calls', 'consultations', 'petitions']);
    expect(isItemCollection(collectionOfUid('api::topic.topic'))).toBe(false);
    expect(isItemCollection(undefined)).toBe(false);
  });

  it('gives every collection its pages in both locales', () => {
    for (const name of collectionNames) {
      expect(pathTo('fr', name, 'un-slug')).toMatch(/^\/[a-z-]+\/un-slug\/$/);
      expect(pathTo('en', name, 'un-slug')).toMatch(/^\/en\/[a-z-]+\/un-slug\/$/);
    }
    expect(pathTo('fr', 'events', 'souper')).toBe('/evenements/souper/');
  });
});
