import { z } from 'zod';
import { requiredSecret } from '../../config/env-secrets';

/**
 * The write path's settings, read from the environment once and validated (README: configuration).
 * Rate limits are per IP and per petition; over them a submission is kept as "suspect".
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  PUBLIC_SITE_URL: z.string().url().default('http://127.0.0.1:4321'),
  PETITION_RATE_SHORT_MAX: positiveInt(1),
  PETITION_RATE_SHORT_SECONDS: positiveInt(60),
  PETITION_RATE_LONG_MAX: positiveInt(5),
  PETITION_RATE_LONG_SECONDS: positiveInt(300),
  // ~0.3–1 s on an old phone: README "How abuse protection works" gives the measurement.
  ALTCHA_MAX_NUMBER: positiveInt(30_000),
  ALTCHA_EXPIRES_SECONDS: positiveInt(300),
  TRUST_PROXY: z.enum(['true', 'false']).default('true'),
  DEV_OUTBOX_FILE: z.string().optional(),
  SMTP_HOST: z.string().optional(),
});

export interface ParticipationConfig {
  siteUrl: string;
  secret: string;
  rateLimits: Array<{ max: number; windowMs: number }>;
  /** ALTCHA proof of work on the petition form (proof-of-work/challenges.ts). */
  proofOfWork: { hmacKey: string; maxNumber: number; expiresMs: number };
  trustProxy: boolean;
  outboxFile: string | undefined;
  devPagesEnabled: boolean;
}

let cached: ParticipationConfig | undefined;

export function participationConfig(): ParticipationConfig {
  if (cached) return cached;
  const env = schema.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
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
    trustProxy: env.TRUST_PROXY === 'true',
    outboxFile: env.DEV_OUTBOX_FILE,
    devPagesEnabled: process.env.NODE_ENV !== 'production',
  };
  return cached;
}

/** Tests change the environment between suites. */
export function resetParticipationConfig(): void {
  cached = undefined;
}
