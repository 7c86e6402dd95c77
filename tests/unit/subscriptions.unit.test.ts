import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  callSchema,
  calendarFilePath,
  consultationSchema,
  eventSchema,
  feedFilePath,
  neighbourhoodSchema,
  organizationSchema,
  petitionSchema,
  topicSchema,
  type CommunityEvent,
} from '@passerelle/shared';
import { sequenceFrom } from '@passerelle/shared/ics';
import {
  aNeighbourhood,
  aClosedPetition,
  anAnsweredPetition,
  anOpenCall,
  anOpenConsultation,
  anOpenPetition,
  anOrganization,
  anUpcomingEvent,
  aPastEvent,
  aTopic,
  toGraphqlNode,
  type Fixture,
} from '@passerelle/shared/testing';
import {
  CALENDAR_MAX_BYTES,
  FEED_MAX_BYTES,
  FEED_MAX_ENTRIES,
  subscriptionFiles,
  subscriptionsOf,
  territoriesOf,
  type SubscriptionContent,
} from '../../site/src/lib/subscriptions.ts';
import { eventIcs } from '../../site/src/lib/event-ics.ts';

/**
 * Subscription calendars and Atom feeds, read back by the parsers calendar apps and feed readers
 * use (ical.js; an Atom/RSS parser and a strict XML validator), not by our own code.
 */
const now = new Date('2026-11-28T17:00:00Z');
const site = 'https://passerelle.example';
const node = (fixture: Fixture, fields: Record<string, unknown> = {}) => ({ ...toGraphqlNode(fixture, { now }), ...fields });

const villeray = neighbourhoodSchema.parse(node(aNeighbourhood({ slug: 'villeray', name: 'Villeray', territory: 'CLSC de Villeray' } as never)));
const parcEx = neighbourhoodSchema.parse(
  node(aNeighbourhood({ slug: 'parc-extension', name: 'Parc-Extension', territory: 'CLSC de Parc-Extension', lat: 45.53, lng: -73.63 } as never)),
);
const ref = (n: { slug: string; name: string }) => ({ slug: n.slug, name: n.name });

const event = (slug: string, fields: Record<string, unknown> = {}): CommunityEvent =>
  eventSchema.parse(node(anUpcomingEvent({ slug }), { documentId: `doc-${slug}`, neighbourhoods: [ref(villeray)], ...fields }));

function content(overrides: Partial<SubscriptionContent> = {}): SubscriptionContent {
  return {
    neighbourhoods: [parcEx, villeray],
    topics: [topicSchema.parse(node(aTopic()))],
    organizations: [organizationSchema.parse(node(anOrganization()))],
    events: [
      event('soupe-populaire'),
      event('fete-d-ete', { startsAt: '2026-12-20T18:00:00.000Z', endsAt: '2026-12-20T21:00:00.000Z', neighbourhoods: [ref(parcEx)] }),
      event('trop-loin', { startsAt: '2027-03-01T18:00:00.000Z', endsAt: null }),
      eventSchema.parse(node(aPastEvent({ slug: 'deja-passe' }), { documentId: 'doc-deja-passe', neighbourhoods: [ref(villeray)] })),
    ],
    calls: [callSchema.parse(node(anOpenCall(), { documentId: 'doc-call' }))],
    consultations: [consultationSchema.parse(node(anOpenConsultation(), { documentId: 'doc-consultation' }))],
    petitions: [
      petitionSchema.parse(node(anOpenPetition(), { documentId: 'doc-petition' })),
      petitionSchema.parse(node(anAnsweredPetition({ slug: 'ruelle-verte' }), { documentId: 'doc-answered', response: 'La Ville aménage la ruelle au printemps.' })),
    ],
    ...overrides,
  };
}

const files = (c = content(), locale: 'fr' | 'en' = 'fr') => new Map(subscriptionFiles(c, locale, site, now).map((f) => [f.path, f.body]));

function readCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent('vtimezone');
  if (zone) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((v) => ({ component: v, event: new ICAL.Event(v) }));
  return { calendar, zone, events };
}

describe('subscription calendars (RFC 5545, read by ical.js)', () => {
  it('holds the scope’s events of the next 60 days, soonest first, at the instants they were planned', () => {
    const all = readCalendar(files().get(calendarFilePath('fr', { kind: 'all' }))!);
    expect(all.zone?.getFirstPropertyValue('tzid')).toBe('America/Toronto');
    expect(all.calendar.getFirstPropertyValue('x-wr-calname')).toBe('Tout Passerelle — Passerelle');
    const uids = all.events.map(({ event: e }) => e.uid);
    // The past event and the one three months away are left out.
    expect(uids).toEqual(['doc-soupe-populaire@passerelle', 'doc-fete-d-ete@passerelle']);
    const party = all.events[1]!;
    expect(party.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('America/Toronto');
    expect(party.event.startDate.toJSDate().toISOString()).toBe('2026-12-20T18:00:00.000Z');
    expect(party.event.endDate.toJSDate().toISOString()).toBe('2026-12-20T21:00:00.000Z');
    expect(party.event.summary).toBe(content().events[1]!.title);
    expect(party.component.getFirstPropertyValue('url')).toBe(`${site}/evenements/fete-d-ete/`);
    expect(party.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('keeps summer times right across the change of hour', () => {
    const july = event('pique-nique', { startsAt: '2027-07-10T16:00:00.000Z', endsAt: null });
    const later = new Date('2027-06-20T12:00:00Z');
    const text = subscriptionFiles(content({ events: [july] }), 'fr', site, later).find((f) => f.path.endsWith('/tout.ics'))!.body;
    expect(text).toContain('DTSTART;TZID=America/Toronto:20270710T120000');
    expect(readCalendar(text).events[0]!.event.startDate.toJSDate().toISOString()).toBe('2027-07-10T16:00:00.000Z');
  });

  it('follows a neighbourhood, its CLSC territory, a topic and an organization', () => {
    const built = files();
    const uidsOf = (path: string) => readCalendar(built.get(path)!).events.map(({ event: e }) => e.uid);
    expect(uidsOf(calendarFilePath('fr', { kind: 'neighbourhoods', slug: 'villeray' }))).toEqual(['doc-soupe-populaire@passerelle']);
    expect(uidsOf(calendarFilePath('fr', { kind: 'neighbourhoods', slug: 'parc-extension' }))).toEqual(['doc-fete-d-ete@passerelle']);
    const territory = territoriesOf(content().neighbourhoods).find((ter) => ter.name === 'CLSC de Villeray')!;
    expect(territory.slug).toBe('clsc-de-villeray');
    expect(uidsOf(calendarFilePath('fr', { kind: 'territories', slug: territory.slug }))).toEqual(['doc-soupe-populaire@passerelle']);
    const topic = content().topics[0]!;
    const organization = content().organizations[0]!;
    const withTopic = event('atelier', { topics: [{ slug: topic.slug, name: topic.name }], organization: { slug: organization.slug, name: organization.name } });
    const scoped = files(content({ events: [withTopic, event('autre', { organization: null, topics: [] })] }));
    expect(readCalendar(scoped.get(calendarFilePath('fr', { kind: 'topics', slug: topic.slug }))!).events.map(({ event: e }) => e.uid)).toEqual([
      'doc-atelier@passerelle',
    ]);
    expect(
      readCalendar(scoped.get(calendarFilePath('fr', { kind: 'organizations', slug: organization.slug }))!).events.map(({ event: e }) => e.uid),
    ).toEqual(['doc-atelier@passerelle']);
  });

  it('gives every event a UID that survives a title change, and a SEQUENCE that grows with each edit', () => {
    const before = event('soupe-populaire', { updatedAt: '2026-11-20T10:00:00.000Z' });
    const after = event('soupe-populaire', { title: 'Soupe populaire (nouvelle salle)', updatedAt: '2026-11-27T10:00:00.000Z' });
    const read = (e: CommunityEvent) => readCalendar(files(content({ events: [e] })).get(calendarFilePath('fr', { kind: 'all' }))!).events[0]!;
    const [first, second] = [read(before), read(after)];
    expect(second.event.uid).toBe(first.event.uid);
    expect(second.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(second.event.sequence).toBe(sequenceFrom('2026-11-27T10:00:00.000Z'));
  });

  it('is the same file, byte for byte, when nothing changed', () => {
    const same = content();
    expect([...files(same)]).toEqual([...files(same)]);
  });

  it(`stays under ${CALENDAR_MAX_BYTES / 1024} KB for a neighbourhood with 10,000 events, and still parses`, () => {
    const one = event('evenement');
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      ...one,
      documentId: `doc-${i}`,
      slug: `evenement-${i}`,
      startsAt: new Date(now.getTime() + (i % 59) * 86_400_000 + 3_600_000).toISOString(),
      endsAt: null,
    }));
    const text = files(content({ events: many })).get(calendarFilePath('fr', { kind: 'neighbourhoods', slug: 'villeray' }))!;
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(CALENDAR_MAX_BYTES);
    const { events } = readCalendar(text);
    expect(events.length).toBeGreaterThan(20);
    // The soonest are the ones kept.
    const starts = events.map(({ event: e }) => e.startDate.toJSDate().getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(Math.max(...starts)).toBeLessThan(now.getTime() + 2 * 86_400_000);
  });
});

describe('Atom feeds (RFC 4287, read by a feed parser)', () => {
  const wellFormed = (xml: string) => expect(XMLValidator.validate(xml)).toBe(true);

  it('lists a neighbourhood’s items, newest first, each linking to its page with a stable id', () => {
    const xml = files().get(feedFilePath('fr', { kind: 'neighbourhoods', slug: 'villeray' }))!;
    wellFormed(xml);
    const feed = parseFeed(xml);
    expect(feed.title).toBe('Villeray — Passerelle');
    expect(feed.language).toBe('fr-CA');
    expect(feed.url).toBe(`${site}/quartiers/villeray/`);
    const urls = feed.items.map((item) => item.url);
    expect(urls).toContain(`${site}/evenements/soupe-populaire/`);
    expect(urls).not.toContain(`${site}/evenements/fete-d-ete/`);
    for (const item of feed.items) {
      expect(item.id).toMatch(/^urn:passerelle:(events|calls|consultations|petitions):doc-/);
      expect(item.updated).toBeInstanceOf(Date);
    }
  });

  it('has a feed per kind of item, and one of outcomes with the answer itself', () => {
    const built = files();
    for (const type of ['events', 'calls', 'consultations', 'petitions', 'outcomes'] as const) {
      const xml = built.get(feedFilePath('fr', { kind: 'type', type }))!;
      wellFormed(xml);
      expect(parseFeed(xml).items.length, type).toBeGreaterThan(0);
    }
    const outcomes = parseFeed(built.get(feedFilePath('fr', { kind: 'type', type: 'outcomes' }))!);
    expect(outcomes.items.map((item) => item.title)).toEqual([expect.stringMatching(/^Résultat\u00a0: /)]);
    expect(outcomes.items[0]!.description).toBe('La Ville aménage la ruelle au printemps.');
  });

  it('the outcomes feed carries a posted outcome: its status, its day and its text', () => {
    const won = petitionSchema.parse(
      node(aClosedPetition({ slug: 'ruelle-fleurie' }), { documentId: 'doc-won', outcomeStatus: 'won', outcomeDate: '2026-11-20', outcomeText: 'La ruelle sera fleurie au printemps.' }),
    );
    const decided = consultationSchema.parse(node(anOpenConsultation({ slug: 'parc-decide' }), { documentId: 'doc-decided', outcomeStatus: 'decided', outcomeDate: '2026-12-01', outcomeText: null }));
    const base = content();
    const built = files(content({ petitions: [...base.petitions, won], consultations: [...base.consultations, decided] }));
    const outcomes = parseFeed(built.get(feedFilePath('fr', { kind: 'type', type: 'outcomes' }))!);
    const byId = new Map(outcomes.items.map((item) => [item.id, item.description]));
    expect(byId.get('urn:passerelle:outcome:doc-won')).toBe('Demande obtenue, le vendredi 20 novembre 2026. La ruelle sera fleurie au printemps.');
    expect(byId.get('urn:passerelle:outcome:doc-decided')).toBe('Décision prise, le mardi 1er décembre 2026.');
    expect(byId.get('urn:passerelle:outcome:doc-answered')).toBe('La Ville aménage la ruelle au printemps.');
  });

  it('speaks English in English, at English addresses', () => {
    const built = files(content(), 'en');
    const feed = parseFeed(built.get('/en/feeds/events.xml')!);
    expect(feed.language).toBe('en-CA');
    expect(feed.items[0]!.url).toMatch(`${site}/en/events/`);
    expect(built.has('/en/calendars/all.ics')).toBe(true);
    expect(built.has('/en/calendars/neighbourhoods/villeray.ics')).toBe(true);
  });

  it('escapes what editors type', () => {
    const tricky = event('soupe-populaire', { title: 'Soupe & pain <gratuit> "pour tous"', summary: 'Entrée libre ]]> & bienvenue\u0007' });
    const xml = files(content({ events: [tricky] })).get(feedFilePath('fr', { kind: 'type', type: 'events' }))!;
    wellFormed(xml);
    const item = parseFeed(xml).items[0]!;
    expect(item.title).toBe('Événement\u00a0: Soupe & pain <gratuit> "pour tous"');
    expect(item.description).toBe('Entrée libre ]]> & bienvenue');
  });

  it(`keeps the last ${FEED_MAX_ENTRIES} entries and stays under ${FEED_MAX_BYTES / 1024} KB`, () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      event(`evenement-${i}`, { summary: 'Une activité du quartier, décrite en deux cent quatre-vingts caractères au plus. '.repeat(3).slice(0, 280), updatedAt: new Date(now.getTime() - i * 60_000).toISOString(), publishedAt: new Date(now.getTime() - i * 60_000).toISOString() }),
    );
    for (const [path, body] of files(content({ events: many }))) {
      if (!path.endsWith('.xml')) continue;
      expect(new TextEncoder().encode(body).length, path).toBeLessThanOrEqual(FEED_MAX_BYTES);
      const feed = parseFeed(body);
      expect(feed.items.length, path).toBeLessThanOrEqual(FEED_MAX_ENTRIES);
    }
    const events = parseFeed(files(content({ events: many })).get(feedFilePath('fr', { kind: 'type', type: 'events' }))!);
    expect(events.items[0]!.url).toBe(`${site}/evenements/evenement-0/`);
  });
});

describe('what one can follow', () => {
  it('everything, each territory, each neighbourhood, each topic and each organization', () => {
    const scopes = subscriptionsOf(content(), 'fr').map((s) => s.calendarPath);
    expect(scopes).toEqual([
      '/calendriers/tout.ics',
      '/calendriers/territoires/clsc-de-parc-extension.ics',
      '/calendriers/territoires/clsc-de-villeray.ics',
      '/calendriers/quartiers/parc-extension.ics',
      '/calendriers/quartiers/villeray.ics',
      `/calendriers/themes/${content().topics[0]!.slug}.ics`,
      `/calendriers/organismes/${content().organizations[0]!.slug}.ics`,
    ]);
  });
});

describe('a cancelled event', () => {
  const cancelled = (updatedAt: string) =>
    event('soupe-populaire', { cancelled: true, cancellationNote: 'La salle est fermée.', updatedAt });

  it('stays in the subscription calendar as STATUS:CANCELLED, titled so, with a SEQUENCE above the one before', () => {
    const before = event('soupe-populaire', { updatedAt: '2026-11-20T10:00:00.000Z' });
    const after = cancelled('2026-11-27T10:00:00.000Z');
    const read = (e: CommunityEvent) => readCalendar(files(content({ events: [e] })).get(calendarFilePath('fr', { kind: 'all' }))!).events[0]!;
    const [first, second] = [read(before), read(after)];
    expect(first.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(second.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(second.event.uid).toBe(first.event.uid);
    expect(second.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(second.event.summary).toBe(`Annulé\u00a0: ${before.title}`);
    expect(second.event.description).toMatch(/^Cet événement est annulé par ses organisateurs\. Ne vous déplacez pas\. La salle est fermée\./);
  });

  it('its own .ics file says CANCELLED too, with a SEQUENCE, in English as well', () => {
    const fr = readCalendar(eventIcs(cancelled('2026-11-27T10:00:00.000Z'), 'fr', site, now)).events[0]!;
    expect(fr.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(fr.event.sequence).toBe(sequenceFrom('2026-11-27T10:00:00.000Z'));
    const en = readCalendar(eventIcs({ ...cancelled('2026-11-27T10:00:00.000Z'), title: 'Soup kitchen' }, 'en', site, now)).events[0]!;
    expect(en.event.summary).toBe('Cancelled: Soup kitchen');
    const confirmed = readCalendar(eventIcs(event('soupe-populaire'), 'fr', site, now)).events[0]!;
    expect(confirmed.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('comes back in the feeds as a changed entry: same id, later date, "Événement annulé" and the note', () => {
    const read = (e: CommunityEvent) =>
      parseFeed(files(content({ events: [e] })).get(feedFilePath('fr', { kind: 'type', type: 'events' }))!).items.find((item) => item.id === 'urn:passerelle:events:doc-soupe-populaire')!;
    const first = read(event('soupe-populaire', { updatedAt: '2026-11-20T10:00:00.000Z' }));
    const second = read(cancelled('2026-11-27T10:00:00.000Z'));
    expect(second.updated!.getTime()).toBeGreaterThan(first.updated!.getTime());
    expect(second.title).toMatch(/^Événement annulé\u00a0: /);
    expect(second.description).toContain('La salle est fermée.');
  });
});
