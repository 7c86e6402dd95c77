/**
 * The one table of the write path's addresses. Everything under `/participer/` is answered by the
 * CMS, reached through the site's own origin (the site server or nginx proxies that prefix), so
 * forms post same-origin. The CMS router is derived from `participationRoutes` (one regex per row,
 * built here), the forms' `action`s, the 303s and the tests' URLs from the same rows, so an address
 * cannot drift between whoever links to it and whoever answers it.
 */
export const participationPrefix = '/participer';

/**
 * What an address answers: `form` a POSTed urlencoded form (303 on success), `page` an HTML page,
 * `json` data for the site build or an enhancement, `landing` the page a form lands on, `dev` a
 * development-only page (404 unless the CMS's dev pages are on), `webhook` a provider's signed
 * POST (404 unless that provider is configured to send it).
 */
export type ParticipationRouteKind = 'form' | 'page' | 'json' | 'landing' | 'dev' | 'webhook';

/**
 * The pages a form lands on (thank you, confirmed, registered, waiting list) are rendered by the
 * CMS under the write path, on demand: `/participer/<type>/<slug>/<page>?locale=fr|en`, French
 * path, the language in the query like every other write-path page.
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

/**
 * A fresh ALTCHA proof-of-work challenge, fetched in the browser by the petition form's optional
 * enhancement: its URL is a constant of its own so that bundle carries this string, not the table.
 */
const altchaChallengePath = '/altcha/defi.json';
export const altchaChallengeUrl = `${participationPrefix}${altchaChallengePath}`;

/**
 * Every other address, by the name of the CMS function that answers it (the CMS router's table of
 * functions is typed by these names, so none can be missing), in the order the router tries them.
 * `path` is relative to the prefix; `:slug` stands for one path segment (a petition's, an event's…).
 */
export const participationRoutes = {
  signPetition: { method: 'POST', path: '/petitions/:slug/signer', kind: 'form' },
  issueChallenge: { method: 'GET', path: altchaChallengePath, kind: 'json' },
  /** Every published petition's count in one answer, for the site build (one request, not one per petition). */
  allPetitionCounts: { method: 'GET', path: '/petitions/comptes.json', kind: 'json' },
  petitionCount: { method: 'GET', path: '/petitions/:slug/compte.json', kind: 'json' },
  showConfirmPage: { method: 'GET', path: '/petitions/confirmer', kind: 'page' },
  confirmWithToken: { method: 'POST', path: '/petitions/confirmer', kind: 'form' },
  showCodePage: { method: 'GET', path: '/petitions/code', kind: 'page' },
  confirmWithCode: { method: 'POST', path: '/petitions/code', kind: 'form' },
  registerRsvp: { method: 'POST', path: '/evenements/:slug/inscription', kind: 'form' },
  showCancelPage: { method: 'GET', path: '/evenements/annuler', kind: 'page' },
  cancelRsvp: { method: 'POST', path: '/evenements/annuler', kind: 'form' },
  showCancelledPage: { method: 'GET', path: '/evenements/annulee', kind: 'page' },
  proposeActivity: { method: 'POST', path: '/activites/proposer', kind: 'form' },
  sayInterested: { method: 'POST', path: '/appels/:slug/interesse', kind: 'form' },
  answerConsultation: { method: 'POST', path: '/consultations/:slug/repondre', kind: 'form' },
  /** Every closed consultation's results in one answer per locale, for the site build. */
  allConsultationResults: { method: 'GET', path: '/consultations/resultats.json', kind: 'json' },
  showConsultationResults: { method: 'GET', path: '/consultations/:slug/resultats.json', kind: 'json' },
  /** Alerts by neighbourhood (alerts.ts): the form, the confirmation link's page and button, the way out (GET shows a button; POST, also RFC 8058's one-click, stops). */
  subscribeToAlerts: { method: 'POST', path: '/alertes/abonner', kind: 'form' },
  showAlertsRequested: { method: 'GET', path: '/alertes/merci', kind: 'page' },
  showAlertConfirmPage: { method: 'GET', path: '/alertes/confirmer', kind: 'page' },
  confirmAlerts: { method: 'POST', path: '/alertes/confirmer', kind: 'form' },
  showAlertsConfirmed: { method: 'GET', path: '/alertes/confirmees', kind: 'page' },
  showStopAlertsPage: { method: 'GET', path: '/alertes/arreter', kind: 'page' },
  stopAlerts: { method: 'POST', path: '/alertes/arreter', kind: 'form' },
  showAlertsStopped: { method: 'GET', path: '/alertes/arretees', kind: 'page' },
  /**
   * The practitioners' space (practitioners.ts): sign-in by a one-time link or a text code, the
   * signed-in home, sign out here or everywhere. Every POST carries a CSRF token.
   */
  showSpaceHome: { method: 'GET', path: '/espace/', kind: 'page' },
  showSpaceSignIn: { method: 'GET', path: '/espace/connexion', kind: 'page' },
  requestSpaceSignIn: { method: 'POST', path: '/espace/connexion', kind: 'form' },
  showSpaceSignInSent: { method: 'GET', path: '/espace/connexion/envoyee', kind: 'page' },
  showSpaceCode: { method: 'GET', path: '/espace/code', kind: 'page' },
  signInWithSpaceCode: { method: 'POST', path: '/espace/code', kind: 'form' },
  showSpaceLink: { method: 'GET', path: '/espace/lien', kind: 'page' },
  signInWithSpaceLink: { method: 'POST', path: '/espace/lien', kind: 'form' },
  signOutOfSpace: { method: 'POST', path: '/espace/deconnexion', kind: 'form' },
  signOutOfSpaceEverywhere: { method: 'POST', path: '/espace/deconnexion-partout', kind: 'form' },
  /**
   * Round tables and their meetings (space-meetings.ts): `:slug` is the table's or the meeting's
   * documentId, or (the subscription calendar) a member's secret calendar token. Members only.
   */
  showSpaceTable: { method: 'GET', path: '/espace/tables/:slug/', kind: 'page' },
  /** A table's thread (space-threads.ts): its older messages, page by page, and posting one. */
  showSpaceTableMessages: { method: 'GET', path: '/espace/tables/:slug/messages/', kind: 'page' },
  postSpaceTableMessage: { method: 'POST', path: '/espace/tables/:slug/messages', kind: 'form' },
  leaveSpaceTable: { method: 'POST', path: '/espace/tables/:slug/quitter', kind: 'form' },
  makeSpaceCalendarLink: { method: 'POST', path: '/espace/tables/:slug/calendrier', kind: 'form' },
  showSpaceInvite: { method: 'GET', path: '/espace/tables/:slug/inviter', kind: 'page' },
  inviteToSpaceTable: { method: 'POST', path: '/espace/tables/:slug/inviter', kind: 'form' },
  showNewSpaceMeeting: { method: 'GET', path: '/espace/tables/:slug/reunions/nouvelle', kind: 'page' },
  createSpaceMeeting: { method: 'POST', path: '/espace/tables/:slug/reunions/nouvelle', kind: 'form' },
  showSpaceMeeting: { method: 'GET', path: '/espace/reunions/:slug/', kind: 'page' },
  showEditSpaceMeeting: { method: 'GET', path: '/espace/reunions/:slug/modifier', kind: 'page' },
  editSpaceMeeting: { method: 'POST', path: '/espace/reunions/:slug/modifier', kind: 'form' },
  showSpaceMinutes: { method: 'GET', path: '/espace/reunions/:slug/compte-rendu', kind: 'page' },
  saveSpaceMinutes: { method: 'POST', path: '/espace/reunions/:slug/compte-rendu', kind: 'form' },
  saveSpaceAttendance: { method: 'POST', path: '/espace/reunions/:slug/presences', kind: 'form' },
  sendSpaceAgenda: { method: 'POST', path: '/espace/reunions/:slug/envoyer-ordre-du-jour', kind: 'form' },
  sendSpaceMinutes: { method: 'POST', path: '/espace/reunions/:slug/envoyer-compte-rendu', kind: 'form' },
  spaceMeetingIcs: { method: 'GET', path: '/espace/reunions/:slug/reunion.ics', kind: 'page' },
  /** "Proposer au site public" (space-to-public.ts): a meeting's decision, or a request, becomes a draft for OCs to review. */
  showMeetingPublicDraft: { method: 'GET', path: '/espace/reunions/:slug/proposer', kind: 'page' },
  proposeMeetingPublicDraft: { method: 'POST', path: '/espace/reunions/:slug/proposer', kind: 'form' },
  spaceTableCalendar: { method: 'GET', path: '/espace/calendriers/:slug/table.ics', kind: 'page' },
  /**
   * Requests for a hand (space-hands.ts): a member asks their tables or neighbourhoods for a room,
   * volunteers, an interpreter…; members who see it answer in its thread; `:slug` is the request's
   * documentId. "Mes avis": how each member is told of them. Members only.
   */
  showSpaceHands: { method: 'GET', path: '/espace/coups-de-main/', kind: 'page' },
  showNewSpaceHand: { method: 'GET', path: '/espace/coups-de-main/nouveau', kind: 'page' },
  createSpaceHand: { method: 'POST', path: '/espace/coups-de-main/nouveau', kind: 'form' },
  showSpaceHand: { method: 'GET', path: '/espace/coups-de-main/:slug/', kind: 'page' },
  replyToSpaceHand: { method: 'POST', path: '/espace/coups-de-main/:slug/repondre', kind: 'form' },
  resolveSpaceHand: { method: 'POST', path: '/espace/coups-de-main/:slug/resolue', kind: 'form' },
  showEditSpaceHand: { method: 'GET', path: '/espace/coups-de-main/:slug/modifier', kind: 'page' },
  editSpaceHand: { method: 'POST', path: '/espace/coups-de-main/:slug/modifier', kind: 'form' },
  showHandPublicDraft: { method: 'GET', path: '/espace/coups-de-main/:slug/proposer', kind: 'page' },
  proposeHandPublicDraft: { method: 'POST', path: '/espace/coups-de-main/:slug/proposer', kind: 'form' },
  showSpaceNotices: { method: 'GET', path: '/espace/mes-avis', kind: 'page' },
  saveSpaceNotices: { method: 'POST', path: '/espace/mes-avis', kind: 'form' },
  /**
   * Neighbourhood diagnostics (space-diagnostics.ts): the barriers residents meet and the plan of
   * action, per neighbourhood; `:slug` is the neighbourhood's slug. Members of a table there only.
   */
  showSpaceDiagnostics: { method: 'GET', path: '/espace/diagnostics/', kind: 'page' },
  showSpaceDiagnostic: { method: 'GET', path: '/espace/diagnostics/:slug/', kind: 'page' },
  saveSpaceBarriers: { method: 'POST', path: '/espace/diagnostics/:slug/obstacles', kind: 'form' },
  addSpaceDiagnosticAction: { method: 'POST', path: '/espace/diagnostics/:slug/actions', kind: 'form' },
  updateSpaceDiagnosticAction: { method: 'POST', path: '/espace/diagnostics/:slug/actions/mise-a-jour', kind: 'form' },
  /**
   * The partner directory (space-directory.ts): organizations and the members who chose to be
   * listed, with the contact details each consented to show; "Ma fiche" is where a member gives or
   * withdraws that consent. Members only.
   */
  showSpaceDirectory: { method: 'GET', path: '/espace/repertoire/', kind: 'page' },
  showSpaceDirectoryEntry: { method: 'GET', path: '/espace/repertoire/ma-fiche', kind: 'page' },
  saveSpaceDirectoryEntry: { method: 'POST', path: '/espace/repertoire/ma-fiche', kind: 'form' },
  /**
   * Shared resources (space-resources.ts): links by theme, for every member or one round table's;
   * `:slug` is the resource's documentId. Members only.
   */
  showSpaceResources: { method: 'GET', path: '/espace/ressources/', kind: 'page' },
  showNewSpaceResource: { method: 'GET', path: '/espace/ressources/nouvelle', kind: 'page' },
  createSpaceResource: { method: 'POST', path: '/espace/ressources/nouvelle', kind: 'form' },
  deleteSpaceResource: { method: 'POST', path: '/espace/ressources/:slug/supprimer', kind: 'form' },
  /**
   * Private training progress (space-training.ts): each member's own, seen by nobody else; `:slug`
   * is a training module's slug. Members only.
   */
  showSpaceTraining: { method: 'GET', path: '/espace/formation/', kind: 'page' },
  eraseSpaceTraining: { method: 'POST', path: '/espace/formation/effacer', kind: 'form' },
  markSpaceTrainingUnit: { method: 'POST', path: '/espace/formation/:slug/fait', kind: 'form' },
  forgetSpaceTrainingUnit: { method: 'POST', path: '/espace/formation/:slug/oublier', kind: 'form' },
  showSpaceSelfCheck: { method: 'GET', path: '/espace/formation/:slug/verification', kind: 'page' },
  checkSpaceSelfCheck: { method: 'POST', path: '/espace/formation/:slug/verification', kind: 'form' },
  /**
   * Peer training sessions for members only (space-peer-sessions.ts): listed on the training page;
   * an OC announces one, and the OCs who may announce it change or cancel it; a member registers
   * or cancels their seat. `:slug` is the session's documentId.
   */
  showNewSpacePeerSession: { method: 'GET', path: '/espace/seances/nouvelle', kind: 'page' },
  createSpacePeerSession: { method: 'POST', path: '/espace/seances/nouvelle', kind: 'form' },
  showSpacePeerSession: { method: 'GET', path: '/espace/seances/:slug/', kind: 'page' },
  registerForSpacePeerSession: { method: 'POST', path: '/espace/seances/:slug/inscription', kind: 'form' },
  cancelSpacePeerSessionSeat: { method: 'POST', path: '/espace/seances/:slug/annulation', kind: 'form' },
  spacePeerSessionIcs: { method: 'GET', path: '/espace/seances/:slug/seance.ics', kind: 'page' },
  showEditSpacePeerSession: { method: 'GET', path: '/espace/seances/:slug/modifier', kind: 'page' },
  editSpacePeerSession: { method: 'POST', path: '/espace/seances/:slug/modifier', kind: 'form' },
  showCancelSpacePeerSession: { method: 'GET', path: '/espace/seances/:slug/annuler', kind: 'page' },
  cancelSpacePeerSession: { method: 'POST', path: '/espace/seances/:slug/annuler', kind: 'form' },
  /** A resource's own page with its thread (space-threads.ts). */
  showSpaceResource: { method: 'GET', path: '/espace/ressources/:slug/', kind: 'page' },
  showSpaceResourceFile: { method: 'GET', path: '/espace/ressources/:slug/fichier', kind: 'page' },
  postSpaceResourceMessage: { method: 'POST', path: '/espace/ressources/:slug/messages', kind: 'form' },
  /** Every code and link "sent", as a page and as JSON: development and test runs only. */
  showOutbox: { method: 'GET', path: '/dev/outbox', kind: 'dev' },
  showOutboxJson: { method: 'GET', path: '/dev/outbox.json', kind: 'dev' },
  /** SMS delivery reports, signed by the provider (messages/delivery-callbacks.ts); printed in every message sent. */
  twilioDeliveryReport: { method: 'POST', path: '/webhooks/sms/twilio', kind: 'webhook' },
  telnyxDeliveryReport: { method: 'POST', path: '/webhooks/sms/telnyx', kind: 'webhook' },
  /** Residents' text messages, signed by the provider (sms/inbound-webhooks.ts): the number's messaging webhook. */
  twilioInboundSms: { method: 'POST', path: '/webhooks/sms/twilio/recu', kind: 'webhook' },
  telnyxInboundSms: { method: 'POST', path: '/webhooks/sms/telnyx/recu', kind: 'webhook' },
  /** The phone line: the number's voice webhook (TwiML) and the TeXML application's, signed by the provider (cms participation/voice/). */
  /**
   * A balado episode's phone version (an MP3), which the line's `<Play>` fetches: under the write
   * path, the only part of the public host that reaches the CMS. `:slug` is the episode's documentId.
   */
  phoneEpisodeAudio: { method: 'GET', path: '/telephone/balado/:slug.mp3', kind: 'page' },
  twilioVoice: { method: 'POST', path: '/webhooks/voix/twilio', kind: 'webhook' },
  telnyxVoice: { method: 'POST', path: '/webhooks/voix/telnyx', kind: 'webhook' },
  /** A phone on screen that texts the CMS as a resident would, and shows the replies: development and test runs only. */
  showDevPhone: { method: 'GET', path: '/dev/telephone', kind: 'dev' },
  sendFromDevPhone: { method: 'POST', path: '/dev/telephone', kind: 'dev' },
} as const satisfies Record<string, { method: 'GET' | 'POST'; path: string; kind: ParticipationRouteKind }>;

export type ParticipationHandlerName = keyof typeof participationRoutes;

/** The full path of a route's `path`, its `:slug` filled in (encoded: a slug is one segment). */
export function participationUrl(path: string, slug = ''): string {
  return participationPrefix + path.replace(':slug', encodeURIComponent(slug));
}

/**
 * What the CMS router matches a row's path with: the whole path, `:slug` one non-empty segment
 * (captured, still encoded), everything else literal.
 */
export function participationRoutePattern(path: string): RegExp {
  const [before, after] = `${participationPrefix}${path}`.split(':slug').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^${before}${after === undefined ? '' : `([^/]+)${after}`}$`);
}

/** The path of the page a form lands on, relative to the prefix, `:slug` unfilled. */
export function landingRoutePath(kind: LandingKind): string {
  const { type, page } = landingRoutes[kind];
  return `/${type}/:slug/${page}`;
}
