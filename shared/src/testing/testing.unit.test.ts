import { describe, expect, it } from 'vitest';
import { contentTypes } from '../content/index.ts';
import { demoItemSchemas } from '../demo-data/index.ts';
import {
  aCancelledEvent,
  aClosedCall,
  aClosedConsultation,
  aClosedPetition,
  aFullEvent,
  aNeighbourhood,
  anAnsweredPetition,
  anEventTakingRegistrations,
  anOpenCall,
  anOpenConsultation,
  anOpenPetition,
  anAccessPoint,
  anAccessPointWithoutHours,
  anOrganization,
  anUpcomingConsultation,
  anUpcomingEvent,
  aPastEvent,
  aPetitionNotYetOpen,
  aTopic,
  aTrainingModule,
  aValidDocument,
  labelFieldOf,
  pluralOf,
  toDemoData,
  toDemoEntry,
  toGraphqlNode,
  toGraphqlNodes,
  toStrapiDocument,
  type Fixture,
} from './index.ts';

const now = new Date('2026-11-28T17:00:00Z');
const every: Fixture[] = [
  aNeighbourhood(),
  aTopic(),
  anOrganization(),
  anUpcomingEvent(),
  aPastEvent(),
  anEventTakingRegistrations(),
  aFullEvent(),
  aCancelledEvent(),
  anOpenCall(),
  aClosedCall(),
  anOpenConsultation(),
  anUpcomingConsultation(),
  aClosedConsultation(),
  anOpenPetition(),
  aPetitionNotYetOpen(),
  aClosedPetition(),
  anAnsweredPetition(),
  anAccessPoint(),
  anAccessPointWithoutHours(),
  aTrainingModule(),
];

describe('test builders', () => {
  it('give GraphQL nodes the shared schemas accept, in both locales', () => {
    for (const fixture of every) {
      const { fr, en } = toGraphqlNodes(fixture, { now });
      const schema = contentTypes[fixture.collection].schema;
      expect(schema.safeParse(fr).error?.issues ?? [], `${fixture.collection} ${fixture.slug} fr`).toEqual([]);
      expect(schema.safeParse(en).error?.issues ?? [], `${fixture.collection} ${fixture.slug} en`).toEqual([]);
      expect(fr.documentId).toBe(en.documentId);
      expect(fr.slug).toBe(en.slug);
    }
  });

  it('give lines the demo-data schema accepts, so the CMS seed can read any built item', () => {
    for (const fixture of every) {
      const result = demoItemSchemas[fixture.collection].safeParse(toDemoEntry(fixture));
      expect(result.error?.issues ?? [], `${fixture.collection} ${fixture.slug}`).toEqual([]);
    }
  });

  it('put each item in its lifecycle state, relative to now', () => {
    const at = (node: Record<string, unknown>, field: string) => new Date(String(node[field])).getTime();
    const node = (fixture: Fixture) => toGraphqlNode(fixture, { now });
    expect(at(node(anUpcomingEvent()), 'startsAt')).toBeGreaterThan(now.getTime());
    expect(at(node(aPastEvent()), 'endsAt')).toBeLessThan(now.getTime());
    expect(node(aFullEvent())).toMatchObject({ registrationMode: 'form', capacity: 0 });
    expect(node(anEventTakingRegistrations())).toMatchObject({ registrationMode: 'form', capacity: 40 });
    expect(node(aCancelledEvent())).toMatchObject({ cancelled: true, cancellationNote: 'Reportée au printemps à cause du froid.' });
    expect(node(anUpcomingEvent())).toMatchObject({ cancelled: false });
    expect(String(node(anOpenCall()).deadline) > '2026-11-28').toBe(true);
    expect(String(node(aClosedCall()).deadline) < '2026-11-28').toBe(true);
    const open = node(anOpenConsultation());
    expect(at(open, 'opensAt')).toBeLessThan(now.getTime());
    expect(at(open, 'closesAt')).toBeGreaterThan(now.getTime());
    expect(at(node(anUpcomingConsultation()), 'opensAt')).toBeGreaterThan(now.getTime());
    expect(node(aClosedConsultation()).results).toContain('62');
    expect(node(anOpenPetition()).status).toBe('open');
    expect(at(node(aPetitionNotYetOpen()), 'opensAt')).toBeGreaterThan(now.getTime());
    expect(node(aClosedPetition())).toMatchObject({ status: 'closed' });
    expect(node(anAnsweredPetition()).response).toContain('bancs');
  });

  it('merge overrides field by field in each locale, and keep slugs unique', () => {
    const a = anOpenPetition({ signatureGoal: 10, fr: { title: 'La pétition que Mireille signe' } });
    expect(a.signatureGoal).toBe(10);
    expect(a.fr.title).toBe('La pétition que Mireille signe');
    expect(a.fr.demand).toContain('feu pour piétons');
    expect(a.slug).toMatch(/^la-petition-que-mireille-signe-[a-z0-9]+$/);
    expect(anOpenPetition().slug).not.toBe(anOpenPetition().slug);
    expect(anOpenPetition({ slug: 'fixe' }).slug).toBe('fixe');
  });

  it('give a Strapi document: the CMS field names, no relations unless their documentIds are given', () => {
    const petition = anOpenPetition();
    const fr = toStrapiDocument(petition, { now });
    expect(fr).toMatchObject({ slug: petition.slug, title: petition.fr.title, petitionStatus: 'open', paperSignatures: 0, signatureGoal: 500 });
    expect(fr).not.toHaveProperty('status');
    expect(fr).not.toHaveProperty('neighbourhoods');
    expect(toStrapiDocument(petition, { locale: 'en' }).title).toBe(petition.en.title);
    const linked = toStrapiDocument(anUpcomingEvent(), {
      relations: { neighbourhoods: { villeray: 'n1' }, topics: { alimentation: 't1' }, organizations: { 'cuisine-collective-villeray': 'o1' } },
    });
    expect(linked).toMatchObject({ neighbourhoods: ['n1'], topics: ['t1'], organization: 'o1', registrationMode: 'none' });
    expect((linked.place as Record<string, unknown>).accessibilityNotes).toBeTruthy();
    expect(Object.values(fr)).not.toContain(undefined);
    expect(() => toStrapiDocument(anOrganization(), { relations: { neighbourhoods: {} } })).toThrow('neighbourhoods "villeray" does not exist');
  });

  it('give the demo-data JSON the seed reads, grouped by collection', () => {
    const event = anUpcomingEvent();
    expect(toDemoEntry(event)).not.toHaveProperty('collection');
    expect(toDemoEntry(event)).toMatchObject({ slug: event.slug, startsInDays: 3, time: '18:30', neighbourhoods: ['villeray'] });
    const data = toDemoData([event, anOpenPetition(), aPastEvent()]);
    expect(Object.keys(data).sort()).toEqual(['events', 'petitions']);
    expect(data.events).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('give the usual valid document of any content type, labelled', () => {
    for (const { uid } of Object.values(contentTypes)) {
      const doc = aValidDocument(uid, 'Marque');
      expect(String(doc[labelFieldOf(uid)])).toMatch(/^Marque [a-z0-9]+$/);
      expect(aValidDocument(uid).slug).not.toBe(aValidDocument(uid).slug);
    }
    expect(pluralOf('api::event.event')).toBe('events');
    expect(pluralOf('api::access-point.access-point')).toBe('access-points');
    expect(labelFieldOf('api::topic.topic')).toBe('name');
  });
});
