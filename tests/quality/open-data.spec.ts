import { expect, test } from '@playwright/test';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dcatCatalogPath, openDataFilePath, pathTo } from '@passerelle/shared';
import { geojsonProblems, hsdsPageProblems, parseCsv } from '../support/open-data-checks.ts';
import { siteDist, siteUrl } from '../support/site.ts';

/**
 * The open data files of the built site, as a reuser gets them: the GeoJSON follows RFC 7946 with
 * every point in Québec, the CSV parses with the documented columns, the HSDS file validates
 * against the published HSDS 3.0 schemas, and every link of the DCAT catalogue leads to a built file.
 */
const read = (path: string) => readFileSync(join(siteDist, path), 'utf8');
const fileOf = (url: string) => {
  const path = new URL(url).pathname;
  return join(siteDist, path.endsWith('/') ? `${path}index.html` : path);
};

for (const locale of ['fr', 'en'] as const) {
  test(`${locale}: the current items as GeoJSON and CSV agree, with points in Québec and every URL a built page`, () => {
    const fc = JSON.parse(read(openDataFilePath(locale, 'itemsGeojson'))) as { features: { id: string; properties: { url: string } }[] };
    expect(geojsonProblems(fc)).toEqual([]);
    expect(fc.features.length, 'the demo data has current items').toBeGreaterThan(10);
    const { header, records } = parseCsv(read(openDataFilePath(locale, 'itemsCsv')));
    expect(header[0]).toBe('id');
    expect(records.map((r) => r.id)).toEqual(fc.features.map((f) => f.id));
    for (const record of records) {
      const url = record.url ?? '';
      expect(url.startsWith(siteUrl), url).toBe(true);
      expect(existsSync(fileOf(url)), url).toBe(true);
    }
  });

  test(`${locale}: the organizations validate against the HSDS 3.0 schemas`, () => {
    const page = JSON.parse(read(openDataFilePath(locale, 'organizationsHsds'))) as { contents: unknown[] };
    expect(hsdsPageProblems(page)).toEqual([]);
    expect(page.contents.length).toBeGreaterThan(3);
  });
}

test('no file carries anything residents gave through participation', () => {
  const text = ['fr', 'en'].flatMap((l) => (['itemsGeojson', 'itemsCsv', 'organizationsHsds'] as const).map((f) => read(openDataFilePath(l as 'fr', f)))).join('\n');
  // Signatures, answers, registrations and contact people are other content types and fields: none of their names appear.
  for (const word of ['signature', 'registration', 'answers', 'contact', 'postalCode', 'textingOk']) expect(text, word).not.toContain(`"${word}`);
});

test('the DCAT catalogue links only to built files and pages, and names the licence', () => {
  const catalog = JSON.parse(read(dcatCatalogPath)) as Record<string, unknown>;
  expect(catalog['@type']).toBe('dcat:Catalog');
  expect((catalog['dct:license'] as { '@id': string })['@id']).toMatch(/^https:\/\/creativecommons\.org\//);
  const ids = [...JSON.stringify(catalog).matchAll(/"@id":"([^"]+)"/g)].map((m) => m[1]!).filter((id) => id.startsWith(siteUrl));
  expect(ids.length).toBeGreaterThan(6);
  for (const id of ids) {
    const file = fileOf(id.split('#')[0]!);
    expect(existsSync(file) && statSync(file).size > 0, id).toBe(true);
  }
  for (const locale of ['fr', 'en'] as const) {
    const page = read(`${pathTo(locale, 'data')}index.html`);
    for (const file of ['itemsGeojson', 'itemsCsv', 'organizationsHsds'] as const) expect(page).toContain(`href="${openDataFilePath(locale, file)}"`);
    expect(page).toContain(`href="${dcatCatalogPath}"`);
  }
});
