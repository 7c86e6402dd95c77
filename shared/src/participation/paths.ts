import { altchaChallengeUrl, landingRoutePath, participationPrefix, participationRoutes, participationUrl, type LandingKind } from './routes.ts';
import type { Locale } from '../locales.ts';
import { icsPath, pathTo, thanksPathTo } from '../routes.ts';

/**
 * The write path's URLs by what they are for, each built from its row in `routes.ts` (forms'
 * `action`s, links in messages, the site build's fetches, the tests). Fixed ones are plain template
 * strings, not calls, so a browser bundle that reads one keeps only that row of the table.
 * The site pages an answer links back to come from the site's own routes (`routes.ts` one folder
 * up), which the site builds its pages from: slugs go in as they are.
 */
export const participationPaths = {
  sign: (slug: string) => participationUrl(participationRoutes.signPetition.path, slug),
  count: (slug: string) => participationUrl(participationRoutes.petitionCount.path, slug),
  allCounts: `${participationPrefix}${participationRoutes.allPetitionCounts.path}`,
  altchaChallenge: altchaChallengeUrl,
  confirm: `${participationPrefix}${participationRoutes.confirmWithToken.path}`,
  code: `${participationPrefix}${participationRoutes.confirmWithCode.path}`,
  outbox: `${participationPrefix}${participationRoutes.showOutbox.path}`,
  outboxJson: `${participationPrefix}${participationRoutes.showOutboxJson.path}`,
  devPhone: `${participationPrefix}${participationRoutes.showDevPhone.path}`,
  twilioInboundSms: `${participationPrefix}${participationRoutes.twilioInboundSms.path}`,
  telnyxInboundSms: `${participationPrefix}${participationRoutes.telnyxInboundSms.path}`,
  twilioVoice: `${participationPrefix}${participationRoutes.twilioVoice.path}`,
  telnyxVoice: `${participationPrefix}${participationRoutes.telnyxVoice.path}`,
  rsvp: (slug: string) => participationUrl(participationRoutes.registerRsvp.path, slug),
  cancel: `${participationPrefix}${participationRoutes.cancelRsvp.path}`,
  cancelled: `${participationPrefix}${participationRoutes.showCancelledPage.path}`,
  interest: (slug: string) => participationUrl(participationRoutes.sayInterested.path, slug),
  propose: `${participationPrefix}${participationRoutes.proposeActivity.path}`,
  answer: (slug: string) => participationUrl(participationRoutes.answerConsultation.path, slug),
  results: (slug: string) => participationUrl(participationRoutes.showConsultationResults.path, slug),
  allResults: `${participationPrefix}${participationRoutes.allConsultationResults.path}`,
} as const;

export function petitionPagePath(locale: Locale, slug: string): string {
  return pathTo(locale, 'petitions', slug);
}

/** Where a form lands (`landingRoutes` in routes.ts), the language in the query. */
export function landingPath(kind: LandingKind, locale: Locale, slug: string): string {
  return `${participationUrl(landingRoutePath(kind), slug)}?locale=${locale}`;
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
  return pathTo(locale, 'events', slug);
}

/** The event's calendar file, written by the site build next to its page. */
export function eventIcsPath(locale: Locale, slug: string): string {
  return icsPath(locale, slug);
}

/** After an RSVP: a seat was taken, or the person is on the waiting list. */
export function eventRegisteredPath(locale: Locale, slug: string): string {
  return landingPath('eventRegistered', locale, slug);
}

export function eventWaitlistedPath(locale: Locale, slug: string): string {
  return landingPath('eventWaitlisted', locale, slug);
}

export function consultationPagePath(locale: Locale, slug: string): string {
  return pathTo(locale, 'consultations', slug);
}

/** Shown after answers are saved. */
export function consultationThanksPath(locale: Locale, slug: string): string {
  return landingPath('consultationThanks', locale, slug);
}

export function callPagePath(locale: Locale, slug: string): string {
  return pathTo(locale, 'calls', slug);
}

/** Shown after "I'm interested" was sent. */
export function callThanksPath(locale: Locale, slug: string): string {
  return landingPath('callThanks', locale, slug);
}

export function proposePagePath(locale: Locale): string {
  return pathTo(locale, 'propose');
}

export function proposedPath(locale: Locale): string {
  return thanksPathTo(locale, 'propose');
}
