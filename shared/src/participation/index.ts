/**
 * The participation write path's shared pieces: form schemas, canonical forms and HTML renderers.
 * Self-contained on purpose (imports only zod, this folder and the dictionary, ../i18n.ts with
 * ../locales.ts): the CMS compiles a copy of these (cms/scripts/sync-shared.js), because its
 * CommonJS build cannot load the rest. Their words are in ../i18n/fr.ts and ../i18n/en.ts.
 */
export * from './form-css.ts';
export * from './html.ts';
export * from './landing-page.ts';
export * from './normalise.ts';
export * from './page-shell.ts';
export * from './paths.ts';
export * from './petition-form.ts';
export * from './petition-signature.ts';
export * from './rsvp.ts';
export * from './consultation-form.ts';
export * from './consultation-results.ts';
export * from './interest.ts';
export * from './event-proposal.ts';
export * from './contact-fields.ts';
