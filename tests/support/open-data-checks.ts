import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { QUEBEC_BBOX } from '@passerelle/shared';

/**
 * Checks of the open data files with the tools their users have: the HSDS 3.0 JSON schemas as
 * Open Referral publishes them (tests/fixtures/hsds-3, validated with ajv), RFC 7946's rules for
 * GeoJSON, and a CSV parser (csv-parse). Shared by the unit tests and the check of the built site.
 */
const hsdsDir = fileURLToPath(new URL('../fixtures/hsds-3/', import.meta.url));
const HSDS_BASE = 'https://openreferral.org/hsds/3.0/';

let validators: { organization: ValidateFunction; page: ValidateFunction } | undefined;

function hsdsValidators() {
  if (validators) return validators;
  // The HSDS schemas carry documentation keywords of their own (`core`, `constraints`, `example`…): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const file of readdirSync(hsdsDir).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    const schema = JSON.parse(readFileSync(`${hsdsDir}${file}`, 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: `${HSDS_BASE}${file}` });
  }
  const openapi = JSON.parse(readFileSync(`${hsdsDir}openapi.json`, 'utf8')) as { components: { schemas: { Page: Record<string, unknown> } } };
  const page = {
    ...openapi.components.schemas.Page,
    $id: `${HSDS_BASE}page.json`,
    // The API reference's list endpoints add `contents` to `Page`; every field of the page is expected.
    required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  };
  validators = { organization: ajv.getSchema(`${HSDS_BASE}organization.json`)!, page: ajv.compile(page) };
  return validators;
}

const describeErrors = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);

/** Every HSDS problem of a page of organizations, as "where what" lines; empty when valid. */
export function hsdsPageProblems(page: unknown): string[] {
  const { organization, page: pageSchema } = hsdsValidators();
  const problems = pageSchema(page) ? [] : describeErrors(pageSchema.errors);
  const contents = (page as { contents?: unknown }).contents;
  if (!Array.isArray(contents)) return [...problems, '/contents is not an array'];
  contents.forEach((org, index) => {
    if (!organization(org)) problems.push(...describeErrors(organization.errors).map((p) => `/contents/${index}${p}`));
  });
  return problems;
}

/** RFC 7946's rules that matter here, and points inside Québec in [longitude, latitude] order. */
export function geojsonProblems(value: unknown): string[] {
  const problems: string[] = [];
  const fc = value as { type?: unknown; crs?: unknown; features?: unknown };
  if (fc.type !== 'FeatureCollection') problems.push('not a FeatureCollection');
  if ('crs' in fc) problems.push('has a crs member (RFC 7946 §4: WGS 84 only)');
  if (!Array.isArray(fc.features)) return [...problems, 'features is not an array'];
  fc.features.forEach((f: { type?: unknown; geometry?: unknown; properties?: unknown; id?: unknown }, i) => {
    const at = `features[${i}]`;
    if (f.type !== 'Feature') problems.push(`${at} is not a Feature`);
    if (!('geometry' in f) || !('properties' in f)) problems.push(`${at} lacks geometry or properties (§3.2)`);
    if (f.properties !== null && typeof f.properties !== 'object') problems.push(`${at} properties is not an object`);
    if (f.id !== undefined && typeof f.id !== 'string' && typeof f.id !== 'number') problems.push(`${at} id is neither string nor number`);
    if (f.geometry === null) return;
    const g = f.geometry as { type?: unknown; coordinates?: unknown };
    if (g.type !== 'Point' || !Array.isArray(g.coordinates) || g.coordinates.length !== 2 || !g.coordinates.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      problems.push(`${at} geometry is not a Point of two numbers`);
      return;
    }
    const [lng, lat] = g.coordinates as [number, number];
    if (lng < QUEBEC_BBOX.minLng || lng > QUEBEC_BBOX.maxLng || lat < QUEBEC_BBOX.minLat || lat > QUEBEC_BBOX.maxLat) {
      problems.push(`${at} point [${lng}, ${lat}] is outside Québec (or latitude and longitude are swapped)`);
    }
  });
  return problems;
}

/** Parses CSV text as a strict RFC 4180 reader does (BOM skipped, quotes, CRLF): header + records. */
export function parseCsv(text: string): { header: string[]; records: Record<string, string>[] } {
  const rows: string[][] = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: false, record_delimiter: '\r\n' });
  const [header = [], ...rest] = rows;
  return { header, records: rest.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']))) };
}
