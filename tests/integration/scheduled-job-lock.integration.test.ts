import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmsRequire, startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * A scheduled job fires on every CMS instance's clock and must run once. Two contenders share one
 * database: the booted CMS (its own pool, through `runScheduledJob`, as its cron calls it) and a
 * second "instance" — a separate connection pool with its own owner id, as another process would
 * have. Why not two Strapi apps in this process: Strapi keeps one global `strapi` and each boot
 * here starts from an empty database; what the lock depends on is two database sessions (the
 * advisory lock belongs to a PostgreSQL session; the SQLite lease to whoever updated the row),
 * and two pools give exactly that.
 */
const usesPostgres = process.env.DATABASE_CLIENT === 'postgres';
const distModule = (file: string) => cmsRequire(path.join(path.dirname(cmsRequire.resolve('./package.json')), 'dist/src/operations', file));

type JobRun = { outcome: 'ran' | 'held' | 'done' };
let app: StartedStrapi;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a second knex pool, made with Strapi's own knex required at run time
let other: any;
let jobLock: {
  runExclusive(db: unknown, turn: { job: string; owner: string; slot?: string; leaseMs?: number }, work: () => Promise<void>): Promise<JobRun>;
  JOB_LOCK_TABLE: string;
};
let scheduled: { runScheduledJob(strapi: unknown, job: string, fireDate: Date | undefined, work: () => Promise<void>): Promise<void> };
let metrics: { cmsMetrics(strapi: unknown): { registry: { getSingleMetricAsString(name: string): Promise<string> } } };

beforeAll(async () => {
  app = await startStrapi();
  jobLock = distModule('job-lock.js');
  scheduled = distModule('scheduled-jobs.js');
  metrics = distModule('metrics.js');
  // Strapi's own knex, for a second pool of the same kind.
  const knex = createRequire(cmsRequire.resolve('@strapi/database'))('knex');
  other = usesPostgres
    ? knex({
        client: 'pg',
        connection: {
          host: process.env.DATABASE_HOST ?? '127.0.0.1',
          port: Number(process.env.DATABASE_PORT ?? 5432),
          database: process.env.DATABASE_NAME,
          user: process.env.DATABASE_USERNAME ?? 'passerelle',
          password: process.env.DATABASE_PASSWORD ?? '',
        },
        pool: { min: 0, max: 2 },
      })
    : knex({ client: 'better-sqlite3', connection: { filename: process.env.DATABASE_FILENAME }, useNullAsDefault: true });
});

afterAll(async () => {
  await other?.destroy();
  await app?.stop();
});

const otherInstance = () => ({ kind: usesPostgres ? 'postgres' : 'sqlite', knex: other });

/** A job that waits until the test lets it finish, and says when it started. */
function gatedJob() {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const running = new Promise<void>((resolve) => (started = resolve));
  let runs = 0;
  return {
    work: async () => {
      runs++;
      started();
      await gate;
    },
    release,
    running,
    runs: () => runs,
  };
}

async function jobRuns(outcome: string, job: string): Promise<number> {
  const text = await metrics.cmsMetrics(app.strapi).registry.getSingleMetricAsString('passerelle_job_runs_total');
  const line = text.split('\n').find((l) => l.includes(`job="${job}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('a scheduled job with two contenders on one database', () => {
  it('runs once for a slot: the second finds it held while it runs, then done once it has run', async () => {
    const job = `sweep-${Date.now()}`;
    const fired = new Date('2026-12-05T08:15:00.000Z');
    const first = gatedJob();
    const onCms = scheduled.runScheduledJob(app.strapi, job, fired, first.work);
    await first.running;

    const second = gatedJob();
    second.release();
    const whileHeld = await jobLock.runExclusive(otherInstance(), { job, owner: 'instance-b', slot: '2026-12-05T08:15' }, second.work);
    expect(whileHeld).toEqual({ outcome: 'held' });

    first.release();
    await onCms;
    const afterwards = await jobLock.runExclusive(otherInstance(), { job, owner: 'instance-b', slot: '2026-12-05T08:15' }, second.work);
    expect(afterwards).toEqual({ outcome: 'done' });
    expect(first.runs() + second.runs()).toBe(1);
    expect(await jobRuns('ran', job)).toBe(1);

    // The next night's slot is free again, for whichever instance comes first.
    const nextNight = await jobLock.runExclusive(otherInstance(), { job, owner: 'instance-b', slot: '2026-12-06T08:15' }, second.work);
    expect(nextNight).toEqual({ outcome: 'ran' });
    expect(second.runs()).toBe(1);
  });

  it('runs once when both contenders fire at the same moment', async () => {
    const job = `race-${Date.now()}`;
    const slot = '2026-12-05T08:15';
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((resolve) => setImmediate(resolve));
    };
    const contenders = [
      ...Array.from({ length: 3 }, () => scheduled.runScheduledJob(app.strapi, job, new Date(`${slot}:00.000Z`), work).then(() => null)),
      ...Array.from({ length: 3 }, (_, i) => jobLock.runExclusive(otherInstance(), { job, owner: `instance-b${i}`, slot }, work)),
    ];
    await Promise.all(contenders);
    expect(runs).toBe(1);
  });

  it('a failed run leaves the slot to be done again, and is counted as failed', async () => {
    const job = `fails-${Date.now()}`;
    const fired = new Date('2026-12-05T08:15:00.000Z');
    await scheduled.runScheduledJob(app.strapi, job, fired, () => Promise.reject(new Error('disk full')));
    expect(await jobRuns('failed', job)).toBe(1);
    let ran = false;
    const retry = await jobLock.runExclusive(otherInstance(), { job, owner: 'instance-b', slot: '2026-12-05T08:15' }, async () => {
      ran = true;
    });
    expect(retry).toEqual({ outcome: 'ran' });
    expect(ran).toBe(true);
  });

  it('the lock of an instance that died frees itself: at once on PostgreSQL (its session went), at the lease expiry on SQLite', async () => {
    const job = `orphan-${Date.now()}`;
    let ran = false;
    const work = async () => {
      ran = true;
    };
    let die: () => Promise<void>;
    if (usesPostgres) {
      // A third session takes the job's lock the way runExclusive does, then dies mid-run.
      const session = await other.client.acquireConnection();
      await session.query('begin');
      await session.query('select pg_try_advisory_xact_lock($1, hashtext($2))', [0x50415353, job]);
      die = async () => {
        await session.end();
        await other.client.releaseConnection(session).catch(() => undefined);
      };
    } else {
      // The row as an instance leaves it when it dies mid-run: its lease, never released.
      await other(jobLock.JOB_LOCK_TABLE).insert({ job, owner: 'dead-instance', lease_until_ms: Date.now() + 400 });
      die = async () => undefined;
    }
    expect(await jobLock.runExclusive(otherInstance(), { job, owner: 'instance-b' }, work)).toEqual({ outcome: 'held' });
    expect(ran).toBe(false);
    await die();
    await expect
      .poll(async () => (await jobLock.runExclusive(otherInstance(), { job, owner: 'instance-b' }, work)).outcome, { timeout: 5_000, interval: 100 })
      .toBe('ran');
    expect(ran).toBe(true);
  });
});
