import { landingRoutePath, participationRoutes, participationUrl, sitePagePath, type LandingKind, type ParticipationHandlerName } from './routes.ts';
import type { ParticipationLocale } from './strings.ts';

/**
 * The write path's URLs by what they are for, each built from its row in `routes.ts` (forms'
 * `action`s, links in messages, the site build's fetches, the tests).
 */
function pathOf(handler: ParticipationHandlerName): string {
  const route = participationRoutes.find((r) => r.handler === handler);
  if (!route) throw new Error(`no participation route for ${handler}`);
  return route.path;
}

export const participationPaths = {
  sign: (slug: string) => participationUrl(pathOf('signPetition'), slug),
  count: (slug: string) => participationUrl(pathOf('petitionCount'), slug),
  allCounts: participationUrl(pathOf('allPetitionCounts')),
  altchaChallenge: participationUrl(pathOf('issueChallenge')),
  confirm: participationUrl(pathOf('confirmWithToken')),
  code: participationUrl(pathOf('confirmWithCode')),
  outbox: participationUrl(pathOf('showOutbox')),
  outboxJson: participationUrl(pathOf('showOutboxJson')),
  rsvp: (slug: string) => participationUrl(pathOf('registerRsvp'), slug),
  cancel: participationUrl(pathOf('cancelRsvp')),
  cancelled: participationUrl(pathOf('showCancelledPage')),
  interest: (slug: string) => participationUrl(pathOf('sayInterested'), slug),
  propose: participationUrl(pathOf('proposeActivity')),
  answer: (slug: string) => participationUrl(pathOf('answerConsultation'), slug),
  results: (slug: string) => participationUrl(pathOf('showConsultationResults'), slug),
  allResults: participationUrl(pathOf('allConsultationResults')),
} as const;

export function petitionPagePath(locale: ParticipationLocale, slug: string): string {
  return sitePagePath('petition', locale, slug);
}

/** Where a form lands (`landingRoutes` in routes.ts), the language in the query. */
export function landingPath(kind: LandingKind, locale: ParticipationLocale, slug: string): string {
  return `${participationUrl(landingRoutePath(kind), slug)}?locale=${locale}`;
}

/** Shown after a signature is received: "check your messages". */
export function petitionThanksPath(locale: ParticipationLocale, slug: string): string {
  return landingPath('petitionThanks', locale, slug);
}

/** Shown once a signature is confirmed. */
export function petitionConfirmedPath(locale: ParticipationLocale, slug: string): string {
  return landingPath('petitionConfirmed', locale, slug);
}

export function eventPagePath(locale: ParticipationLocale, slug: string): string {
  return sitePagePath('event', locale, slug);
}

/** The event's calendar file, written by the site build next to its page. */
export function eventIcsPath(locale: ParticipationLocale, slug: string): string {
  return sitePagePath('eventCalendar', locale, slug);
}

/** After an RSVP: a seat was taken, or the person is on the waiting list. */
export function eventRegisteredPath(locale: ParticipationLocale, slug: string): string {
  return landingPath('eventRegistered', locale, slug);
}

export function eventWaitlistedPath(locale: ParticipationLocale, slug: string): string {
  return landingPath('eventWaitlisted', locale, slug);
}

export function consultationPagePath(locale: ParticipationLocale, slug: string): string {
  return sitePagePath('consultation', locale, slug);
}

/** Shown after answers are saved. */
export function consultationThanksPath(locale: ParticipationLocale, slug: string): string {
  return landingPath('consultationThanks', locale, slug);
}

export function callPagePath(locale: ParticipationLocale, slug: string): string {
  return sitePagePath('call', locale, slug);
}

/** Shown after "I'm interested" was sent. */
export function callThanksPath(locale: ParticipationLocale, slug: string): string {
  return landingPath('callThanks', locale, slug);
}

export function proposePagePath(locale: ParticipationLocale): string {
  return sitePagePath('propose', locale);
}

export function proposedPath(locale: ParticipationLocale): string {
  return sitePagePath('proposed', locale);
}
