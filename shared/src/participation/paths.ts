import type { Locale } from '../locales.ts';

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

export function petitionPagePath(locale: Locale, slug: string): string {
  return `${locale === 'fr' ? '/' : '/en/'}petitions/${slug}/`;
}

/**
 * The pages a form lands on (thank you, confirmed, registered, waiting list) are rendered by the
 * CMS under the write path, on demand: `/participer/<type>/<slug>/<page>?locale=fr|en`, French
 * path, the language in the query like every other write-path page. The CMS router is built from
 * this table, so a 303 and the page it points at cannot drift apart.
 */
export const landingRoutes = {
  petitionThanks: { type: 'petitions', page: 'merci' },
  petitionConfirmed: { type: 'petitions', page: 'confirmee' },
  eventRegistered: { type: 'evenements', page: 'inscrit' },
  eventWaitlisted: { type: 'evenements', page: 'liste-attente' },
  consultationThanks: { type: 'consultations', page: 'merci' },
  callThanks: { type: 'appels', page: 'merci' },
} as const;

export type LandingKind = keyof typeof landingRoutes;

export function landingPath(kind: LandingKind, locale: Locale, slug: string): string {
  const { type, page } = landingRoutes[kind];
  return `${participationPrefix}/${type}/${encodeURIComponent(slug)}/${page}?locale=${locale}`;
}

/** Shown after a signature is received: "check your messages". */
export function petitionThanksPath(locale: Locale, slug: string): string {
  return landingPath('petitionThanks', locale, slug);
}

/** Shown once a signature is confirmed. */
export function petitionConfirmedPath(locale: Locale, slug: string): string {
  return landingPath('petitionConfirmed', locale, slug);
}

export function eventPagePath(locale: Locale, slug: string): string {
  return `${locale === 'fr' ? '/evenements/' : '/en/events/'}${slug}/`;
}

/** The event's calendar file, written by the site build next to its page (routes.ts `icsPath`). */
export function eventIcsPath(locale: Locale, slug: string): string {
  return `${locale === 'fr' ? '/evenements/' : '/en/events/'}${slug}.ics`;
}

/** After an RSVP: a seat was taken, or the person is on the waiting list. */
export function eventRegisteredPath(locale: Locale, slug: string): string {
  return landingPath('eventRegistered', locale, slug);
}

export function eventWaitlistedPath(locale: Locale, slug: string): string {
  return landingPath('eventWaitlisted', locale, slug);
}

export function consultationPagePath(locale: Locale, slug: string): string {
  return `${locale === 'fr' ? '/' : '/en/'}consultations/${slug}/`;
}

/** Shown after answers are saved. */
export function consultationThanksPath(locale: Locale, slug: string): string {
  return landingPath('consultationThanks', locale, slug);
}

export function callPagePath(locale: Locale, slug: string): string {
  return `${locale === 'fr' ? '/appels/' : '/en/calls/'}${slug}/`;
}

/** Shown after "I'm interested" was sent. */
export function callThanksPath(locale: Locale, slug: string): string {
  return landingPath('callThanks', locale, slug);
}

/** The static "propose an activity" page and where it lands (one static page, not one per item). */
export function proposePagePath(locale: Locale): string {
  return locale === 'fr' ? '/proposer-une-activite/' : '/en/propose-an-activity/';
}

export function proposedPath(locale: Locale): string {
  return `${proposePagePath(locale)}${locale === 'fr' ? 'merci' : 'thanks'}/`;
}
