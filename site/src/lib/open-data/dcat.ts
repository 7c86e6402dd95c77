import { dcatCatalogPath, locales, openDataFilePath, pathTo, type Locale, type OpenDataFile } from '@passerelle/shared';
import { t, type MessageKey } from '@passerelle/shared/i18n';
import type { OpenDataLicence } from './licences.ts';

/**
 * The DCAT catalogue of the downloads, in JSON-LD, DCAT-AP style: what open data portals (Données
 * Québec's CKAN with ckanext-dcat, the federal portal, data.europa.eu) harvest. One `dcat:Dataset`
 * per download, each with a French and an English `dcat:Distribution`.
 */

const IANA = 'http://www.iana.org/assignments/media-types/';
const EU_FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
const EU_LANGUAGE = 'http://publications.europa.eu/resource/authority/language/';
const languageUri: Record<Locale, string> = { fr: `${EU_LANGUAGE}FRA`, en: `${EU_LANGUAGE}ENG` };

interface DatasetSpec {
  file: OpenDataFile;
  title: MessageKey;
  description: MessageKey;
  mediaType: string;
  format: string;
  conformsTo?: string;
}

export const datasetSpecs: readonly DatasetSpec[] = [
  { file: 'itemsGeojson', title: 'dataItemsGeojsonTitle', description: 'dataItemsGeojsonText', mediaType: 'application/geo+json', format: 'GEOJSON', conformsTo: 'https://www.rfc-editor.org/rfc/rfc7946' },
  { file: 'itemsCsv', title: 'dataItemsCsvTitle', description: 'dataItemsCsvText', mediaType: 'text/csv', format: 'CSV', conformsTo: 'https://www.rfc-editor.org/rfc/rfc4180' },
  { file: 'organizationsHsds', title: 'dataHsdsTitle', description: 'dataHsdsText', mediaType: 'application/json', format: 'JSON', conformsTo: 'https://docs.openreferral.org/en/v3.0/' },
];

export interface DcatOptions {
  site: string | URL;
  licence: OpenDataLicence;
  publisher: string;
  /** The build time: the files are remade at every build. */
  modified: Date;
}

const both = (key: MessageKey) => locales.map((locale) => ({ '@language': locale, '@value': t(locale, key) }));
const dateTime = (d: Date) => ({ '@type': 'xsd:dateTime', '@value': d.toISOString() });

export function dcatCatalog({ site, licence, publisher, modified }: DcatOptions): Record<string, unknown> {
  const url = (path: string) => new URL(path, site).href;
  const licenceRef = { '@id': licence.url };
  const publisherNode = { '@type': 'foaf:Agent', 'foaf:name': publisher };
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': url(dcatCatalogPath),
    '@type': 'dcat:Catalog',
    'dct:title': both('dataTitle'),
    'dct:description': both('dataIntro'),
    'dct:publisher': publisherNode,
    'dct:license': licenceRef,
    'dct:modified': dateTime(modified),
    'dct:language': locales.map((locale) => ({ '@id': languageUri[locale] })),
    'foaf:homepage': { '@id': url(pathTo('fr', 'data')) },
    'dcat:dataset': datasetSpecs.map((spec) => ({
      '@id': `${url(pathTo('fr', 'data'))}#${spec.file}`,
      '@type': 'dcat:Dataset',
      'dct:identifier': spec.file,
      'dct:title': both(spec.title),
      'dct:description': both(spec.description),
      'dct:publisher': publisherNode,
      'dct:license': licenceRef,
      'dct:modified': dateTime(modified),
      'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/CONT' },
      'dct:spatial': { '@id': 'https://www.geonames.org/6115047/' },
      'dcat:keyword': locales.flatMap((locale) => t(locale, 'dataKeywords').split(', ').map((word) => ({ '@language': locale, '@value': word }))),
      'dcat:landingPage': locales.map((locale) => ({ '@id': url(pathTo(locale, 'data')) })),
      'dcat:distribution': locales.map((locale) => ({
        '@id': url(openDataFilePath(locale, spec.file)),
        '@type': 'dcat:Distribution',
        'dct:title': { '@language': locale, '@value': t(locale, spec.title) },
        'dct:language': { '@id': languageUri[locale] },
        'dcat:accessURL': { '@id': url(pathTo(locale, 'data')) },
        'dcat:downloadURL': { '@id': url(openDataFilePath(locale, spec.file)) },
        'dcat:mediaType': { '@id': `${IANA}${spec.mediaType}` },
        'dct:format': { '@id': `${EU_FILE_TYPE}${spec.format}` },
        'dct:license': licenceRef,
        'dct:modified': dateTime(modified),
        ...(spec.conformsTo ? { 'dct:conformsTo': { '@id': spec.conformsTo } } : {}),
      })),
    })),
  };
}
