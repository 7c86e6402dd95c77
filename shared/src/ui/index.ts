/** UI strings, French first: the site's common strings and the map search's. */
export * from './common.ts';
export * from './map-search.ts';
