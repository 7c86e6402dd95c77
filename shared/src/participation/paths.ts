import type { ParticipationLocale } from './strings.ts';

/**
 * URLs of the write path. Everything under `/participer/` is answered by the CMS, reached through
 * the site's own origin (the site server or nginx proxies that prefix), so forms post same-origin.
 * The site-page helpers repeat `pathTo(locale, 'petitions', slug)` from `../routes.ts` because this
 * folder is also compiled into the CMS, which cannot import the rest of shared; a unit test keeps
 * them equal.
 */
export const participationPrefix = '/participer';

export const participationPaths = {
  sign: (slug: string) => `${participationPrefix}/petitions/${encodeURIComponent(slug)}/signer`,
  count: (slug: string) => `${participationPrefix}/petitions/${encodeURIComponent(slug)}/compte.json`,
  /** Every published petition's count in one answer, for the site build (one request, not one per petition). */
  allCounts: `${participationPrefix}/petitions/comptes.json`,
  /** A fresh ALTCHA proof-of-work challenge, fetched by the petition form's optional enhancement. */
  altchaChallenge: `${participationPrefix}/altcha/defi.json`,
  confirm: `${participationPrefix}/petitions/confirmer`,
  code: `${participationPrefix}/petitions/code`,
  outbox: `${participationPrefix}/dev/outbox`,
  rsvp: (slug: string) => `${participationPrefix}/evenements/${encodeURIComponent(slug)}/inscription`,
  cancel: `${participationPrefix}/evenements/annuler`,
  cancelled: `${participationPrefix}/evenements/annulee`,
  interest: (slug: string) => `${participationPrefix}/appels/${encodeURIComponent(slug)}/interesse`,
  propose: `${participationPrefix}/activites/proposer`,
  answer: (slug: string) => `${participationPrefix}/consultations/${encodeURIComponent(slug)}/repondre`,
  results: (slug: string) => `${participationPrefix}/consultations/${encodeURIComponent(slug)}/resultats.json`,
  /** Every closed consultation's results in one answer per locale, for the site build. */
  allResults: `${participationPrefix}/consultations/resultats.json`,
} as const;

export function petitionPagePath(locale: ParticipationLocale, slug: string): string {
  return `${locale === 'fr' ? '/' : '/en/'}petitions/${slug}/`;
}

/** Static page shown after a signature is received: "check your messages". */
export function petitionThanksPath(locale: ParticipationLocale, slug: string): string {
  return `${petitionPagePath(locale, slug)}${locale === 'fr' ? 'merci' : 'thanks'}/`;
}

/** Static page shown once a signature is confirmed. */
export function petitionConfirmedPath(locale: ParticipationLocale, slug: string): string {
  return `${petitionPagePath(locale, slug)}${locale === 'fr' ? 'confirmee' : 'confirmed'}/`;
}

export function eventPagePath(locale: ParticipationLocale, slug: string): string {
  return `${locale === 'fr' ? '/evenements/' : '/en/events/'}${slug}/`;
}

/** Static pages after an RSVP: a seat was taken, or the person is on the waiting list. */
export function eventRegisteredPath(locale: ParticipationLocale, slug: string): string {
  return `${eventPagePath(locale, slug)}${locale === 'fr' ? 'inscrit' : 'registered'}/`;
}

export function eventWaitlistedPath(locale: ParticipationLocale, slug: string): string {
  return `${eventPagePath(locale, slug)}${locale === 'fr' ? 'liste-attente' : 'waiting-list'}/`;
}

export function consultationPagePath(locale: ParticipationLocale, slug: string): string {
  return `${locale === 'fr' ? '/' : '/en/'}consultations/${slug}/`;
}

/** Static page shown after answers are saved. */
export function consultationThanksPath(locale: ParticipationLocale, slug: string): string {
  return `${consultationPagePath(locale, slug)}${locale === 'fr' ? 'merci' : 'thanks'}/`;
}

export function callPagePath(locale: ParticipationLocale, slug: string): string {
  return `${locale === 'fr' ? '/appels/' : '/en/calls/'}${slug}/`;
}

/** Static page shown after "I'm interested" was sent. */
export function callThanksPath(locale: ParticipationLocale, slug: string): string {
  return `${callPagePath(locale, slug)}${locale === 'fr' ? 'merci' : 'thanks'}/`;
}

/** The static "propose an activity" page and where it lands. */
export function proposePagePath(locale: ParticipationLocale): string {
  return locale === 'fr' ? '/proposer-une-activite/' : '/en/propose-an-activity/';
}

export function proposedPath(locale: ParticipationLocale): string {
  return `${proposePagePath(locale)}${locale === 'fr' ? 'merci' : 'thanks'}/`;
}
