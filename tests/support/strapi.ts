import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Boots the Passerelle Strapi app in-process on a fresh database, for integration tests.
 *
 * - SQLite (default): a new file under the OS temp dir, deleted by `stop()`. It starts as a copy of
 *   a database this same CMS build and environment already booted once (see `sqliteTemplate`).
 * - PostgreSQL when DATABASE_CLIENT=postgres: the database named by DATABASE_URL or DATABASE_NAME
 *   must exist; its `public` schema is dropped and recreated first so every suite starts empty.
 *
 * Traps handled (shared/RECIPES.md): Strapi is loaded through `createRequire` (its ESM build fails
 * on `lodash/fp`), and `strapi.destroy()` is kept from calling `process.removeAllListeners()`, which
 * would kill the Vitest worker.
 */
const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms');
export const cmsRequire = createRequire(path.join(cmsDir, 'package.json'));

// The Strapi type lives in the cms package; tests use the few members they need.
export type Strapi = any;

export interface StartedStrapi {
  strapi: Strapi;
  baseUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Seed cms/data/*.json during bootstrap (SEED_DEMO_DATA=true). */
  seed?: boolean;
  /** Environment for this boot, applied over `hermeticEnv`; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /**
   * Boot on the database `env` names as it is (a restored backup): PostgreSQL is not wiped, and the
   * SQLite file (`DATABASE_FILENAME`, required) is neither chosen nor deleted by `stop()`.
   */
  existingDatabase?: boolean;
}

/**
 * Set on every boot so a developer's shell cannot change what a test sees. Secrets fall back to
 * their committed dev values only in an explicit development or test run. Tests reach the CMS
 * from 127.0.0.1 and send `X-Forwarded-For` to act as many residents, which the CMS believes only
 * from a trusted proxy — here the loopback, as behind the site server.
 */
export const hermeticEnv: Record<string, string | undefined> = {
  NODE_ENV: 'test',
  // The first admin is the committed development one unless a test names its own through `env`.
  ADMIN_EMAIL: undefined,
  ADMIN_PASSWORD: undefined,
  CMS_URL: undefined,
  TRUSTED_PROXIES: 'loopback',
  TRUSTED_PROXY_HOPS: undefined,
  TRUST_PROXY: undefined,
  PUBLIC_URL: undefined,
  PUBLIC_SITE_URL: undefined,
  ALLOWED_ORIGINS: undefined,
  SEED_FIXTURES_DIR: undefined,
  // Uploads go to cms/public/uploads unless a test gives its own folder.
  PUBLIC_DIR: undefined,
  // The outbox's worker: quick rounds and short retries, so tests wait milliseconds for messages.
  OUTBOX_POLL_MS: '50',
  OUTBOX_RETRY_BASE_MS: '20',
  OUTBOX_MAX_ATTEMPTS: undefined,
  OUTBOX_RETRY_MAX_MS: undefined,
  OUTBOX_LEASE_SECONDS: undefined,
  OUTBOX_KEEP_DAYS: undefined,
};

export function applyEnv(env: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/**
 * The running CMS reads its environment once per boot (cms/src/config). A test that changes a
 * variable while the CMS runs asks it to read the environment again, as a new boot would.
 */
export function rereadCmsEnvironment(): void {
  cmsRequire(path.join(cmsDir, 'dist', 'src', 'config', 'index.js')).resetCmsConfig();
}

const usesPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

/** Same variables and defaults as cms/config/database.ts, so we wipe the database Strapi will use. */
async function resetPostgres(): Promise<void> {
  if (!process.env.DATABASE_URL && !process.env.DATABASE_NAME) {
    throw new Error('DATABASE_CLIENT=postgres: set DATABASE_URL or DATABASE_NAME to a disposable test database (it is wiped).');
  }
  const { Client } = cmsRequire('pg');
  const client = process.env.DATABASE_URL
    ? new Client({ connectionString: process.env.DATABASE_URL })
    : new Client({
        host: process.env.DATABASE_HOST ?? '127.0.0.1',
        port: Number(process.env.DATABASE_PORT ?? 5432),
        database: process.env.DATABASE_NAME,
        user: process.env.DATABASE_USERNAME ?? 'passerelle',
        password: process.env.DATABASE_PASSWORD ?? '',
      });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/**
 * Strapi's first boot on an empty SQLite file creates every table and runs a first bootstrap:
 * 10–30 s on two cores, against 3–5 s for a boot on a database that already has them. Each test file
 * boots its own CMS, so the first boot of a run keeps a copy of its database, freshly bootstrapped
 * and not yet touched by any test, and later boots start from that copy and bootstrap again over
 * it — exactly what a production restart does. The copy is only reused by a boot of the same compiled
 * CMS (its files' sizes and times), the same lockfile and the same environment, so a test that sets
 * its own variables (an admin, a provider) gets a first boot of its own. Not for seeded boots
 * (the seed is what those tests check) nor PostgreSQL (wiped and rebuilt per file).
 */
const perFileVariables = new Set(['DATABASE_FILENAME', 'DEV_OUTBOX_FILE', 'SPACE_FILES_DIR']);

function sqliteTemplate(dir: string, distDir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const { size, mtimeMs } = statSync(full);
        hash.update(`${full}\0${size}\0${mtimeMs}\n`);
      }
    }
  };
  walk(distDir);
  hash.update(readFileSync(path.join(cmsDir, '..', 'pnpm-lock.yaml')));
  const env = Object.entries(process.env)
    .filter(([key]) => !perFileVariables.has(key) && !key.startsWith('VITEST'))
    .sort(([a], [b]) => a.localeCompare(b));
  hash.update(JSON.stringify(env));
  return path.join(dir, `template-${hash.digest('hex').slice(0, 32)}.db`);
}

let compiled: Promise<{ appDir: string; distDir: string }> | undefined;
/** tsc is incremental: after the first file of a run this takes well under a second. */
function compileOnce(): Promise<{ appDir: string; distDir: string }> {
  if (!compiled) compiled = cmsRequire('./scripts/compile.js').compileApp() as Promise<{ appDir: string; distDir: string }>;
  return compiled;
}

export async function startStrapi({ seed = false, env = {}, existingDatabase = false }: StartOptions = {}): Promise<StartedStrapi> {
  const { appDir, distDir } = await compileOnce();
  applyEnv({ ...hermeticEnv, ...env });

  let sqliteFile: string | undefined;
  let template: string | undefined;
  let fromTemplate = false;
  if (existingDatabase) {
    if (!usesPostgres() && !env.DATABASE_FILENAME) throw new Error('existingDatabase on SQLite: name the file in env.DATABASE_FILENAME');
  } else if (usesPostgres()) {
    await resetPostgres();
  } else {
    const dir = path.join(tmpdir(), 'passerelle-tests');
    mkdirSync(dir, { recursive: true });
    sqliteFile = path.join(dir, `cms-${process.pid}-${randomBytes(4).toString('hex')}.db`);
    process.env.DATABASE_CLIENT = 'sqlite';
    process.env.DATABASE_FILENAME = sqliteFile;
  }
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.SEED_DEMO_DATA = seed ? 'true' : 'false';
  process.env.LOG_LEVEL ??= 'warn';
  if (sqliteFile && !seed) {
    template = sqliteTemplate(path.dirname(sqliteFile), distDir);
    try {
      copyFileSync(template, sqliteFile);
      fromTemplate = true;
    } catch {
      // No copy yet for this build and environment (or another run just replaced it): a first boot.
    }
  }

  const { createStrapi } = cmsRequire('@strapi/strapi');
  const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  await strapi.load();
  if (template && !fromTemplate && !existsSync(template)) {
    // A consistent copy even while the outbox worker reads, then an atomic rename: a concurrent run
    // sees either no copy or a whole one.
    const partial = `${template}.${process.pid}.partial`;
    await strapi.db.connection.raw('VACUUM INTO ?', [partial]);
    renameSync(partial, template);
  }
  await new Promise<void>((resolve) => strapi.server.listen(0, '127.0.0.1', () => resolve()));
  const address = strapi.server.httpServer.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    strapi,
    baseUrl,
    async stop() {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back on `process` below, never called on its own
      const removeAll = process.removeAllListeners;
      process.removeAllListeners = () => process;
      try {
        await strapi.destroy();
      } finally {
        process.removeAllListeners = removeAll;
      }
      if (sqliteFile) {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(sqliteFile + suffix, { force: true });
      }
    },
  };
}

/** JSON over HTTP against the booted app, with an optional bearer token. */
export async function api(
  baseUrl: string,
  pathAndQuery: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(baseUrl + pathAndQuery, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Non-JSON answers (HTML error pages) stay as text.
  }
  return { status: response.status, body };
}

export async function graphql(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ status: number; data: any; errors: any[] | undefined }> {
  const { status, body } = await api(baseUrl, '/graphql', { body: { query, variables }, ...(token ? { token } : {}) });
  return { status, data: body?.data, errors: body?.errors };
}

/** A full-access API token, the kind the site's preview build would use. */
export async function createFullAccessToken(strapi: Strapi, name = `test-${randomBytes(3).toString('hex')}`): Promise<string> {
  const token = await strapi.service('admin::api-token').create({
    name,
    type: 'full-access',
    lifespan: null,
    description: 'integration test',
  });
  return token.accessKey;
}

/**
 * A balado episode cannot be published without its audio (cms/src/podcast/episode-audio.ts): for
 * tests that publish one of every public type, `data` for an episode gets a 12-second tone,
 * uploaded and transcoded like an editor's file. Other types' data is returned as it is.
 */
export async function withEpisodeAudio(strapi: Strapi, uid: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (uid !== 'api::episode.episode') return data;
  const { execFileSync } = await import('node:child_process');
  const { statSync } = await import('node:fs');
  const dir = path.join(tmpdir(), `passerelle-episode-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  try {
    const file = path.join(dir, 'episode.mp3');
    execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=12', '-c:a', 'libmp3lame', '-b:a', '64k', file]);
    const [uploaded] = await strapi.plugin('upload').service('upload').upload({
      data: { fileInfo: { name: 'episode.mp3' } },
      files: { filepath: file, originalFilename: 'episode.mp3', mimetype: 'audio/mpeg', size: statSync(file).size },
    });
    return { ...data, audio: uploaded.id };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
