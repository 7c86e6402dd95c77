import { z } from 'zod';
import { allowsDevDefaults, requiredSecret } from '../../config/env-secrets';
import { proxyTrust, type ProxyTrust } from './http/ip-address';
import { ourOrigins } from './http/origins';

/**
 * The write path's settings, read from the environment once and validated (docs/configuration.md).
 * Rate limits are per IP and per petition; over them a submission is kept as "suspect".
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  PUBLIC_SITE_URL: z.string().url().default('http://127.0.0.1:4321'),
  PETITION_RATE_SHORT_MAX: positiveInt(1),
  PETITION_RATE_SHORT_SECONDS: positiveInt(60),
  PETITION_RATE_LONG_MAX: positiveInt(5),
  PETITION_RATE_LONG_SECONDS: positiveInt(300),
  // ~0.3–1 s on an old phone: docs/participation.md "How abuse protection works" gives the measurement.
  ALTCHA_MAX_NUMBER: positiveInt(30_000),
  ALTCHA_EXPIRES_SECONDS: positiveInt(300),
  // Who may tell us the client's address (http/ip-address.ts). Default: nobody, the socket's peer.
  TRUSTED_PROXIES: z.string().default(''),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // The old switch trusted any peer's X-Forwarded-For. `false` is the new default; `true` stops the boot.
  TRUST_PROXY: z.enum(['true', 'false']).optional(),
  DEV_OUTBOX_FILE: z.string().optional(),
  SMTP_HOST: z.string().optional(),
});

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
  const env = schema.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
  if (env.TRUST_PROXY === 'true') {
    throw new Error(
      "Passerelle CMS: TRUST_PROXY=true n'existe plus (il croyait n'importe qui). Nommez vos proxys dans TRUSTED_PROXIES " +
        '(ex. « loopback » derrière le serveur du site) ou comptez-les avec TRUSTED_PROXY_HOPS — TRUST_PROXY=true was removed: ' +
        'it let anyone who reaches the CMS pick their own address. Set TRUSTED_PROXIES (e.g. "loopback") or TRUSTED_PROXY_HOPS.',
    );
  }
  const origins = ourOrigins(process.env);
  cached = {
    siteUrl: env.PUBLIC_SITE_URL.replace(/\/+$/, ''),
    secret: requiredSecret((k) => process.env[k], 'PARTICIPATION_SECRET', 'dev-only-participation-secret'),
    rateLimits: [
      { max: env.PETITION_RATE_SHORT_MAX, windowMs: env.PETITION_RATE_SHORT_SECONDS * 1000 },
      { max: env.PETITION_RATE_LONG_MAX, windowMs: env.PETITION_RATE_LONG_SECONDS * 1000 },
    ],
    proofOfWork: {
      hmacKey: requiredSecret((k) => process.env[k], 'ALTCHA_HMAC_KEY', 'dev-only-altcha-hmac-key'),
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

/** Tests change the environment between suites. */
export function resetParticipationConfig(): void {
  cached = undefined;
}
