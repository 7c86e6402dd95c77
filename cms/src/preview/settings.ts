import { allowsDevDefaults } from '../../config/env-secrets';

/**
 * Draft preview (issue 4): the admin shows a draft through the site's `/apercu/` page, which fetches
 * it with a read-only API token. Three values, shared with the site server:
 * - PREVIEW_SECRET: the site refuses a preview request without it;
 * - PREVIEW_API_TOKEN: the access key of the read-only token the CMS creates at boot;
 * - PREVIEW_SITE_URL (else PUBLIC_SITE_URL): where the site server answers.
 * Development and test runs get committed defaults; elsewhere, preview is off until both secrets
 * are set (and setting only one stops the boot: a half-configured preview is a mistake).
 */
export interface PreviewSettings {
  siteUrl: string;
  secret: string;
  apiToken: string;
}

const DEV_SECRET = 'dev-only-preview-secret';
const DEV_API_TOKEN = 'dev-only-preview-api-token-not-for-production';
const MIN_LENGTH = 24;

export function previewSettings(env: NodeJS.ProcessEnv = process.env): PreviewSettings | null {
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
  const siteUrl = (env.PREVIEW_SITE_URL || env.PUBLIC_SITE_URL || 'http://127.0.0.1:4321').replace(/\/+$/, '');
  return { siteUrl, secret, apiToken };
}
