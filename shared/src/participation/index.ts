/**
 * The participation write path's shared pieces: form schemas, canonical forms, HTML renderers,
 * used by the site's pages and by the CMS's handlers (through the package's CommonJS build). Their
 * words are in ../i18n/fr.ts and ../i18n/en.ts.
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
export * from './rsvp.ts';
export * from './consultation-form.ts';
export * from './consultation-results.ts';
export * from './interest.ts';
export * from './event-proposal.ts';
export * from './contact-fields.ts';
export * from './sms-length.ts';
export * from './event-reminder.ts';
export * from './sms-commands.ts';
export * from './access-points-sms.ts';
export * from './alerts.ts';
export * from './alert-rules.ts';
export * from './outcome-messages.ts';
export * from './practitioners.ts';
export * from './space-meetings.ts';
export * from './space-mailings.ts';
export * from './space-invitations.ts';
export * from './space-hands.ts';
export * from './space-public-draft-link.ts';
export * from './space-to-public.ts';
export * from './space-diagnostics.ts';
export * from './space-directory.ts';
export * from './space-resources.ts';
export * from './space-training.ts';
export * from './space-peer-sessions.ts';
export * from './space-threads.ts';
