/** The strings the browser scripts carry (map, search, postal code): the rest are in ../i18n/. */
export * from './map-search.ts';
