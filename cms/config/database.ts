import type { Core } from '@strapi/strapi';
import path from 'path';
import { parseCmsSection } from '../src/config';
import { cachePreparedStatements, type PreparingConnection } from '../src/lib/sqlite-statement-cache';

/** SQLite by default (zero setup); PostgreSQL when DATABASE_CLIENT=postgres. */
export default (_params: Core.Config.Shared.ConfigParams) => {
  // The same schema as src/config (docs/configuration.md lists these variables from it).
  const db = parseCmsSection('strapi', process.env);
  const client = db.DATABASE_CLIENT;

  if (client === 'postgres') {
    const ssl = db.DATABASE_SSL ? { rejectUnauthorized: db.DATABASE_SSL_REJECT_UNAUTHORIZED } : false;
    const connectionString = db.DATABASE_URL;
    return {
      connection: {
        client: 'postgres',
        connection: connectionString
          ? { connectionString, ssl }
          : {
              host: db.DATABASE_HOST,
              port: db.DATABASE_PORT,
              database: db.DATABASE_NAME,
              user: db.DATABASE_USERNAME,
              password: db.DATABASE_PASSWORD,
              ssl,
              schema: db.DATABASE_SCHEMA,
            },
        pool: { min: db.DATABASE_POOL_MIN, max: db.DATABASE_POOL_MAX },
        acquireConnectionTimeout: db.DATABASE_CONNECTION_TIMEOUT,
      },
    };
  }

  const sqliteSynchronous = db.DATABASE_SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL';
  return {
    connection: {
      client: 'sqlite',
      connection: {
        // Relative paths are resolved from cms/, whether we run from src or dist.
        filename: path.resolve(__dirname, '..', '..', db.DATABASE_FILENAME),
      },
      useNullAsDefault: true,
      pool: {
        // WAL lets readers and the writer work at once. synchronous=FULL (the default) fsyncs every
        // commit: a signature or an edit acknowledged is on disk even after a power cut. Bulk loads
        // (the benchmark's 10,000-item seed) may set DATABASE_SQLITE_SYNCHRONOUS=NORMAL.
        // Prepared statements are kept and reused (src/lib/sqlite-statement-cache.ts says why).
        afterCreate(conn: PreparingConnection & { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
          conn.pragma('journal_mode = WAL');
          conn.pragma(`synchronous = ${sqliteSynchronous}`);
          done(null, cachePreparedStatements(conn));
        },
      },
    },
  };
};
