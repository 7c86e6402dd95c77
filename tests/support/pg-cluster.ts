import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cmsRequire } from './strapi.ts';

/**
 * A PostgreSQL cluster of the test's own (Debian's server binaries, as scripts/lib.sh starts
 * them): a fresh data dir, trust auth, loopback only, on the port the test gives. The test can
 * stop and start it — a real restart, as an operator's `systemctl restart postgresql` or a
 * failover does — while CMS processes stay connected to it. As root, every server command runs
 * as the postgres user (initdb refuses root).
 */
export interface PgCluster {
  port: number;
  database: string;
  /** `pg_ctl stop -m fast`: sessions are terminated (57P01), new connections refused. */
  stop(): void;
  start(): void;
  /** One query on a fresh connection (the test's own view of the rows). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** `select count(*) …` as a number. */
  count(sql: string, params?: unknown[]): Promise<number>;
  /** Stops the server and removes its data dir. */
  destroy(): void;
}

function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  const latest = versions.at(-1);
  if (!latest) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (scripts/lib.sh ensure_postgres installs them)');
  return `/usr/lib/postgresql/${latest}/bin`;
}

export function startPgCluster(port: number, database = 'passerelle_resilience'): PgCluster {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    execFileSync(root ? 'runuser' : path.join(bin, command), root ? ['-u', 'postgres', '--', path.join(bin, command), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-pg-'));
  chmodSync(dir, 0o755);
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', options, 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);

  const { Client } = cmsRequire('pg');
  return {
    port,
    database,
    stop: () => void stop(),
    start: () => void start(),
    async query(sql, params = []) {
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async count(sql, params = []) {
      const rows = (await this.query<{ count: string }>(sql, params)) as Array<{ count: string }>;
      return Number(rows[0]?.count ?? Number.NaN);
    },
    destroy() {
      try {
        stop();
      } catch {
        // Already stopped (a failed test may leave it down).
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a CMS process needs to use the cluster. */
export const postgresEnv = (cluster: PgCluster): Record<string, string> => ({
  DATABASE_CLIENT: 'postgres',
  DATABASE_HOST: '127.0.0.1',
  DATABASE_PORT: String(cluster.port),
  DATABASE_NAME: cluster.database,
  DATABASE_USERNAME: 'postgres',
  DATABASE_PASSWORD: '',
});
