import { pathTo, type ItemCollection, type Locale, type Neighbourhood, type Place } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { typeLabels } from '../cards.ts';
import type { AnyItem, ItemsByType } from '../items.ts';
import { isCurrent, sortDate } from '../lifecycle.ts';

/**
 * The current items (what the lists show as current at build time) as open data rows, then as
 * GeoJSON (RFC 7946) and CSV (RFC 4180). Only public, published content: no participation data.
 * Pure; the build writes what these return (integrations/open-data-files.ts).
 */

/** Stable codes in the files; the words are in `type_label`. */
export const itemTypeCodes = { events: 'event', calls: 'call', consultations: 'consultation', petitions: 'petition' } as const;
export type ItemTypeCode = (typeof itemTypeCodes)[ItemCollection];

/**
 * Where a point comes from: the venue's own coordinates, the centroid of the item's first
 * neighbourhood (consultations, petitions, calls without a place), or none at all.
 */
export type LocationPrecision = 'venue' | 'neighbourhood' | 'none';

export interface ItemRow {
  id: string;
  type: ItemTypeCode;
  typeLabel: string;
  title: string;
  summary: string;
  startsAt: string | null;
  endsAt: string | null;
  /** Calls: the last day to answer (YYYY-MM-DD). */
  deadline: string | null;
  neighbourhoods: string[];
  territories: string[];
  topics: string[];
  organization: string | null;
  venueName: string | null;
  address: string | null;
  point: { lat: number; lng: number } | null;
  precision: LocationPrecision;
  url: string;
  updatedAt: string;
}

/** The CSV's columns, in order; the data page and docs/open-data.md describe each one. */
export const itemColumns = [
  'id',
  'type',
  'type_label',
  'title',
  'summary',
  'starts_at',
  'ends_at',
  'deadline',
  'neighbourhoods',
  'territories',
  'topics',
  'organization',
  'venue_name',
  'address',
  'latitude',
  'longitude',
  'location_precision',
  'url',
  'updated_at',
] as const;
export type ItemColumn = (typeof itemColumns)[number];

/** Several values in one CSV cell (neighbourhoods, topics): names never contain it. */
export const MULTI_VALUE_SEPARATOR = ' | ';

export interface OpenDataContent extends ItemsByType {
  neighbourhoods: Neighbourhood[];
}

/** Six decimals is about 10 cm: more would only be noise (RFC 7946 §11.2). */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function datesOf(type: ItemCollection, item: AnyItem): Pick<ItemRow, 'startsAt' | 'endsAt' | 'deadline'> {
  if ('opensAt' in item) return { startsAt: item.opensAt, endsAt: item.closesAt, deadline: null };
  if (type === 'calls' && 'deadline' in item) return { startsAt: item.startsAt, endsAt: item.endsAt, deadline: item.deadline };
  if ('startsAt' in item) return { startsAt: item.startsAt, endsAt: item.endsAt ?? null, deadline: null };
  return { startsAt: null, endsAt: null, deadline: null };
}

function locationOf(item: AnyItem, centroids: Map<string, { lat: number; lng: number }>): Pick<ItemRow, 'venueName' | 'address' | 'point' | 'precision'> {
  const place: Place | null = 'place' in item ? item.place : null;
  if (place) return { venueName: place.venueName, address: place.address, point: { lat: round6(place.lat), lng: round6(place.lng) }, precision: 'venue' };
  const centroid = item.neighbourhoods.map((n) => centroids.get(n.slug)).find((c) => c !== undefined);
  if (centroid) return { venueName: null, address: null, point: { lat: round6(centroid.lat), lng: round6(centroid.lng) }, precision: 'neighbourhood' };
  return { venueName: null, address: null, point: null, precision: 'none' };
}

export function currentItemRows(content: OpenDataContent, locale: Locale, site: string | URL, now: Date): ItemRow[] {
  const centroids = new Map(content.neighbourhoods.map((n) => [n.slug, { lat: n.lat, lng: n.lng }]));
  const territoryOf = new Map(content.neighbourhoods.map((n) => [n.slug, n.territory]));
  const rows: ItemRow[] = [];
  for (const type of ['events', 'calls', 'consultations', 'petitions'] as const) {
    const current = isCurrent[type] as (item: AnyItem, now: Date) => boolean;
    const dateOf = sortDate[type] as (item: AnyItem) => string;
    const items = (content[type] as AnyItem[]).filter((item) => current(item, now));
    items.sort((a, b) => dateOf(a).localeCompare(dateOf(b)) || a.slug.localeCompare(b.slug));
    for (const item of items) {
      rows.push({
        id: item.documentId,
        type: itemTypeCodes[type],
        typeLabel: t(locale, typeLabels[type].one),
        title: item.title,
        summary: item.summary,
        ...datesOf(type, item),
        neighbourhoods: item.neighbourhoods.map((n) => n.name),
        territories: [...new Set(item.neighbourhoods.flatMap((n) => territoryOf.get(n.slug) ?? []))],
        topics: item.topics.map((topic) => topic.name),
        organization: item.organization?.name ?? null,
        ...locationOf(item, centroids),
        url: new URL(pathTo(locale, type, item.slug), site).href,
        updatedAt: item.updatedAt,
      });
    }
  }
  return rows;
}

// --- GeoJSON ---------------------------------------------------------------------------------------

export interface ItemFeature {
  type: 'Feature';
  id: string;
  /** RFC 7946 §3.2: a feature with no known location has a null geometry. */
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Record<string, string | string[] | null>;
}

/** A FeatureCollection in WGS 84, [longitude, latitude] (RFC 7946 §3.1.1, §4): no `crs` member. */
export function itemsGeojson(rows: readonly ItemRow[]): { type: 'FeatureCollection'; features: ItemFeature[] } {
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature',
      id: row.id,
      geometry: row.point ? { type: 'Point', coordinates: [row.point.lng, row.point.lat] } : null,
      properties: {
        type: row.type,
        type_label: row.typeLabel,
        title: row.title,
        summary: row.summary,
        starts_at: row.startsAt,
        ends_at: row.endsAt,
        deadline: row.deadline,
        neighbourhoods: row.neighbourhoods,
        territories: row.territories,
        topics: row.topics,
        organization: row.organization,
        venue_name: row.venueName,
        address: row.address,
        location_precision: row.precision,
        url: row.url,
        updated_at: row.updatedAt,
      },
    })),
  };
}

// --- CSV ---------------------------------------------------------------------------------------------

/**
 * With a byte order mark: Excel, which many OCs open CSV files with, reads a file without one in
 * the Windows code page and garbles every accent. Parsers that know UTF-8 skip it.
 */
export const CSV_BOM = '\uFEFF';

/** Free text a spreadsheet would run as a formula (OWASP "CSV injection"): kept as text with a leading quote. */
const FORMULA_START = /^[=+\-@\t\r]/;
const FREE_TEXT = new Set<ItemColumn>(['title', 'summary', 'organization', 'venue_name', 'address', 'neighbourhoods', 'territories', 'topics']);

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cellsOf(row: ItemRow): Record<ItemColumn, string> {
  return {
    id: row.id,
    type: row.type,
    type_label: row.typeLabel,
    title: row.title,
    summary: row.summary,
    starts_at: row.startsAt ?? '',
    ends_at: row.endsAt ?? '',
    deadline: row.deadline ?? '',
    neighbourhoods: row.neighbourhoods.join(MULTI_VALUE_SEPARATOR),
    territories: row.territories.join(MULTI_VALUE_SEPARATOR),
    topics: row.topics.join(MULTI_VALUE_SEPARATOR),
    organization: row.organization ?? '',
    venue_name: row.venueName ?? '',
    address: row.address ?? '',
    latitude: row.point ? String(row.point.lat) : '',
    longitude: row.point ? String(row.point.lng) : '',
    location_precision: row.precision,
    url: row.url,
    updated_at: row.updatedAt,
  };
}

/** UTF-8 with a BOM, comma-separated, CRLF line ends, one header line (RFC 4180). */
export function itemsCsv(rows: readonly ItemRow[]): string {
  const line = (cells: readonly string[]) => cells.map(csvField).join(',');
  const lines = [line(itemColumns)];
  for (const row of rows) {
    const cells = cellsOf(row);
    lines.push(line(itemColumns.map((column) => (FREE_TEXT.has(column) && FORMULA_START.test(cells[column]) ? `'${cells[column]}` : cells[column]))));
  }
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
