import { describe, expect, it } from 'vitest';
import {
  callSchema,
  consultationSchema,
  eventSchema,
  neighbourhoodSchema,
  openDataFilePath,
  organizationSchema,
  petitionSchema,
  type CommunityEvent,
} from '@passerelle/shared';
import {
  aNeighbourhood,
  anOpenCall,
  anOpenConsultation,
  anOpenPetition,
  anOrganization,
  anUpcomingEvent,
  aPastEvent,
  toGraphqlNode,
  type Fixture,
} from '@passerelle/shared/testing';
import { dcatCatalogFile, openDataFilesOf } from '../../site/src/lib/open-data/files.ts';
import { hsdsId, hsdsOrganizations } from '../../site/src/lib/open-data/hsds.ts';
import { CSV_BOM, currentItemRows, itemColumns, itemsCsv, itemsGeojson } from '../../site/src/lib/open-data/items.ts';
import { openDataLicence } from '../../site/src/lib/open-data/licences.ts';
import type { SubscriptionContent } from '../../site/src/lib/subscriptions.ts';
import { geojsonProblems, hsdsPageProblems, parseCsv } from '../support/open-data-checks.ts';

/**
 * The open data builders, read back by the tools reusers have: the published HSDS 3.0 JSON schemas
 * (ajv), RFC 7946's rules, a CSV parser (csv-parse).
 */
const now = new Date('2026-11-28T17:00:00Z');
const site = 'https://passerelle.example';
const node = (fixture: Fixture, fields: Record<string, unknown> = {}) => ({ ...toGraphqlNode(fixture, { now }), ...fields });
const villeray = neighbourhoodSchema.parse(node(aNeighbourhood({ slug: 'villeray', name: 'Villeray', territory: 'CLSC de Villeray' } as never)));
const ref = { slug: villeray.slug, name: villeray.name };
const org = organizationSchema.parse(node(anOrganization(), { documentId: 'doc-org' }));
const orgRef = { slug: org.slug, name: org.name, phone: org.phone, email: org.email, website: org.website };

const event = (slug: string, fields: Record<string, unknown> = {}): CommunityEvent =>
  eventSchema.parse(node(anUpcomingEvent({ slug }), { documentId: `doc-${slug}`, neighbourhoods: [ref], organization: orgRef, ...fields }));

function content(overrides: Partial<SubscriptionContent> = {}): SubscriptionContent {
  return {
    neighbourhoods: [villeray],
    topics: [],
    organizations: [org],
    events: [
      event('soupe-populaire', { title: '=HYPERLINK("http://evil")', summary: 'Soupe, pain et "bonne humeur"\nTous bienvenus' }),
      eventSchema.parse(node(aPastEvent({ slug: 'deja-passe' }), { documentId: 'doc-deja-passe', neighbourhoods: [ref] })),
    ],
    calls: [callSchema.parse(node(anOpenCall(), { documentId: 'doc-call', neighbourhoods: [ref], place: null }))],
    consultations: [consultationSchema.parse(node(anOpenConsultation(), { documentId: 'doc-consultation', neighbourhoods: [] }))],
    petitions: [petitionSchema.parse(node(anOpenPetition(), { documentId: 'doc-petition', neighbourhoods: [ref] }))],
    ...overrides,
  };
}

describe('current items as GeoJSON (RFC 7946)', () => {
  it('has one feature per current item, in [longitude, latitude] inside Québec, none for past items', () => {
    const fc = itemsGeojson(currentItemRows(content(), 'fr', site, now));
    expect(geojsonProblems(fc)).toEqual([]);
    expect(fc.features.map((f) => f.id)).toEqual(['doc-soupe-populaire', 'doc-call', 'doc-consultation', 'doc-petition']);
    const soup = fc.features[0]!;
    const place = content().events[0]!.place;
    expect(soup.geometry?.coordinates).toEqual([place.lng, place.lat]);
    expect(soup.properties).toMatchObject({ type: 'event', location_precision: 'venue', neighbourhoods: ['Villeray'], territories: ['CLSC de Villeray'], url: `${site}/evenements/soupe-populaire/` });
  });

  it('places an item without a place at its neighbourhood’s centre, and one without either nowhere (null geometry)', () => {
    const [, call, consultation] = itemsGeojson(currentItemRows(content(), 'fr', site, now)).features;
    expect(call!.geometry?.coordinates).toEqual([villeray.lng, villeray.lat]);
    expect(call!.properties.location_precision).toBe('neighbourhood');
    expect(consultation!.geometry).toBeNull();
    expect(consultation!.properties.location_precision).toBe('none');
  });

  it('catches swapped coordinates', () => {
    const swapped = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [45.5, -73.6] }, properties: {} }] };
    expect(geojsonProblems(swapped)).toHaveLength(1);
  });
});

describe('current items as CSV (RFC 4180)', () => {
  const text = itemsCsv(currentItemRows(content(), 'en', site, now));

  it('is UTF-8 with a BOM and CRLF lines, and a CSV parser reads back every field', () => {
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const { header, records } = parseCsv(text);
    expect(header).toEqual([...itemColumns]);
    expect(records).toHaveLength(4);
    const soup = records[0]!;
    expect(soup.summary).toBe(content().events[0]!.summary);
    expect(soup.type_label).toBe('Event');
    expect(Number(soup.latitude)).toBeCloseTo(content().events[0]!.place.lat, 5);
    expect(records[2]!.latitude).toBe('');
  });

  it('keeps a formula-looking title as text, so a spreadsheet does not run it', () => {
    expect(parseCsv(text).records[0]!.title).toBe(`'=HYPERLINK("http://evil")`);
  });
});

describe('organizations in HSDS 3.0', () => {
  const page = hsdsOrganizations(content(), 'fr', site, now);

  it('validates against the published HSDS 3.0 schemas (organization.json and the API Page)', () => {
    expect(hsdsPageProblems(page)).toEqual([]);
    expect(page.total_items).toBe(1);
  });

  it('gives each organization its address and the places of its current events, with its events in the extension', () => {
    const [organization] = page.contents;
    expect(organization!.id).toBe(hsdsId('organization:doc-org'));
    expect(organization!.uri).toBe(`${site}/organismes/${org.slug}/`);
    expect(organization!.locations.map((l) => l.name)).toEqual([org.name, content().events[0]!.place.venueName]);
    expect(organization!.passerelle_events.map((e) => e.url)).toEqual([`${site}/evenements/soupe-populaire/`]);
    expect(organization!.passerelle_events[0]!.location_id).toBe(organization!.locations[1]!.id);
  });

  it('is refused by the schemas when an id is not a UUID or a required field is missing', () => {
    const broken = { ...page, contents: [{ ...page.contents[0]!, id: 'doc-org', description: undefined }] };
    expect(hsdsPageProblems(JSON.parse(JSON.stringify(broken)))).toHaveLength(2);
  });

  it('names stable version 5 UUIDs', () => {
    expect(hsdsId('organization:doc-org')).toBe(hsdsId('organization:doc-org'));
    expect(hsdsId('organization:doc-org')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('the DCAT catalogue', () => {
  it('describes each download, in both languages, with its licence, media type and download address', () => {
    const catalog = JSON.parse(dcatCatalogFile({ site, licence: openDataLicence('CC-BY-4.0'), publisher: 'CIUSSS test', modified: now }).body) as {
      'dct:license': { '@id': string };
      'dcat:dataset': { 'dcat:distribution': { 'dcat:downloadURL': { '@id': string }; 'dcat:mediaType': { '@id': string } }[] }[];
    };
    expect(catalog['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
    const downloads = catalog['dcat:dataset'].flatMap((d) => d['dcat:distribution'].map((x) => x['dcat:downloadURL']['@id']));
    const written = (['fr', 'en'] as const).flatMap((locale) => openDataFilesOf(content(), locale, site, now).map((f) => `${site}${f.path}`));
    expect(downloads.sort()).toEqual(written.sort());
    expect(downloads).toContain(`${site}${openDataFilePath('en', 'itemsCsv')}`);
    expect(catalog['dcat:dataset'][0]!['dcat:distribution'][0]!['dcat:mediaType']['@id']).toBe('http://www.iana.org/assignments/media-types/application/geo+json');
  });
});
