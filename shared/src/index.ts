export * from './locales.ts';
export * from './slug.ts';
export * from './geo.ts';
export * from './dates.ts';
export * from './routes.ts';
export * from './content/index.ts';
