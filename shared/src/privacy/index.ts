/** The privacy officer, the privacy page's text and the retention periods the CMS enforces. */
export * from './officer.ts';
export * from './page-text.ts';
export * from './retention.ts';
