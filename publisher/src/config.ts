import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

/** Where the repository is, so defaults work from any working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every setting comes from the environment; each `.describe()` is its row in docs/configuration.md (scripts/configuration-doc.mjs). */
export const envSchema = z.object({
  PUBLISHER_HOST: z.string().min(1).default('127.0.0.1').describe('Address of the webhook receiver and status page. Keep it on a private network: the status page shows build logs.'),
  PUBLISHER_PORT: z.coerce.number().int().min(0).max(65_535).default(4330).describe('Port of the webhook receiver and status page.'),
  // Optional here: only `serve` needs it (checked there); `rollback` and `status` work without it.
  PUBLISHER_SECRET: z
    .string()
    .min(16, 'PUBLISHER_SECRET must be at least 16 characters')
    .optional()
    .describe(
      'Shared secret the CMS sends in `X-Passerelle-Publisher-Secret` (random per run in `npm start`); the publisher refuses other requests (401). At least 16 characters. Required by both when publishing is on.',
    ),
  PUBLISHER_BUILDS_DIR: z
    .string()
    .min(1)
    .default(path.join(repoRoot, 'builds'))
    .describe('Where builds go: `builds/<id>/`, the `current` symlink, `logs/`, `status.json` (`npm start` uses it too).'),
  PUBLISHER_SITE_DIR: z.string().min(1).default(path.join(repoRoot, 'site')).describe('The Astro project to build.'),
  PUBLISHER_DEBOUNCE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(3_000)
    .describe('Quiet time after a publish before the build starts (publishes within it share one build; capped at 4×).'),
  PUBLISHER_KEEP_BUILDS: positiveInt(5).describe('Finished builds kept for rollback (the live one is never deleted).'),
  PUBLISHER_BUILD_TIMEOUT_MS: positiveInt(15 * 60_000).describe('A build taking longer is stopped and counts as failed.'),
  PUBLISHER_MIN_PAGE_RATIO: z.coerce.number().min(0).max(1).default(0.5).describe('A build with fewer pages than this share of the live one is refused.'),
  PUBLISHER_PAGE_BUDGET_BYTES: positiveInt(14 * 1024).describe('Every HTML page, brotli-compressed, must fit or the build is refused.'),
  PUBLISHER_BUILD_ON_START: z
    .enum(['true', 'false', 'if-missing'])
    .default('if-missing')
    .describe('Build when the publisher starts: `true`, `false`, or only when nothing is live yet (`npm start` sets `true`).'),
  PUBLISHER_DAILY_BUILD_AT: z
    .string()
    .regex(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, 'PUBLISHER_DAILY_BUILD_AT is HH:MM (24 h, Montréal time) or off')
    .default('00:05')
    .describe(
      'Montréal time (`HH:MM`) of a daily full build, so a quiet day still turns "open today", closures and holidays, and what is upcoming to the new day ([publishing](publishing.md#the-daily-build)). `off`: builds on publish only.',
    ),
  PUBLISHER_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .optional()
    .describe(
      'Port of the Prometheus endpoint (`GET /metrics`: build durations, failures, publishes waiting), a server of its own, never `PUBLISHER_PORT`. Unset: no metrics endpoint. `0`: any free port.',
    ),
  PUBLISHER_METRICS_HOST: z.string().min(1).default('127.0.0.1').describe('Address the metrics endpoint listens on: loopback, or an address only Prometheus reaches.'),
  CMS_URL: z
    .string()
    .url()
    .default('http://127.0.0.1:1337')
    .describe('The CMS, for the express lane; passed on to every build with the rest of the environment (`PUBLIC_SITE_URL`, `PUBLIC_TILE_URL`, …).'),
  PUBLISHER_EXPRESS: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      "The express lane: a published entry's own page goes live in seconds, before the full build ([express lane](publishing.md#the-express-lane)). Needs the render build (`npm start` and `npm test` make it).",
    ),
});

export interface PublisherConfig {
  host: string;
  port: number;
  secret: string | undefined;
  buildsDir: string;
  siteDir: string;
  debounceMs: number;
  keepBuilds: number;
  buildTimeoutMs: number;
  /** A new build with fewer pages than this share of the live one is refused. */
  minPageRatio: number;
  pageBudgetBytes: number;
  buildOnStart: 'true' | 'false' | 'if-missing';
  /** Montréal wall-clock time of the daily build (daily-build.ts), or null for none. */
  dailyBuildAt: string | null;
  /** The express lane (express.ts): one entry's page live before the full build. */
  express: boolean;
  cmsUrl: string;
  /** The private Prometheus endpoint (metrics.ts), when a port is set. */
  metrics: { host: string; port: number } | null;
  /** Environment passed to `astro build` (CMS_URL, PUBLIC_SITE_URL, …). */
  buildEnv: NodeJS.ProcessEnv;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PublisherConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Publisher configuration is invalid: ${issues}`);
  }
  const e = parsed.data;
  if (e.PUBLISHER_METRICS_PORT !== undefined && e.PUBLISHER_METRICS_PORT !== 0 && e.PUBLISHER_METRICS_PORT === e.PUBLISHER_PORT) {
    throw new Error('Publisher configuration is invalid: PUBLISHER_METRICS_PORT must not be PUBLISHER_PORT (metrics stay on a private port of their own).');
  }
  return {
    host: e.PUBLISHER_HOST,
    port: e.PUBLISHER_PORT,
    secret: e.PUBLISHER_SECRET,
    buildsDir: path.resolve(e.PUBLISHER_BUILDS_DIR),
    siteDir: path.resolve(e.PUBLISHER_SITE_DIR),
    debounceMs: e.PUBLISHER_DEBOUNCE_MS,
    keepBuilds: e.PUBLISHER_KEEP_BUILDS,
    buildTimeoutMs: e.PUBLISHER_BUILD_TIMEOUT_MS,
    minPageRatio: e.PUBLISHER_MIN_PAGE_RATIO,
    pageBudgetBytes: e.PUBLISHER_PAGE_BUDGET_BYTES,
    buildOnStart: e.PUBLISHER_BUILD_ON_START,
    dailyBuildAt: e.PUBLISHER_DAILY_BUILD_AT === 'off' ? null : e.PUBLISHER_DAILY_BUILD_AT,
    express: e.PUBLISHER_EXPRESS === 'true',
    cmsUrl: e.CMS_URL,
    metrics: e.PUBLISHER_METRICS_PORT === undefined ? null : { host: e.PUBLISHER_METRICS_HOST, port: e.PUBLISHER_METRICS_PORT },
    buildEnv: { ...env, CMS_URL: e.CMS_URL, ASTRO_TELEMETRY_DISABLED: '1', PAGEFIND_TELEMETRY: 'false' },
  };
}
