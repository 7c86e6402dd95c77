import type { Core } from '@strapi/strapi';
import { landingRoutes, renderMessagePage, type LandingKind } from '@passerelle/shared/participation';
import { t, toLocale } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { showOutbox } from '../dev/outbox-page';
import { allPetitionCounts, petitionCount } from '../petitions/counts';
import {
  confirmWithCode,
  confirmWithToken,
  showCodePage,
  showConfirmPage,
  showPetitionLanding,
  signPetition,
} from '../petitions/handlers';
import { sayInterested, showCallLanding } from '../calls/handlers';
import { issueChallenge } from '../proof-of-work/challenges';
import { proposeActivity } from '../proposals/handlers';
import { allConsultationResults, answerConsultation, showConsultationLanding, showConsultationResults } from '../consultations/handlers';
import { cancelRsvp, registerRsvp, showCancelledPage, showCancelPage, showEventLanding } from '../events/handlers';
import { arrivedOverTls } from './client-ip';
import { isCrossSitePost } from './cross-site';
import { sendNotFound } from './pages';
import { sendHtml, sendJson, type Ctx } from './respond';

/**
 * Everything under /participer/ — the residents' write path — answered before Strapi's own body
 * parser, router and JSON error handler, so each answer is a French (or English) HTML page with a
 * precise status: 303 on success, 4xx for anything the person or a robot sent wrong, and 500 only
 * for a fault of ours, logged. Why a middleware and not a Strapi route: content-API routes live
 * under /api and go through koa-body and the JSON error middleware first.
 */
export const participationPrefix = '/participer';

type Handler = (strapi: Core.Strapi, ctx: Ctx, match: RegExpExecArray, params: URLSearchParams) => Promise<void> | void;
type Route = { method: 'GET' | 'POST'; pattern: RegExp; handler: Handler };

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

/** One GET route per page a form lands on, from the same table the 303s are built from. */
const landingPageRoutes: Route[] = (Object.keys(landingRoutes) as LandingKind[]).map((kind) => ({
  method: 'GET',
  pattern: new RegExp(`^/participer/${landingRoutes[kind].type}/([^/]+)/${landingRoutes[kind].page}$`),
  handler: (s, c, m, p) => showLanding(s, c, kind, m[1]!, toLocale(p.get('locale'))),
}));

const routes: Route[] = [
  { method: 'POST', pattern: /^\/participer\/petitions\/([^/]+)\/signer$/, handler: (s, c, m, p) => signPetition(s, c, m[1]!, toLocale(p.get('locale'))) },
  { method: 'GET', pattern: /^\/participer\/altcha\/defi\.json$/, handler: async (_s, c) => sendJson(c, 200, await issueChallenge()) },
  { method: 'GET', pattern: /^\/participer\/petitions\/comptes\.json$/, handler: (s, c) => allPetitionCounts(s, c) },
  { method: 'GET', pattern: /^\/participer\/petitions\/([^/]+)\/compte\.json$/, handler: (s, c, m) => petitionCount(s, c, m[1]!) },
  { method: 'GET', pattern: /^\/participer\/petitions\/confirmer$/, handler: (s, c, _m, p) => showConfirmPage(s, c, p) },
  { method: 'POST', pattern: /^\/participer\/petitions\/confirmer$/, handler: (s, c, _m, p) => confirmWithToken(s, c, toLocale(p.get('locale'))) },
  { method: 'GET', pattern: /^\/participer\/petitions\/code$/, handler: (s, c, _m, p) => showCodePage(s, c, p) },
  { method: 'POST', pattern: /^\/participer\/petitions\/code$/, handler: (s, c, _m, p) => confirmWithCode(s, c, toLocale(p.get('locale'))) },
  { method: 'POST', pattern: /^\/participer\/evenements\/([^/]+)\/inscription$/, handler: (s, c, m, p) => registerRsvp(s, c, m[1]!, toLocale(p.get('locale'))) },
  { method: 'GET', pattern: /^\/participer\/evenements\/annuler$/, handler: (s, c, _m, p) => showCancelPage(s, c, p) },
  { method: 'POST', pattern: /^\/participer\/evenements\/annuler$/, handler: (s, c, _m, p) => cancelRsvp(s, c, toLocale(p.get('locale'))) },
  { method: 'GET', pattern: /^\/participer\/evenements\/annulee$/, handler: (_s, c, _m, p) => showCancelledPage(c, p) },
  { method: 'POST', pattern: /^\/participer\/activites\/proposer$/, handler: (s, c, _m, p) => proposeActivity(s, c, toLocale(p.get('locale'))) },
  { method: 'POST', pattern: /^\/participer\/appels\/([^/]+)\/interesse$/, handler: (s, c, m, p) => sayInterested(s, c, m[1]!, toLocale(p.get('locale'))) },
  { method: 'POST', pattern: /^\/participer\/consultations\/([^/]+)\/repondre$/, handler: (s, c, m, p) => answerConsultation(s, c, m[1]!, toLocale(p.get('locale'))) },
  { method: 'GET', pattern: /^\/participer\/consultations\/resultats\.json$/, handler: (s, c, _m, p) => allConsultationResults(s, c, p) },
  { method: 'GET', pattern: /^\/participer\/consultations\/([^/]+)\/resultats\.json$/, handler: (s, c, m, p) => showConsultationResults(s, c, m[1]!, p) },
  // Lists every code and link "sent": development and test runs only (config.ts, devPagesEnabled).
  { method: 'GET', pattern: /^\/participer\/dev\/outbox(\.json)?$/, handler: (_s, c, m) => (participationConfig().devPagesEnabled ? showOutbox(c, Boolean(m[1])) : sendNotFound(c, 'fr')) },
  ...landingPageRoutes,
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
        return await route.handler(strapi, ctx, match, params);
      }
      if (pathMatched) {
        ctx.set('Allow', routes.filter((r) => r.pattern.test(ctx.path)).map((r) => r.method).join(', '));
        return sendHtml(ctx, 405, renderMessagePage(locale, t(locale, 'notFoundTitle'), t(locale, 'notFoundBody')));
      }
      sendNotFound(ctx, locale);
    } catch (error) {
      strapi.log.error(`[participation] ${ctx.method} ${ctx.path} failed: ${String((error as Error)?.stack ?? error)}`);
      sendHtml(ctx, 500, renderMessagePage(locale, t(locale, 'serverErrorTitle'), t(locale, 'serverErrorBody')));
    }
  };
}
