import type { Core } from '@strapi/strapi';
import { privacyPolicyPath, retentionFromEnv } from '@passerelle/shared/privacy/retention';
import { cmsConfig } from '../config';

/**
 * GET /passerelle/confidentialite.json, public: the retention periods the nightly job applies
 * (RETENTION_*, read by the CMS only). The site's build reads them here for its privacy page, so
 * the page states what the CMS does and the periods are set in one place.
 */
export function registerPrivacyPolicyRoute(strapi: Core.Strapi): void {
  strapi.server.routes([
    {
      method: 'GET',
      path: privacyPolicyPath,
      handler: (ctx: { set(field: string, value: string): void; body: unknown }) => {
        ctx.set('Cache-Control', 'public, max-age=300');
        ctx.body = { retention: retentionFromEnv(cmsConfig().retention) };
      },
      config: { auth: false },
    },
  ]);
}
