/**
 * PostgreSQL: `pg_dump -Fc` (one consistent snapshot, while the CMS keeps writing) and
 * `pg_restore` in a single transaction (a failed restore leaves the target as it was).
 * Debian's client binaries, the newest installed: pg_dump must be at least the server's version.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { cmsRequire } from './settings.mjs';

/** @typedef {import('./settings.mjs').PostgresSettings} PostgresSettings */

/** /usr/lib/postgresql/<newest>/bin/<tool>, or the tool on the PATH (scripts/lib.sh `pg_bin_dir`). */
export function pgTool(tool) {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const candidate = path.join(root, version, 'bin', tool);
    if (existsSync(candidate)) return candidate;
  }
  return tool;
}

/** libpq's own variables: no password on a command line, where `ps` would show it. */
function libpqEnv(/** @type {PostgresSettings} */ pg) {
  const env = { ...process.env, PGSSLMODE: pg.ssl ? (pg.sslVerify ? 'verify-full' : 'require') : 'disable' };
  if (pg.url) return env;
  return { ...env, PGHOST: pg.host, PGPORT: String(pg.port), PGDATABASE: pg.database, PGUSER: pg.user, PGPASSWORD: pg.password };
}

/** The `-d` argument: the URL when there is one (libpq reads it as a connection string). */
const dbArg = (/** @type {PostgresSettings} */ pg) => ['--dbname', pg.url ?? pg.database];

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', (error) => reject(new Error(`${path.basename(command)} could not start (${error.message}): install Debian's postgresql-client`)));
    child.on('close', (code) => (code === 0 ? resolve(stderr) : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

async function withClient(/** @type {PostgresSettings} */ pg, use) {
  const { Client } = cmsRequire('pg');
  const ssl = pg.ssl ? { rejectUnauthorized: pg.sslVerify } : false;
  const client = new Client(pg.url ? { connectionString: pg.url, ssl } : { host: pg.host, port: pg.port, database: pg.database, user: pg.user, password: pg.password, ssl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Strapi's bookkeeping tables, read in the dump's snapshot. */
async function migrationMarker(/** @type {PostgresSettings} */ pg, client) {
  const exists = async (table) => (await client.query('SELECT to_regclass($1) AS t', [`"${pg.schema}".${table}`])).rows[0].t !== null;
  const schema = (await exists('strapi_database_schema')) ? (await client.query(`SELECT hash FROM "${pg.schema}".strapi_database_schema ORDER BY id DESC LIMIT 1`)).rows[0] : undefined;
  const migration = (await exists('strapi_migrations_internal'))
    ? (await client.query(`SELECT name FROM "${pg.schema}".strapi_migrations_internal ORDER BY id DESC LIMIT 1`)).rows[0]
    : undefined;
  return { schemaHash: schema?.hash ?? null, lastMigration: migration?.name ?? null };
}

/** The space's stored file keys the database names (none when it has no such table yet). */
async function fileKeysOf(/** @type {PostgresSettings} */ pg, client, table, column) {
  const exists = (await client.query('SELECT to_regclass($1) AS t', [`"${pg.schema}".${table}`])).rows[0].t !== null;
  if (!exists) return [];
  const { rows } = await client.query(`SELECT "${column}" AS k FROM "${pg.schema}"."${table}" WHERE "${column}" IS NOT NULL`);
  return rows.map((row) => String(row.k));
}

export async function postgresFileKeys(/** @type {PostgresSettings} */ pg, table, column) {
  return withClient(pg, (client) => fileKeysOf(pg, client, table, column));
}

/**
 * The CMS's schema to `targetFile` in pg_dump's custom format; returns its migration marker and the
 * file keys it names. All three come from one snapshot: a REPEATABLE READ transaction exports it
 * and stays open while pg_dump reads through it (`--snapshot`), so the files a backup saves are
 * exactly the ones its dump names, whatever the CMS writes meanwhile.
 */
export async function dumpPostgres(/** @type {PostgresSettings} */ pg, targetFile, fileKeyTable, fileKeyColumn) {
  return withClient(pg, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const snapshot = String((await client.query('SELECT pg_export_snapshot() AS s')).rows[0].s);
      const marker = await migrationMarker(pg, client);
      const fileKeys = await fileKeysOf(pg, client, fileKeyTable, fileKeyColumn);
      // Owners and grants are the source server's: the target database may have other roles.
      await run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--schema=${pg.schema}`, `--file=${targetFile}`, ...dbArg(pg)], libpqEnv(pg));
      return { marker, fileKeys };
    } finally {
      await client.query('COMMIT');
    }
  });
}

export async function postgresIsEmpty(/** @type {PostgresSettings} */ pg) {
  return withClient(pg, async (client) => {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1', [pg.schema]);
    return rows[0].n === 0;
  });
}

/**
 * Replaces the schema with the dump's, in one transaction: pg_restore writes the dump as SQL and
 * psql runs it after dropping the schema, so a restore that fails halfway changes nothing, and
 * tables the dump does not know (a newer version's) do not survive a `--force`. (pg_restore on
 * its own cannot: the dump creates the schema, which a fresh database already has.)
 */
export async function restorePostgres(/** @type {PostgresSettings} */ pg, dumpFile) {
  const env = libpqEnv(pg);
  const psql = spawn(pgTool('psql'), ['--no-psqlrc', '--quiet', '--single-transaction', '--set', 'ON_ERROR_STOP=1', '--output', '/dev/null', ...dbArg(pg)], {
    env,
    stdio: ['pipe', 'inherit', 'pipe'],
  });
  const restore = spawn(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--file', '-', dumpFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const finished = (child, name) =>
    new Promise((resolve, reject) => {
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      child.on('error', (error) => reject(new Error(`${name} could not start (${error.message}): install Debian's postgresql-client`)));
      child.on('close', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`${name} failed (exit ${code}): ${stderr.trim()}`))));
    });
  const done = Promise.all([finished(restore, 'pg_restore'), finished(psql, 'psql')]);
  psql.stdin.on('error', () => {}); // psql stopping early is reported by its exit code
  psql.stdin.write(`DROP SCHEMA IF EXISTS "${pg.schema.replaceAll('"', '""')}" CASCADE;\n`);
  // psql commits when its input ends: it only sees the end if pg_restore wrote the whole dump.
  // Otherwise it is stopped, and PostgreSQL rolls back the open transaction, drop included.
  restore.stdout.pipe(psql.stdin, { end: false });
  restore.on('close', (code) => (code === 0 ? psql.stdin.end() : psql.kill('SIGTERM')));
  await done;
}
