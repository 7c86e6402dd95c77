import type { Core } from '@strapi/strapi';
import { requiredSecretList } from './env-secrets';
import { runScheduledRetention } from '../src/participation/retention';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: {
    keys: requiredSecretList(env, 'APP_KEYS', 'dev-only-app-key-1,dev-only-app-key-2'),
  },
  // The update check is the only outbound call left once telemetry is off: no network here.
  logger: { updates: { enabled: false }, config: { level: env('LOG_LEVEL', 'http') } },
  // Law 25 retention (src/participation/retention.ts), every night in Québec's time zone.
  cron: {
    enabled: env.bool('CRON_ENABLED', true),
    tasks: {
      passerelleRetention: {
        task: ({ strapi }: { strapi: Core.Strapi }) => runScheduledRetention(strapi),
        options: { rule: env('RETENTION_CRON', '15 3 * * *'), tz: 'America/Toronto' },
      },
    },
  },
});
