/**
 * The participation write path's shared pieces: form schemas, canonical forms, HTML renderers and
 * texts. Self-contained on purpose (imports only zod and this folder): the CMS compiles a copy of
 * this folder (cms/scripts/sync-shared.js), because its CommonJS build cannot load the rest.
 */
export * from './form-css.ts';
export * from './html.ts';
export * from './landing-page.ts';
export * from './normalise.ts';
export * from './page-shell.ts';
export * from './paths.ts';
export * from './routes.ts';
export * from './petition-form.ts';
export * from './petition-signature.ts';
export * from './strings.ts';
export * from './rsvp.ts';
export * from './consultation-form.ts';
export * from './consultation-results.ts';
export * from './interest.ts';
export * from './event-proposal.ts';
export * from './contact-fields.ts';
