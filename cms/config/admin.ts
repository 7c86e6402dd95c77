import type { Core } from '@strapi/strapi';
import { requiredSecret } from './env-secrets';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  auth: { secret: requiredSecret(env, 'ADMIN_JWT_SECRET', 'dev-only-admin-jwt-secret') },
  apiToken: { salt: requiredSecret(env, 'API_TOKEN_SALT', 'dev-only-api-token-salt') },
  transfer: { token: { salt: requiredSecret(env, 'TRANSFER_TOKEN_SALT', 'dev-only-transfer-token-salt') } },
  secrets: { encryptionKey: requiredSecret(env, 'ENCRYPTION_KEY', 'dev-only-encryption-key-32-chars!') },
  // Enterprise AI features and marketing prompts call out to Strapi's servers: both off.
  ai: { enabled: false },
  flags: { nps: false, promoteEE: false },
});
