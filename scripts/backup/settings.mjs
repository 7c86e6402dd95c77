/**
 * Where the CMS keeps its data, read from the same environment and through the same zod schema
 * as the CMS itself (cms/src/config/schema.ts), so a backup saves the database the CMS uses.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cmsDir = path.join(repoRoot, 'cms');
/** better-sqlite3, pg and zod are the CMS's dependencies: the scripts use the same copies. */
export const cmsRequire = createRequire(path.join(cmsDir, 'package.json'));

/**
 * @typedef {{ host: string, port: number, database: string, user: string, password: string, url?: string, ssl: boolean, sslVerify: boolean, schema: string }} PostgresSettings
 * @typedef {{ uploadsDir: string, publicDir: string, spaceFilesDir: string }} Folders
 * @typedef {({ kind: 'sqlite', sqliteFile: string } | { kind: 'postgres', postgres: PostgresSettings }) & Folders} DataSettings
 */

/** @returns {Promise<{ parseCmsSection: (section: 'strapi' | 'participation', env: NodeJS.ProcessEnv) => Record<string, any> }>} */
async function loadCmsConfig() {
  // The schema is TypeScript: load tsx (the CMS's dev dependency) as `node --import tsx` would.
  const tsxDir = path.dirname(cmsRequire.resolve('tsx/package.json'));
  await import(pathToFileURL(path.join(tsxDir, 'dist', 'loader.mjs')).href);
  const loaded = await import(pathToFileURL(path.join(cmsDir, 'src', 'config', 'index.ts')).href);
  return { ...(loaded.default ?? {}), ...loaded };
}

/** @param {NodeJS.ProcessEnv} env @returns {Promise<DataSettings>} */
export async function readDataSettings(env) {
  const { parseCmsSection } = await loadCmsConfig();
  const db = parseCmsSection('strapi', env);
  // Both resolved from cms/, as cms/config/database.ts and Strapi's `dirs.public` do.
  const publicDir = path.resolve(cmsDir, db.PUBLIC_DIR);
  const uploadsDir = path.join(publicDir, 'uploads');
  // The space's private documents, resolved from cms/ as resource-files.ts does.
  const spaceFilesDir = path.resolve(cmsDir, parseCmsSection('participation', env).SPACE_FILES_DIR);
  if (db.DATABASE_CLIENT === 'postgres') {
    return {
      kind: 'postgres',
      publicDir,
      uploadsDir,
      spaceFilesDir,
      postgres: {
        host: db.DATABASE_HOST,
        port: db.DATABASE_PORT,
        database: db.DATABASE_NAME,
        user: db.DATABASE_USERNAME,
        password: db.DATABASE_PASSWORD,
        ...(db.DATABASE_URL ? { url: db.DATABASE_URL } : {}),
        ssl: db.DATABASE_SSL,
        sslVerify: db.DATABASE_SSL_REJECT_UNAUTHORIZED,
        schema: db.DATABASE_SCHEMA,
      },
    };
  }
  return { kind: 'sqlite', sqliteFile: path.resolve(cmsDir, db.DATABASE_FILENAME), publicDir, uploadsDir, spaceFilesDir };
}

/** @param {DataSettings} settings */
export function describeTarget(settings) {
  if (settings.kind === 'sqlite') return `SQLite ${settings.sqliteFile}`;
  const pg = settings.postgres;
  return pg.url ? `PostgreSQL (DATABASE_URL), schema ${pg.schema}` : `PostgreSQL ${pg.user}@${pg.host}:${pg.port}/${pg.database}, schema ${pg.schema}`;
}
