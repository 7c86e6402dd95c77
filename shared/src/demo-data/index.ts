export * from './fields.ts';
export * from './collections.ts';
export * from './dataset.ts';
export * from './check.ts';
export * from './to-strapi.ts';
