import type { Core } from '@strapi/strapi';
import {
  landingRoutePath,
  landingRoutes,
  participationPrefix,
  participationRoutePattern,
  participationRoutes,
  renderMessagePage,
  type LandingKind,
  type ParticipationHandlerName,
  type ParticipationRouteKind,
} from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { showOutbox } from '../dev/outbox-page';
import { sendFromDevPhone, showDevPhone } from '../dev/phone-page';
import { telnyxInboundSms, twilioInboundSms } from '../sms/inbound-webhooks';
import { telnyxVoice, twilioVoice } from '../voice/webhooks';
import { telnyxDeliveryReport, twilioDeliveryReport } from '../messages/delivery-callbacks';
import { allPetitionCounts, petitionCount } from '../petitions/counts';
import { confirmWithCode, showCodePage } from '../petitions/confirm-code';
import { confirmWithToken, showConfirmPage } from '../petitions/confirm-link';
import { showPetitionLanding } from '../petitions/landing';
import { signPetition } from '../petitions/sign';
import { sayInterested, showCallLanding } from '../calls/handlers';
import { issueChallenge } from '../proof-of-work/challenges';
import { proposeActivity } from '../proposals/handlers';
import { allConsultationResults, answerConsultation, showConsultationLanding, showConsultationResults } from '../consultations/handlers';
import { cancelRsvp, registerRsvp, showCancelledPage, showCancelPage, showEventLanding } from '../events/handlers';
import {
  confirmAlerts,
  showAlertConfirmPage,
  showAlertsConfirmed,
  showAlertsRequested,
  showAlertsStopped,
  showStopAlertsPage,
  stopAlerts,
  subscribeToAlerts,
} from '../alerts/handlers';
import {
  requestSpaceSignIn,
  showSpaceCode,
  showSpaceHome,
  showSpaceLink,
  showSpaceSignIn,
  showSpaceSignInSent,
  signInWithSpaceCode,
  signInWithSpaceLink,
  signOutOfSpace,
  signOutOfSpaceEverywhere,
} from '../space/handlers';
import {
  createSpaceMeeting,
  editSpaceMeeting,
  leaveSpaceTable,
  makeSpaceCalendarLink,
  saveSpaceAttendance,
  sendSpaceAgenda,
  showSpaceInvite,
  inviteToSpaceTable,
  sendSpaceMinutes,
  saveSpaceMinutes,
  showEditSpaceMeeting,
  showNewSpaceMeeting,
  showSpaceMeeting,
  showSpaceMinutes,
  showSpaceTable,
  spaceMeetingIcs,
  spaceTableCalendar,
} from '../space/meeting-handlers';
import { servePhoneEpisodeAudio } from '../voice/episode';
import { addSpaceDiagnosticAction, saveSpaceBarriers, showSpaceDiagnostic, showSpaceDiagnostics, updateSpaceDiagnosticAction } from '../space/diagnostic-handlers';
import { createSpaceHand, editSpaceHand, replyToSpaceHand, resolveSpaceHand, saveSpaceNotices, showEditSpaceHand, showNewSpaceHand, showSpaceHand, showSpaceHands, showSpaceNotices } from '../space/hand-handlers';
import { proposeHandPublicDraft, proposeMeetingPublicDraft, showHandPublicDraft, showMeetingPublicDraft } from '../space/public-draft-handlers';
import { saveSpaceDirectoryEntry, showSpaceDirectory, showSpaceDirectoryEntry } from '../space/directory-handlers';
import { createSpaceResource, deleteSpaceResource, downloadSpaceResourceFile, showNewSpaceResource, showSpaceResources } from '../space/resource-handlers';
import { checkSpaceSelfCheck, eraseSpaceTraining, forgetSpaceTrainingUnit, markSpaceTrainingUnit, showSpaceSelfCheck, showSpaceTraining } from '../space/training-handlers';
import { cancelSpacePeerSession, cancelSpacePeerSessionSeat, createSpacePeerSession, editSpacePeerSession, registerForSpacePeerSession, showCancelSpacePeerSession, showEditSpacePeerSession, showNewSpacePeerSession, showSpacePeerSession, spacePeerSessionIcs } from '../space/peer-session-handlers';
import { postSpaceResourceMessage, postSpaceTableMessage, showSpaceResource, showSpaceTableMessages } from '../space/thread-handlers';
import { arrivedOverTls } from './client-ip';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable';
import { formLocale } from './form-action';
import { isCrossSitePost } from './cross-site';
import { sendNotFound } from './pages';
import { movedPermanently, sendHtml, sendJson, type Ctx } from './respond';
import { describeFailure } from '../../logging/describe-failure';

/**
 * Everything under /participer/ — the residents' write path — answered before Strapi's own body
 * parser, router and JSON error handler, so each answer is a French (or English) HTML page with a
 * precise status: 303 on success, 4xx for anything the person or a robot sent wrong, and 500 only
 * for a fault of ours, logged. Why a middleware and not a Strapi route: content-API routes live
 * under /api and go through koa-body and the JSON error middleware first. The addresses themselves
 * are shared's `participationRoutes`; this file only says which function answers each.
 */

/** What a route's handler gets: the `:slug` segment ('' when the path has none) and the query. */
interface RouteRequest {
  slug: string;
  query: URLSearchParams;
  /** The query's `locale`: a form's own hidden field overrides it once the body is read. */
  locale: Locale;
}
type Handler = (strapi: Core.Strapi, ctx: Ctx, request: RouteRequest) => Promise<void> | void;
/** `route` is the address pattern (`/participer/petitions/:slug/signer`): the metrics' label, never the path. */
type Route = { method: 'GET' | 'POST'; kind: ParticipationRouteKind; route: string; pattern: RegExp; handler: Handler };

/** One function per name in the shared table; the type makes a missing or extra one a compile error. */
const handlers: Record<ParticipationHandlerName, Handler> = {
  signPetition: (s, c, r) => signPetition(s, c, r.slug, r.locale),
  issueChallenge: async (_s, c) => sendJson(c, 200, await issueChallenge()),
  allPetitionCounts: (s, c) => allPetitionCounts(s, c),
  petitionCount: (s, c, r) => petitionCount(s, c, r.slug),
  showConfirmPage: (s, c, r) => showConfirmPage(s, c, r.query),
  confirmWithToken: (s, c, r) => confirmWithToken(s, c, r.locale),
  showCodePage: (_s, c, r) => showCodePage(c, r.query),
  confirmWithCode: (s, c, r) => confirmWithCode(s, c, r.locale),
  registerRsvp: (s, c, r) => registerRsvp(s, c, r.slug, r.locale),
  showCancelPage: (s, c, r) => showCancelPage(s, c, r.query),
  cancelRsvp: (s, c, r) => cancelRsvp(s, c, r.locale),
  showCancelledPage: (_s, c, r) => showCancelledPage(c, r.query),
  proposeActivity: (s, c, r) => proposeActivity(s, c, r.locale),
  sayInterested: (s, c, r) => sayInterested(s, c, r.slug, r.locale),
  answerConsultation: (s, c, r) => answerConsultation(s, c, r.slug, r.locale),
  allConsultationResults: (s, c, r) => allConsultationResults(s, c, r.query),
  showConsultationResults: (s, c, r) => showConsultationResults(s, c, r.slug, r.query),
  subscribeToAlerts: (s, c, r) => subscribeToAlerts(s, c, r.locale),
  showAlertsRequested: (_s, c, r) => showAlertsRequested(c, r.query),
  showAlertConfirmPage: (s, c, r) => showAlertConfirmPage(s, c, r.query),
  confirmAlerts: (s, c, r) => confirmAlerts(s, c, r.locale),
  showAlertsConfirmed: (_s, c, r) => showAlertsConfirmed(c, r.query),
  showStopAlertsPage: (s, c, r) => showStopAlertsPage(s, c, r.query),
  stopAlerts: (s, c, r) => stopAlerts(s, c, r.query, r.locale),
  showAlertsStopped: (_s, c, r) => showAlertsStopped(c, r.query),
  showSpaceHome: (s, c, r) => showSpaceHome(s, c, r.query),
  showSpaceSignIn: (_s, c, r) => showSpaceSignIn(c, r.query),
  requestSpaceSignIn: (s, c, r) => requestSpaceSignIn(s, c, r.locale),
  showSpaceSignInSent: (_s, c, r) => showSpaceSignInSent(c, r.query),
  showSpaceCode: (_s, c, r) => showSpaceCode(c, r.query),
  signInWithSpaceCode: (s, c, r) => signInWithSpaceCode(s, c, r.locale),
  showSpaceLink: (s, c, r) => showSpaceLink(s, c, r.query),
  signInWithSpaceLink: (s, c, r) => signInWithSpaceLink(s, c, r.locale),
  signOutOfSpace: (s, c, r) => signOutOfSpace(s, c, r.locale),
  signOutOfSpaceEverywhere: (s, c, r) => signOutOfSpaceEverywhere(s, c, r.locale),
  showSpaceTable: (s, c, r) => showSpaceTable(s, c, r.slug, r.query),
  showSpaceTableMessages: (s, c, r) => showSpaceTableMessages(s, c, r.slug, r.query),
  postSpaceTableMessage: (s, c, r) => postSpaceTableMessage(s, c, r.slug, r.locale),
  leaveSpaceTable: (s, c, r) => leaveSpaceTable(s, c, r.slug, r.locale),
  makeSpaceCalendarLink: (s, c, r) => makeSpaceCalendarLink(s, c, r.slug, r.locale),
  showSpaceInvite: (s, c, r) => showSpaceInvite(s, c, r.slug, r.query),
  inviteToSpaceTable: (s, c, r) => inviteToSpaceTable(s, c, r.slug, r.locale),
  showNewSpaceMeeting: (s, c, r) => showNewSpaceMeeting(s, c, r.slug, r.query),
  createSpaceMeeting: (s, c, r) => createSpaceMeeting(s, c, r.slug, r.locale),
  showSpaceMeeting: (s, c, r) => showSpaceMeeting(s, c, r.slug, r.query),
  showEditSpaceMeeting: (s, c, r) => showEditSpaceMeeting(s, c, r.slug, r.query),
  editSpaceMeeting: (s, c, r) => editSpaceMeeting(s, c, r.slug, r.locale),
  showSpaceMinutes: (s, c, r) => showSpaceMinutes(s, c, r.slug, r.query),
  saveSpaceMinutes: (s, c, r) => saveSpaceMinutes(s, c, r.slug, r.locale),
  saveSpaceAttendance: (s, c, r) => saveSpaceAttendance(s, c, r.slug, r.locale),
  sendSpaceAgenda: (s, c, r) => sendSpaceAgenda(s, c, r.slug, r.locale),
  sendSpaceMinutes: (s, c, r) => sendSpaceMinutes(s, c, r.slug, r.locale),
  spaceMeetingIcs: (s, c, r) => spaceMeetingIcs(s, c, r.slug, r.query),
  showMeetingPublicDraft: (s, c, r) => showMeetingPublicDraft(s, c, r.slug, r.query),
  proposeMeetingPublicDraft: (s, c, r) => proposeMeetingPublicDraft(s, c, r.slug, r.locale),
  spaceTableCalendar: (s, c, r) => spaceTableCalendar(s, c, r.slug, r.query),
  showSpaceHands: (s, c, r) => showSpaceHands(s, c, r.query),
  showNewSpaceHand: (s, c, r) => showNewSpaceHand(s, c, r.query),
  createSpaceHand: (s, c, r) => createSpaceHand(s, c, r.locale),
  showSpaceHand: (s, c, r) => showSpaceHand(s, c, r.slug, r.query),
  replyToSpaceHand: (s, c, r) => replyToSpaceHand(s, c, r.slug, r.locale),
  resolveSpaceHand: (s, c, r) => resolveSpaceHand(s, c, r.slug, r.locale),
  showEditSpaceHand: (s, c, r) => showEditSpaceHand(s, c, r.slug, r.query),
  editSpaceHand: (s, c, r) => editSpaceHand(s, c, r.slug, r.locale),
  showHandPublicDraft: (s, c, r) => showHandPublicDraft(s, c, r.slug, r.query),
  proposeHandPublicDraft: (s, c, r) => proposeHandPublicDraft(s, c, r.slug, r.locale),
  phoneEpisodeAudio: (s, c, r) => servePhoneEpisodeAudio(s, c, r.slug),
  showSpaceDiagnostics: (s, c, r) => showSpaceDiagnostics(s, c, r.query),
  showSpaceDiagnostic: (s, c, r) => showSpaceDiagnostic(s, c, r.slug, r.query),
  saveSpaceBarriers: (s, c, r) => saveSpaceBarriers(s, c, r.slug, r.locale),
  addSpaceDiagnosticAction: (s, c, r) => addSpaceDiagnosticAction(s, c, r.slug, r.locale),
  updateSpaceDiagnosticAction: (s, c, r) => updateSpaceDiagnosticAction(s, c, r.slug, r.locale),
  showSpaceDirectory: (s, c, r) => showSpaceDirectory(s, c, r.query),
  showSpaceDirectoryEntry: (s, c, r) => showSpaceDirectoryEntry(s, c, r.query),
  saveSpaceDirectoryEntry: (s, c, r) => saveSpaceDirectoryEntry(s, c, r.locale),
  showSpaceResources: (s, c, r) => showSpaceResources(s, c, r.query),
  showNewSpaceResource: (s, c, r) => showNewSpaceResource(s, c, r.query),
  createSpaceResource: (s, c, r) => createSpaceResource(s, c, r.locale),
  deleteSpaceResource: (s, c, r) => deleteSpaceResource(s, c, r.slug, r.locale),
  showSpaceTraining: (s, c, r) => showSpaceTraining(s, c, r.query),
  eraseSpaceTraining: (s, c, r) => eraseSpaceTraining(s, c, r.locale),
  markSpaceTrainingUnit: (s, c, r) => markSpaceTrainingUnit(s, c, r.slug, r.locale),
  forgetSpaceTrainingUnit: (s, c, r) => forgetSpaceTrainingUnit(s, c, r.slug, r.locale),
  showSpaceSelfCheck: (s, c, r) => showSpaceSelfCheck(s, c, r.slug, r.query),
  checkSpaceSelfCheck: (s, c, r) => checkSpaceSelfCheck(s, c, r.slug, r.locale),
  showNewSpacePeerSession: (s, c, r) => showNewSpacePeerSession(s, c, r.query),
  createSpacePeerSession: (s, c, r) => createSpacePeerSession(s, c, r.locale),
  showSpacePeerSession: (s, c, r) => showSpacePeerSession(s, c, r.slug, r.query),
  registerForSpacePeerSession: (s, c, r) => registerForSpacePeerSession(s, c, r.slug, r.locale),
  cancelSpacePeerSessionSeat: (s, c, r) => cancelSpacePeerSessionSeat(s, c, r.slug, r.locale),
  spacePeerSessionIcs: (s, c, r) => spacePeerSessionIcs(s, c, r.slug, r.query),
  showEditSpacePeerSession: (s, c, r) => showEditSpacePeerSession(s, c, r.slug, r.query),
  editSpacePeerSession: (s, c, r) => editSpacePeerSession(s, c, r.slug, r.locale),
  showCancelSpacePeerSession: (s, c, r) => showCancelSpacePeerSession(s, c, r.slug, r.query),
  cancelSpacePeerSession: (s, c, r) => cancelSpacePeerSession(s, c, r.slug, r.locale),
  showSpaceResource: (s, c, r) => showSpaceResource(s, c, r.slug, r.query),
  showSpaceResourceFile: (s, c, r) => downloadSpaceResourceFile(s, c, r.slug, r.query),
  postSpaceResourceMessage: (s, c, r) => postSpaceResourceMessage(s, c, r.slug, r.locale),
  showSpaceNotices: (s, c, r) => showSpaceNotices(s, c, r.query),
  saveSpaceNotices: (s, c, r) => saveSpaceNotices(s, c, r.locale),
  showOutbox: (_s, c) => showOutbox(c, false),
  showOutboxJson: (_s, c) => showOutbox(c, true),
  twilioDeliveryReport: (s, c) => twilioDeliveryReport(s, c),
  telnyxDeliveryReport: (s, c) => telnyxDeliveryReport(s, c),
  twilioInboundSms: (s, c) => twilioInboundSms(s, c),
  telnyxInboundSms: (s, c) => telnyxInboundSms(s, c),
  twilioVoice: (s, c, r) => twilioVoice(s, c, r.query),
  telnyxVoice: (s, c, r) => telnyxVoice(s, c, r.query),
  showDevPhone: (_s, c, r) => showDevPhone(c, r.query),
  sendFromDevPhone: (s, c) => sendFromDevPhone(s, c),
};

function showLanding(strapi: Core.Strapi, ctx: Ctx, kind: LandingKind, slug: string, locale: Locale): Promise<void> {
  switch (kind) {
    case 'petitionThanks':
    case 'petitionConfirmed':
      return showPetitionLanding(strapi, ctx, kind, slug, locale);
    case 'eventRegistered':
    case 'eventWaitlisted':
      return showEventLanding(strapi, ctx, kind, slug, locale);
    case 'consultationThanks':
      return showConsultationLanding(strapi, ctx, kind, slug, locale);
    case 'callThanks':
      return showCallLanding(strapi, ctx, kind, slug, locale);
  }
}

const routes: Route[] = [
  ...(Object.keys(participationRoutes) as ParticipationHandlerName[]).map((name): Route => {
    const { method, kind, path } = participationRoutes[name];
    return { method, kind, route: participationPrefix + path, pattern: participationRoutePattern(path), handler: handlers[name] };
  }),
  // One GET route per page a form lands on, from the same table the 303s are built from.
  ...(Object.keys(landingRoutes) as LandingKind[]).map(
    (landing): Route => ({
      method: 'GET',
      kind: 'landing',
      route: participationPrefix + landingRoutePath(landing),
      pattern: participationRoutePattern(landingRoutePath(landing)),
      handler: (s, c, r) => showLanding(s, c, landing, r.slug, r.locale),
    }),
  ),
];

export function participationMiddleware(strapi: Core.Strapi) {
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    if (ctx.path !== participationPrefix && !ctx.path.startsWith(`${participationPrefix}/`)) return next();
    const params = new URLSearchParams(ctx.querystring);
    const locale = toLocale(params.get('locale'));
    try {
      const config = participationConfig();
      // One year, this host only: other hosts of the same domain may still need plain HTTP.
      if (config.httpsPublic || arrivedOverTls(ctx)) ctx.set('Strict-Transport-Security', 'max-age=31536000');
      const method = ctx.method === 'HEAD' ? 'GET' : ctx.method;
      if (method !== 'GET' && isCrossSitePost({ origin: ctx.get('origin'), secFetchSite: ctx.get('sec-fetch-site') }, config.allowedOrigins)) {
        ctx.req.resume();
        return sendHtml(ctx, 403, renderMessagePage(locale, t(locale, 'crossSiteTitle'), t(locale, 'crossSiteBody')));
      }
      let pathMatched = false;
      for (const route of routes) {
        const match = route.pattern.exec(ctx.path);
        if (!match) continue;
        pathMatched = true;
        if (route.method !== method) continue;
        if (ctx.state) ctx.state.route = route.route;
        // Development pages (the outbox of every code and link "sent"): 404 unless config.ts's devPagesEnabled.
        if (route.kind === 'dev' && !config.devPagesEnabled) return sendNotFound(ctx, 'fr');
        return await route.handler(strapi, ctx, { slug: match[1] ?? '', query: params, locale });
      }
      // `/participer/espace` typed without its slash: to the page, as a static host does for folders.
      if (method === 'GET' && !ctx.path.endsWith('/') && routes.some((r) => r.method === 'GET' && r.pattern.test(`${ctx.path}/`))) {
        return movedPermanently(ctx, `${ctx.path}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      }
      if (pathMatched) {
        ctx.set('Allow', routes.filter((r) => r.pattern.test(ctx.path)).map((r) => r.method).join(', '));
        return sendHtml(ctx, 405, renderMessagePage(locale, t(locale, 'notFoundTitle'), t(locale, 'notFoundBody')));
      }
      sendNotFound(ctx, locale);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // Nothing was committed; the pool reconnects by itself once the server answers again.
        strapi.log.warn(`[participation] ${ctx.method} ${ctx.path}: database unavailable, 503 (${describeFailure(error).split('\n')[0]})`);
        const language = formLocale(ctx) ?? locale;
        ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        return sendHtml(ctx, 503, renderMessagePage(language, t(language, 'databaseUnavailableTitle'), t(language, 'databaseUnavailableBody')));
      }
      strapi.log.error(`[participation] ${ctx.method} ${ctx.path} failed: ${describeFailure(error)}`);
      sendHtml(ctx, 500, renderMessagePage(locale, t(locale, 'serverErrorTitle'), t(locale, 'serverErrorBody')));
    }
  };
}

