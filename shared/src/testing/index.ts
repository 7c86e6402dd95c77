/**
 * One set of test builders for every kind of test (unit, integration, end to end, benchmarks):
 * items by lifecycle state, and adapters to the GraphQL node, the Strapi document and the demo-data
 * JSON. Test code only: nothing outside tests and test scripts imports this.
 */
export * from './entries.ts';
export * from './builders.ts';
export * from './adapters.ts';
export * from './documents.ts';
