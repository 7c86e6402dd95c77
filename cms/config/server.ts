import type { Core } from '@strapi/strapi';
import { requiredSecret } from './env-secrets';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: {
    keys: requiredSecret(env, 'APP_KEYS', 'dev-only-app-key-1,dev-only-app-key-2').split(','),
  },
  // The update check is the only outbound call left once telemetry is off: no network here.
  logger: { updates: { enabled: false }, config: { level: env('LOG_LEVEL', 'http') } },
});
