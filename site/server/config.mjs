import { resolve } from 'node:path';
import { z } from 'zod';
import { previewConfig } from './preview.mjs';

/**
 * Everything the site server reads from its environment, parsed once by its entry point
 * (serve.mjs run as a command) and passed to `createSiteServer`. Each variable is `.describe()`d:
 * the description is its row in docs/configuration.md (scripts/configuration-doc.mjs).
 */
const optionalText = () => z.string().optional();

export const siteServerSchema = z.object({
  SITE_DIR: optionalText().describe(
    'Folder the static server serves (default `site/dist`; `builds/current` in `npm start`). May be a symlink swapped while it runs: it is followed on every request.',
  ),
  HOST: z.string().default('127.0.0.1').describe('Address the site server listens on.'),
  SITE_PORT: optionalText().describe('Port the site server listens on (before `PORT`; default 4321).'),
  PORT: optionalText().describe('Port the site server listens on when `SITE_PORT` is unset.'),
  CMS_URL: optionalText().describe('Where `/participer/` is proxied, and the preview reads drafts; without it those URLs answer 503.'),
  CMS_PUBLIC_URL: optionalText().describe(
    "Added to the CSP `form-action` when forms post to the CMS, and to `frame-ancestors` of the preview (the admin's origin).",
  ),
  PUBLIC_SITE_URL: optionalText().describe(
    '`https://…`: every answer carries `Strict-Transport-Security` (so does any answer to a request whose `X-Forwarded-Proto` is `https`, from the TLS proxy in front). `npm start` sets it.',
  ),
  PREVIEW_SECRET: optionalText().describe('The CMS\'s `PREVIEW_SECRET`: the site server answers 401 to a preview URL it did not sign. With `PREVIEW_API_TOKEN` and `CMS_URL`, `/apercu/` is on.'),
  PREVIEW_API_TOKEN: optionalText().describe("The CMS's `PREVIEW_API_TOKEN`: the preview reads drafts with it."),
  PREVIEW_DATA_STORE: optionalText().describe('Content store the preview renders the rest of the site from (default `site/node_modules/.astro/data-store.json`).'),
});

/**
 * @typedef {{
 *   siteDir: string,
 *   host: string,
 *   port: number,
 *   cmsUrl: URL | null,
 *   cmsPublicUrl: string,
 *   siteIsHttps: boolean,
 *   preview: import('./preview.mjs').PreviewConfig | null,
 *   previewDataStore: string | undefined,
 * }} SiteServerConfig
 */

/**
 * @param {Record<string, string | undefined>} env
 * @returns {SiteServerConfig}
 */
export function siteServerConfig(env = process.env) {
  const parsed = siteServerSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Site server configuration is invalid: ${issues}`);
  }
  const e = parsed.data;
  return {
    siteDir: resolve(e.SITE_DIR ?? new URL('../dist', import.meta.url).pathname),
    host: e.HOST,
    port: Number(e.SITE_PORT ?? e.PORT ?? 4321),
    cmsUrl: e.CMS_URL ? new URL(e.CMS_URL) : null,
    cmsPublicUrl: e.CMS_PUBLIC_URL ?? '',
    siteIsHttps: (e.PUBLIC_SITE_URL ?? '').startsWith('https:'),
    preview: previewConfig(e),
    previewDataStore: e.PREVIEW_DATA_STORE,
  };
}
