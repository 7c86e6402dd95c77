import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
 *   must exist and is replaced by a copy of one a first boot left (see `postgresTemplate`), or, for
 *   a first or seeded boot, its `public` schema is dropped and recreated so every suite starts empty.
 *
 * Traps handled (shared/RECIPES.md): Strapi is loaded through `createRequire` (its ESM build fails
 * on `lodash/fp`), and `strapi.destroy()` is kept from calling `process.removeAllListeners()`, which
 * would kill the Vitest worker.
 */
const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms');
export const cmsRequire = createRequire(path.join(cmsDir, 'package.json'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Strapi is loaded with createRequire from the cms package, untyped here; tests use the few members they need
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
  // Space documents are scanned only where a test starts its own clamd (tests/support/clamd.ts).
  CLAMD_SOCKET: undefined,
  CLAMD_HOST: undefined,
  CLAMD_PORT: undefined,
  CLAMD_TIMEOUT_MS: undefined,
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

/**
 * A client of the PostgreSQL server Strapi will use (same variables and defaults as
 * cms/config/database.ts), on its test database or on another database of the same server.
 */
interface PostgresClient {
  connect(): Promise<void>;
  end(): Promise<void>;
  query<Row = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
  escapeLiteral(value: string): string;
}

function postgresClient(database?: string): PostgresClient {
  if (!process.env.DATABASE_URL && !process.env.DATABASE_NAME) {
    throw new Error('DATABASE_CLIENT=postgres: set DATABASE_URL or DATABASE_NAME to a disposable test database (it is wiped).');
  }
  const { Client } = cmsRequire('pg') as { Client: new (settings: object) => PostgresClient };
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    if (database) url.pathname = `/${encodeURIComponent(database)}`;
    return new Client({ connectionString: url.toString() });
  }
  return new Client({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    database: database ?? process.env.DATABASE_NAME,
    user: process.env.DATABASE_USERNAME ?? 'passerelle',
    password: process.env.DATABASE_PASSWORD ?? '',
  });
}

function postgresTestDatabase(): string {
  return process.env.DATABASE_URL ? decodeURIComponent(new URL(process.env.DATABASE_URL).pathname.slice(1)) : process.env.DATABASE_NAME!;
}

async function withPostgres<T>(database: string | undefined, work: (client: PostgresClient) => Promise<T>): Promise<T> {
  const client = postgresClient(database);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Empties the test database: its `public` schema is dropped and recreated. */
async function resetPostgres(): Promise<void> {
  await withPostgres(undefined, async (client) => {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  });
}

/**
 * Strapi's first boot on an empty database creates every table and runs a first bootstrap:
 * 10–30 s on two cores, against 3–5 s for a boot on a database that already has them. Each test file
 * boots its own CMS, so the first boot of a run keeps a copy of its database, freshly bootstrapped
 * and not yet touched by any test, and later boots start from that copy and bootstrap again over
 * it — exactly what a production restart does. The copy is only reused by a boot of the same compiled
 * CMS and shared package (their files' sizes and times, and the migrations folder), the same
 * lockfile and the same environment, so a test that sets its own variables (an admin, a provider)
 * gets a first boot of its own. Not for seeded boots (the seed is what those tests check).
 * - SQLite: a file `template-<key>.db` beside the test databases (`sqliteTemplate`).
 * - PostgreSQL: a database `passerelle_tpl_<key>` of the same server (`postgresTemplate`).
 */
const perFileVariables = new Set(['DATABASE_FILENAME', 'DEV_OUTBOX_FILE', 'SPACE_FILES_DIR', 'CLAMD_SOCKET', 'CLAMD_PORT']);

/** What the schema and the first bootstrap depend on in the code: any change makes new copies. */
function buildFingerprint(distDir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    if (!existsSync(folder)) return;
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
  walk(path.join(cmsDir, 'database'));
  walk(path.join(cmsDir, '..', 'shared', 'dist'));
  hash.update(readFileSync(path.join(cmsDir, 'package.json')));
  hash.update(readFileSync(path.join(cmsDir, '..', 'pnpm-lock.yaml')));
  return hash.digest('hex');
}

/** The build and the environment of this boot (less the variables that name its own files). */
function templateKey(build: string): string {
  const env = Object.entries(process.env)
    .filter(([key]) => !perFileVariables.has(key) && !key.startsWith('VITEST'))
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(build).update(JSON.stringify(env)).digest('hex').slice(0, 32);
}

function sqliteTemplate(dir: string, distDir: string): string {
  return path.join(dir, `template-${templateKey(buildFingerprint(distDir))}.db`);
}

/**
 * The PostgreSQL copy is a database made with `CREATE DATABASE … TEMPLATE` from the test database
 * right after a first boot, once that boot's Strapi is destroyed (PostgreSQL copies only a database
 * nobody is connected to). It is made under a temporary name, then renamed: a copy under the final
 * name always comes from a boot that succeeded. Its comment holds the build fingerprint, and copies
 * of any other build (an older compile, another lockfile) are dropped. A server where the test user
 * may not create databases keeps the old way: the schema is wiped and Strapi builds it again.
 */
const templatePrefix = 'passerelle_tpl_';

interface PostgresTemplate {
  name: string;
  build: string;
}

function postgresTemplate(distDir: string): PostgresTemplate {
  const build = buildFingerprint(distDir);
  return { name: `${templatePrefix}${templateKey(build)}`, build };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const errorCode = (error: unknown): unknown => (error instanceof Error && 'code' in error ? error.code : undefined);
const cannotCreateDatabases = (error: unknown) => errorCode(error) === '42501';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Drops the copies of other builds, and the half-made copies of runs that are gone. */
async function dropStaleTemplates(client: PostgresClient, template: PostgresTemplate): Promise<void> {
  const { rows } = await client.query<{ datname: string; build: string | null }>(
    "SELECT datname, shobj_description(oid, 'pg_database') AS build FROM pg_database WHERE starts_with(datname, $1)",
    [templatePrefix],
  );
  for (const { datname, build } of rows) {
    const partial = /_partial_(\d+)$/.exec(datname);
    const stale = partial ? !processIsAlive(Number(partial[1])) : build !== template.build;
    if (stale) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
  }
}

/**
 * PostgreSQL 15 copies a database through its write-ahead log unless told to copy its files: for
 * this small database (some 400 relations, 25 MB) the file copy takes 1 s instead of 1.5 s.
 * Before 15 it always copies files and knows no STRATEGY.
 */
async function fileCopy(client: PostgresClient): Promise<string> {
  const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
  return Number(rows[0]?.server_version_num) >= 150000 ? ' STRATEGY FILE_COPY' : '';
}

/** Replaces the test database with the copy; false when there is no copy for this build and environment. */
async function restorePostgresTemplate(template: PostgresTemplate): Promise<boolean> {
  const database = postgresTestDatabase();
  return withPostgres('postgres', async (client) => {
    await dropStaleTemplates(client, template);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template.name]);
    if (!rowCount) {
      // A copy that failed between the drop and the create left no test database: a first boot needs one.
      const { rowCount: present } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!present) await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      return false;
    }
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdent(database)} TEMPLATE ${quoteIdent(template.name)}${await fileCopy(client)}`);
    return true;
  });
}

/**
 * True from the second boot of a build and environment on: the first one only leaves a mark
 * (`pg-seen-<key>` beside the SQLite templates), since most files boot with settings of their own.
 */
function secondSighting(template: PostgresTemplate): boolean {
  const dir = path.join(tmpdir(), 'passerelle-tests');
  const mark = path.join(dir, `pg-seen-${template.name.slice(templatePrefix.length)}`);
  if (existsSync(mark)) return true;
  mkdirSync(dir, { recursive: true });
  writeFileSync(mark, template.build);
  return false;
}

/** Copies the test database, as the first boot left it and with nobody connected, to the template. */
async function savePostgresTemplate(template: PostgresTemplate): Promise<void> {
  const partial = `${template.name}_partial_${process.pid}`;
  await withPostgres('postgres', async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(partial)}`);
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(partial)} TEMPLATE ${quoteIdent(postgresTestDatabase())}`);
      await client.query(`COMMENT ON DATABASE ${quoteIdent(partial)} IS ${client.escapeLiteral(template.build)}`);
      await client.query(`ALTER DATABASE ${quoteIdent(partial)} RENAME TO ${quoteIdent(template.name)}`);
    } catch (error) {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(partial)}`);
      // Another run saved the same copy first: it is as good as ours.
      if (errorCode(error) !== '42P04') throw error;
    }
  });
}

/** `strapi.destroy()` without its `process.removeAllListeners()`, which would kill the Vitest worker. */
async function destroyStrapi(strapi: Strapi): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back on `process` below, never called on its own
  const removeAll = process.removeAllListeners;
  process.removeAllListeners = () => process;
  try {
    await strapi.destroy();
  } finally {
    process.removeAllListeners = removeAll;
  }
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
  if (!existingDatabase && !usesPostgres()) {
    const dir = path.join(tmpdir(), 'passerelle-tests');
    mkdirSync(dir, { recursive: true });
    sqliteFile = path.join(dir, `cms-${process.pid}-${randomBytes(4).toString('hex')}.db`);
    process.env.DATABASE_CLIENT = 'sqlite';
    process.env.DATABASE_FILENAME = sqliteFile;
  }
  if (existingDatabase && !usesPostgres() && !env.DATABASE_FILENAME) {
    throw new Error('existingDatabase on SQLite: name the file in env.DATABASE_FILENAME');
  }
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.SEED_DEMO_DATA = seed ? 'true' : 'false';
  process.env.LOG_LEVEL ??= 'warn';

  let sqliteCopy: string | undefined;
  let postgresCopy: PostgresTemplate | undefined;
  let fromTemplate = false;
  if (sqliteFile && !seed) {
    sqliteCopy = sqliteTemplate(path.dirname(sqliteFile), distDir);
    try {
      copyFileSync(sqliteCopy, sqliteFile);
      fromTemplate = true;
    } catch {
      // No copy yet for this build and environment (or another run just replaced it): a first boot.
    }
  } else if (usesPostgres() && !existingDatabase) {
    if (!seed) {
      postgresCopy = postgresTemplate(distDir);
      try {
        fromTemplate = await restorePostgresTemplate(postgresCopy);
      } catch (error) {
        if (!cannotCreateDatabases(error)) throw error;
        postgresCopy = undefined;
      }
    }
    if (!fromTemplate) await resetPostgres();
  }

  const { createStrapi } = cmsRequire('@strapi/strapi');
  let strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  await strapi.load();
  if (sqliteCopy && !fromTemplate && !existsSync(sqliteCopy)) {
    // A consistent copy even while the outbox worker reads, then an atomic rename: a concurrent run
    // sees either no copy or a whole one.
    const partial = `${sqliteCopy}.${process.pid}.partial`;
    await strapi.db.connection.raw('VACUUM INTO ?', [partial]);
    renameSync(partial, sqliteCopy);
  }
  if (postgresCopy && !fromTemplate && secondSighting(postgresCopy)) {
    // PostgreSQL copies a database only when nobody is connected: this Strapi stops, the database
    // it leaves becomes the copy, and the test gets a Strapi booted again on it, as the later boots
    // of the run will be. That second boot costs as much as the copy saves once, so it is paid only
    // by a build and environment booted before (secondSighting): a file with settings of its own
    // pays nothing.
    await destroyStrapi(strapi);
    try {
      await savePostgresTemplate(postgresCopy);
    } catch (error) {
      if (!cannotCreateDatabases(error)) throw error;
    }
    strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
    await strapi.load();
  }
  await new Promise<void>((resolve) => strapi.server.listen(0, '127.0.0.1', () => resolve()));
  const address = strapi.server.httpServer.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    strapi,
    baseUrl,
    async stop() {
      await destroyStrapi(strapi);
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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, as `Response.json()` gives it: each test's assertions check its shape
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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL's JSON answer, as `Response.json()` gives it: each test's assertions check its shape
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
