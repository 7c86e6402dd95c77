import { z } from 'zod';
import { allowsDevDefaults } from '../../config/env-secrets';
import { cmsConfig, type CmsConfig, type CmsEnv } from '../config';

/**
 * Draft preview: the admin shows a draft through the site's `/apercu/` page, which fetches it with
 * a read-only API token. Values shared with the site server:
 * - PREVIEW_SECRET: the key that signs each preview URL (never sent in one);
 * - PREVIEW_API_TOKEN: the access key of the read-only token the CMS creates at boot;
 * - PREVIEW_SITE_URL (else PUBLIC_SITE_URL): where the site server answers.
 * And the CMS's own PREVIEW_URL_TTL_SECONDS: how long a URL it hands out keeps working.
 * Development and test runs get committed defaults; elsewhere, preview is off until both secrets
 * are set (and setting only one stops the boot: a half-configured preview is a mistake).
 */
export interface PreviewSettings {
  siteUrl: string;
  secret: string;
  apiToken: string;
  urlTtlSeconds: number;
}

const DEV_SECRET = 'dev-only-preview-secret';
const DEV_API_TOKEN = 'dev-only-preview-api-token-not-for-production';
const MIN_LENGTH = 24;

/**
 * Long enough to read a draft and come back to it, short enough that a URL copied out of the panel
 * (browser history, a screenshot, a forwarded link) soon stops opening anything. The admin asks
 * for a fresh URL each time the panel opens.
 */
const DEFAULT_TTL_SECONDS = 1800;
const ttlSeconds = z.coerce
  .number({ invalid_type_error: 'PREVIEW_URL_TTL_SECONDS must be a whole number of seconds' })
  .int('PREVIEW_URL_TTL_SECONDS must be a whole number of seconds')
  .min(60, 'PREVIEW_URL_TTL_SECONDS must be at least 60 (seconds)')
  .max(86_400, 'PREVIEW_URL_TTL_SECONDS must be at most 86400 (one day)');

/** The configuration's preview values, and the site's URL they fall back to. */
export const previewEnvOf = (config: CmsConfig): CmsEnv => ({ ...config.preview, PUBLIC_SITE_URL: config.participation.PUBLIC_SITE_URL });

export function previewSettings(env: CmsEnv = previewEnvOf(cmsConfig())): PreviewSettings | null {
  const dev = allowsDevDefaults();
  const secret = env.PREVIEW_SECRET?.trim() || (dev ? DEV_SECRET : '');
  const apiToken = env.PREVIEW_API_TOKEN?.trim() || (dev ? DEV_API_TOKEN : '');
  if (!secret && !apiToken) return null;
  if (!secret || !apiToken) {
    throw new Error(
      'Passerelle CMS: PREVIEW_SECRET et PREVIEW_API_TOKEN vont ensemble — set both for the draft preview, or neither to turn it off.',
    );
  }
  if (!dev && (secret.length < MIN_LENGTH || apiToken.length < MIN_LENGTH)) {
    throw new Error(`Passerelle CMS: PREVIEW_SECRET and PREVIEW_API_TOKEN must be at least ${MIN_LENGTH} characters long.`);
  }
  const ttl = ttlSeconds.safeParse(env.PREVIEW_URL_TTL_SECONDS?.trim() || DEFAULT_TTL_SECONDS);
  if (!ttl.success) throw new Error(`Passerelle CMS: ${ttl.error.issues[0]?.message ?? 'invalid PREVIEW_URL_TTL_SECONDS'}.`);
  const siteUrl = (env.PREVIEW_SITE_URL || env.PUBLIC_SITE_URL || 'http://127.0.0.1:4321').replace(/\/+$/, '');
  return { siteUrl, secret, apiToken, urlTtlSeconds: ttl.data };
}
