import type { Core } from '@strapi/strapi';
import { requiredSecretList } from './env-secrets';
import { parseCmsSection } from '../src/config';
import { runScheduledEventReminders } from '../src/participation/events/reminders';
import { runScheduledRetention } from '../src/participation/retention';
import { runScheduledAlertDigests } from '../src/participation/alerts/digest';
import { runScheduledHandDigests } from '../src/participation/space/hands-notices';

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  // The same schema as src/config: Strapi reads this file at each boot, before src/index.ts.
  const settings = parseCmsSection('strapi', process.env);
  return {
    host: settings.HOST,
    port: settings.PORT,
    url: settings.PUBLIC_URL ?? '',
    // Uploads live in its `uploads/`: a volume of their own in production, a temp folder in tests.
    dirs: { public: settings.PUBLIC_DIR },
    app: {
      keys: requiredSecretList(env, 'APP_KEYS', 'dev-only-app-key-1,dev-only-app-key-2'),
    },
    // The update check is the only outbound call left once telemetry is off: no network here.
    logger: { updates: { enabled: false }, config: { level: settings.LOG_LEVEL } },
    // Law 25 retention (src/participation/retention.ts), every night, and the reminders the day
    // before an event (src/participation/events/reminders.ts), hourly: in Québec's time zone, each
    // run on one instance only whatever the number of instances (src/operations/job-lock.ts).
    cron: {
      enabled: settings.CRON_ENABLED,
      tasks: {
        passerelleRetention: {
          task: ({ strapi }: { strapi: Core.Strapi }, fireDate?: Date) => runScheduledRetention(strapi, fireDate),
          options: { rule: settings.RETENTION_CRON, tz: 'America/Toronto' },
        },
        passerelleEventReminders: {
          task: ({ strapi }: { strapi: Core.Strapi }, fireDate?: Date) => runScheduledEventReminders(strapi, fireDate),
          options: { rule: settings.EVENT_REMINDER_CRON, tz: 'America/Toronto' },
        },
        // The weekly alert digests (src/participation/alerts/digest.ts): hourly, sending only on the day chosen.
        passerelleAlertDigests: {
          task: ({ strapi }: { strapi: Core.Strapi }, fireDate?: Date) => runScheduledAlertDigests(strapi, fireDate),
          options: { rule: settings.ALERT_DIGEST_CRON, tz: 'America/Toronto' },
        },
        // The weekly digest of requests for a hand in the practitioners' space (src/participation/space/hands-notices.ts).
        passerelleHandDigests: {
          task: ({ strapi }: { strapi: Core.Strapi }, fireDate?: Date) => runScheduledHandDigests(strapi, fireDate),
          options: { rule: settings.HAND_DIGEST_CRON, tz: 'America/Toronto' },
        },
      },
    },
  };
};
