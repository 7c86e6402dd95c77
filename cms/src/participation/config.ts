import { allowsDevDefaults, requiredSecret } from '../../config/env-secrets';
import { cmsConfig, resetCmsConfig } from '../config';
import { proxyTrust, type ProxyTrust } from './http/ip-address';
import { ourOrigins } from './http/origins';

/**
 * The write path's settings, from the CMS configuration (src/config/schema.ts, docs/configuration.md).
 * Rate limits are per IP and per petition; over them a submission is kept as "suspect".
 */
export interface ParticipationConfig {
  siteUrl: string;
  secret: string;
  rateLimits: Array<{ max: number; windowMs: number }>;
  /** ALTCHA proof of work on the petition form (proof-of-work/challenges.ts). */
  proofOfWork: { hmacKey: string; maxNumber: number; expiresMs: number };
  /** Which hops in front of the CMS may name the client (X-Forwarded-For, X-Forwarded-Proto). */
  proxies: ProxyTrust;
  /** Origins whose pages may post the forms: the site's, the CMS's public one, ALLOWED_ORIGINS. */
  allowedOrigins: string[];
  /** A public URL is https: write-path answers carry Strict-Transport-Security. */
  httpsPublic: boolean;
  outboxFile: string | undefined;
  /** The dev outbox page: only where development defaults are allowed (development, test). */
  devPagesEnabled: boolean;
}

let cached: ParticipationConfig | undefined;

export function participationConfig(): ParticipationConfig {
  if (cached) return cached;
  const env = cmsConfig().participation;
  if (env.TRUST_PROXY === 'true') {
    throw new Error(
      "Passerelle CMS: TRUST_PROXY=true n'existe plus (il croyait n'importe qui). Nommez vos proxys dans TRUSTED_PROXIES " +
        '(ex. « loopback » derrière le serveur du site) ou comptez-les avec TRUSTED_PROXY_HOPS — TRUST_PROXY=true was removed: ' +
        'it let anyone who reaches the CMS pick their own address. Set TRUSTED_PROXIES (e.g. "loopback") or TRUSTED_PROXY_HOPS.',
    );
  }
  const origins = ourOrigins({ ...env, PUBLIC_URL: cmsConfig().strapi.PUBLIC_URL });
  cached = {
    siteUrl: env.PUBLIC_SITE_URL.replace(/\/+$/, ''),
    secret: requiredSecret(() => env.PARTICIPATION_SECRET, 'PARTICIPATION_SECRET', 'dev-only-participation-secret'),
    rateLimits: [
      { max: env.PETITION_RATE_SHORT_MAX, windowMs: env.PETITION_RATE_SHORT_SECONDS * 1000 },
      { max: env.PETITION_RATE_LONG_MAX, windowMs: env.PETITION_RATE_LONG_SECONDS * 1000 },
    ],
    proofOfWork: {
      hmacKey: requiredSecret(() => env.ALTCHA_HMAC_KEY, 'ALTCHA_HMAC_KEY', 'dev-only-altcha-hmac-key'),
      maxNumber: env.ALTCHA_MAX_NUMBER,
      expiresMs: env.ALTCHA_EXPIRES_SECONDS * 1000,
    },
    proxies: proxyTrust(env.TRUSTED_PROXIES, env.TRUSTED_PROXY_HOPS),
    allowedOrigins: origins.all,
    httpsPublic: origins.https,
    outboxFile: env.DEV_OUTBOX_FILE,
    // Not "!== 'production'": staging with real secrets and real people's messages is not a dev box.
    devPagesEnabled: allowsDevDefaults(),
  };
  return cached;
}

/** Tests change the environment between suites: the whole CMS configuration is read again. */
export function resetParticipationConfig(): void {
  cached = undefined;
  resetCmsConfig();
}
