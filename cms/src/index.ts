import type { Core } from '@strapi/strapi';
import { registerAdminWidgetRoutes } from './admin-api/routes';
import { applyAdminRoles, guardPrivateCollections } from './bootstrap/admin-roles';
import { ensureFirstAdmin } from './bootstrap/first-admin';
import { ensureLocales } from './bootstrap/locales';
import { ensurePreviewToken } from './bootstrap/preview-token';
import { applyPublicPermissions } from './bootstrap/public-permissions';
import { registerPublisherWebhook } from './bootstrap/publisher-webhook';
import { seedDemoDataFromFiles } from './bootstrap/seed';
import { assignShortCodes, backfillShortCodes } from './document-middlewares/assign-short-codes';
import { clearPublicAnswerCaches } from './document-middlewares/clear-public-answer-caches';
import { forcePublishedReads } from './document-middlewares/force-published-reads';
import { hideResultsUntilClosed } from './document-middlewares/hide-results-until-closed';
import { refuseHiddenFieldQueries } from './document-middlewares/refuse-hidden-field-queries';
import { useDocumentMiddleware } from './document-middlewares/types';
import { bumpMeetingSequence } from './participation/space/bump-meeting-sequence';
import { validateContent } from './document-middlewares/validate-content';
import { episodeAudio } from './podcast/episode-audio';
import { normaliseMembers } from './participation/space/normalise-members';
import { deleteResourcesWithTable } from './participation/space/resources';
import { tellRegistrantsOfDeletedSession } from './participation/space/peer-sessions';
import { applyUploadSettings, stripMetadataOnUpload } from './upload/strip-image-metadata';
import { applyFieldHints } from './editorial/field-hints';
import { registerReviewQueueRoute } from './editorial/review-queue';
import { registerPrivacyPolicyRoute } from './privacy/policy-route';
import { fallbackReviewers } from './editorial/reviewers';
import { reviewWorkflow } from './editorial/review-workflow';
import { prefetchForGraphql } from './graphql/batched-relations';
import { registerPublishedOnlyQueries } from './graphql/force-published-queries';
import { bootstrapParticipation, hidePrivateTypesFromGraphql, stopOutboxWorker } from './participation/bootstrap';
import { tellProposerOnPublish } from './participation/proposals/tell-proposer-on-publish';
import { tellRegistrantsOnCancel } from './participation/events/cancellation';
import { alertOnPublish } from './participation/alerts/new-items';
import { tellOutcomeOnPublish } from './participation/outcome-news';
import { cmsConfig, resetCmsConfig } from './config';
import { checkMetricsPort, startMetricsEndpoint, stopMetricsEndpoint } from './operations/metrics-endpoint';
import { markNotReady, markReady, registerReadinessRoute } from './operations/readiness';
import { prepareScheduledJobs } from './operations/scheduled-jobs';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // Each boot reads the environment once, afresh (tests boot several apps in one process).
    resetCmsConfig();
    checkMetricsPort();
    registerReadinessRoute(strapi);
    useDocumentMiddleware(strapi, forcePublishedReads(strapi));
    useDocumentMiddleware(strapi, validateContent(strapi));
    // After validation: a refused write transcodes nothing.
    useDocumentMiddleware(strapi, episodeAudio(strapi));
    useDocumentMiddleware(strapi, normaliseMembers());
    useDocumentMiddleware(strapi, bumpMeetingSequence(strapi));
    useDocumentMiddleware(strapi, deleteResourcesWithTable(strapi));
    useDocumentMiddleware(strapi, tellRegistrantsOfDeletedSession(strapi));
    // After validation: a refused write draws no code.
    useDocumentMiddleware(strapi, assignShortCodes(strapi));
    // After validation, so a refused write never sends a review e-mail.
    useDocumentMiddleware(strapi, reviewWorkflow(strapi));
    useDocumentMiddleware(strapi, tellProposerOnPublish(strapi));
    useDocumentMiddleware(strapi, tellRegistrantsOnCancel(strapi));
    useDocumentMiddleware(strapi, alertOnPublish(strapi));
    useDocumentMiddleware(strapi, tellOutcomeOnPublish(strapi));
    registerReviewQueueRoute(strapi);
    registerAdminWidgetRoutes(strapi);
    registerPrivacyPolicyRoute(strapi);
    // Fail at boot on a malformed REVIEW_NOTIFY_EMAIL rather than at the first review request.
    fallbackReviewers();
    useDocumentMiddleware(strapi, refuseHiddenFieldQueries(strapi));
    useDocumentMiddleware(strapi, hideResultsUntilClosed(strapi));
    useDocumentMiddleware(strapi, clearPublicAnswerCaches());
    registerPublishedOnlyQueries(strapi);
    useDocumentMiddleware(strapi, prefetchForGraphql(strapi));
    hidePrivateTypesFromGraphql(strapi);
    stripMetadataOnUpload(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await prepareScheduledJobs(strapi);
    await ensureLocales(strapi);
    await applyPublicPermissions(strapi);
    await guardPrivateCollections(strapi);
    await applyAdminRoles(strapi);
    await applyFieldHints(strapi);
    await bootstrapParticipation(strapi);
    await ensureFirstAdmin(strapi);
    await ensurePreviewToken(strapi);
    await applyUploadSettings(strapi);
    await backfillShortCodes(strapi);
    if (cmsConfig().runtime.SEED_DEMO_DATA === 'true') await seedDemoDataFromFiles(strapi);
    // After the seed, so seeding does not send a burst of webhooks to the publisher.
    await registerPublisherWebhook(strapi);
    await startMetricsEndpoint(strapi);
    // Last: /_ready answers 200 only once everything above is done.
    markReady(strapi);
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    // Out of the load balancer first, while requests in flight finish.
    markNotReady(strapi);
    await stopMetricsEndpoint(strapi);
    // Messages being sent finish; the rest wait in the outbox for the next process.
    await stopOutboxWorker();
  },
};
