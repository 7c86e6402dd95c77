import type { Core } from '@strapi/strapi';
import { requiredSecret } from './env-secrets';
import { previewHandler } from '../src/preview/handler';
import { readCmsConfig } from '../src/config';
import { previewEnvOf, previewSettings } from '../src/preview/settings';

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  // Strapi reads its config files at each boot, before src/index.ts: the environment as it is now.
  const preview = previewSettings(previewEnvOf(readCmsConfig(process.env)));
  return {
    auth: { secret: requiredSecret(env, 'ADMIN_JWT_SECRET', 'dev-only-admin-jwt-secret') },
    apiToken: { salt: requiredSecret(env, 'API_TOKEN_SALT', 'dev-only-api-token-salt') },
    transfer: { token: { salt: requiredSecret(env, 'TRANSFER_TOKEN_SALT', 'dev-only-transfer-token-salt') } },
    secrets: { encryptionKey: requiredSecret(env, 'ENCRYPTION_KEY', 'dev-only-encryption-key-32-chars!') },
    // Enterprise AI features and marketing prompts call out to Strapi's servers: both off.
    ai: { enabled: false },
    flags: { nps: false, promoteEE: false },
    // Draft preview (Community Edition part): the edit view shows the site's /apercu/ page in an
    // iframe, through a URL signed for that one document, given only to an admin who may read it.
    preview: preview
      ? {
          enabled: true,
          config: {
            allowedOrigins: [new URL(preview.siteUrl).origin],
            handler: (uid: string, request: { documentId?: string; locale?: string | null; status?: string | null }) =>
              previewHandler(preview, uid, request),
          },
        }
      : { enabled: false },
  };
};
