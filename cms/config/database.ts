import type { Core } from '@strapi/strapi';
import path from 'path';
import { cachePreparedStatements, type PreparingConnection } from '../src/lib/sqlite-statement-cache';

/** SQLite by default (zero setup); PostgreSQL when DATABASE_CLIENT=postgres. */
export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const client = env('DATABASE_CLIENT', 'sqlite');

  if (client === 'postgres') {
    const ssl = env.bool('DATABASE_SSL', false)
      ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) }
      : false;
    const connectionString = env('DATABASE_URL');
    return {
      connection: {
        client: 'postgres',
        connection: connectionString
          ? { connectionString, ssl }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'passerelle'),
              user: env('DATABASE_USERNAME', 'passerelle'),
              password: env('DATABASE_PASSWORD', ''),
              ssl,
              schema: env('DATABASE_SCHEMA', 'public'),
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }

  const sqliteSynchronous = env('DATABASE_SQLITE_SYNCHRONOUS', 'FULL') === 'NORMAL' ? 'NORMAL' : 'FULL';
  return {
    connection: {
      client: 'sqlite',
      connection: {
        // Relative paths are resolved from cms/, whether we run from src or dist.
        filename: path.resolve(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')),
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
