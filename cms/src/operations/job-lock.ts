import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/**
 * Scheduled jobs (the Law 25 retention sweep, later the outbox's) run on every CMS instance's
 * clock, but must do their work once. Each turn asks the database:
 * - PostgreSQL: `pg_try_advisory_xact_lock` in a transaction held for the run. Nothing to expire:
 *   if the instance dies, its connection goes and the lock with it.
 * - SQLite (one writer at a time, so a transaction cannot stay open around the job): a lease row
 *   (`owner`, `lease_until_ms`), taken by one conditional UPDATE, renewed while the job runs, and
 *   free again once it expires if the holder died.
 * A contender that finds the lock held skips its turn. A turn names its `slot` (the time the cron
 * fired, the same on every instance): a slot done once is not done again by an instance whose
 * clock fired a little later, after the first had finished and let go.
 */
export const JOB_LOCK_TABLE = 'passerelle_job_locks';
/** First key of the two-key advisory lock: our jobs' namespace ("PASS"), the job's name hashed in the second. */
const ADVISORY_NAMESPACE = 0x50415353;
export const DEFAULT_LEASE_MS = 15 * 60_000;

/** The few knex members used here (knex is Strapi's, not a direct dependency). */
export interface Knex {
  (table: string): any;
  raw(sql: string, bindings?: unknown[]): Promise<any>;
  transaction<T>(work: (trx: Knex) => Promise<T>): Promise<T>;
  schema: { hasTable(name: string): Promise<boolean>; createTable(name: string, build: (table: any) => void): Promise<unknown> };
}

export interface JobLockDb {
  kind: 'postgres' | 'sqlite';
  knex: Knex;
}

export interface JobTurn {
  job: string;
  /** Who is running it (one per instance: `host:pid:random`). */
  owner: string;
  /** The scheduled time this turn is for; a slot already done is skipped. Unset: a run by hand. */
  slot?: string;
  /** SQLite: how long the lease holds without renewal (renewed every third of it while the job runs). */
  leaseMs?: number;
}

export type JobRun = { outcome: 'ran' } | { outcome: 'held' } | { outcome: 'done' };

export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Idempotent, and safe when several instances boot at once. */
export async function ensureJobLockTable(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable(JOB_LOCK_TABLE)) return;
  try {
    await knex.schema.createTable(JOB_LOCK_TABLE, (table: any) => {
      table.string('job', 100).primary();
      table.string('owner', 200).nullable();
      table.bigInteger('lease_until_ms').notNullable().defaultTo(0);
      table.string('last_slot', 40).nullable();
      table.bigInteger('last_finished_at_ms').nullable();
    });
  } catch (error) {
    // Another instance created it between our check and our CREATE.
    if (!(await knex.schema.hasTable(JOB_LOCK_TABLE))) throw error;
  }
}

async function ensureRow(knex: Knex, job: string): Promise<void> {
  await knex(JOB_LOCK_TABLE).insert({ job, lease_until_ms: 0 }).onConflict('job').ignore();
}

/** Runs `work` if this contender gets the job's lock and the slot is not done yet; says what happened. */
export async function runExclusive(db: JobLockDb, turn: JobTurn, work: () => Promise<void>): Promise<JobRun> {
  return db.kind === 'postgres' ? runWithAdvisoryLock(db.knex, turn, work) : runWithLease(db.knex, turn, work);
}

async function runWithAdvisoryLock(knex: Knex, { job, slot }: JobTurn, work: () => Promise<void>): Promise<JobRun> {
  await ensureRow(knex, job);
  return knex.transaction(async (trx): Promise<JobRun> => {
    const result = await trx.raw('select pg_try_advisory_xact_lock(?, hashtext(?)) as got', [ADVISORY_NAMESPACE, job]);
    if (!result.rows[0].got) return { outcome: 'held' };
    const row = await trx(JOB_LOCK_TABLE).where({ job }).first();
    if (slot !== undefined && row?.last_slot === slot) return { outcome: 'done' };
    // The job's own queries use other connections of the pool; this one only holds the lock.
    await work();
    await trx(JOB_LOCK_TABLE).where({ job }).update({ ...(slot !== undefined ? { last_slot: slot } : {}), last_finished_at_ms: Date.now() });
    return { outcome: 'ran' };
  });
}

async function runWithLease(knex: Knex, { job, owner, slot, leaseMs = DEFAULT_LEASE_MS }: JobTurn, work: () => Promise<void>): Promise<JobRun> {
  await ensureRow(knex, job);
  const now = Date.now();
  const taken = await knex(JOB_LOCK_TABLE)
    .where({ job })
    .andWhere('lease_until_ms', '<', now)
    .andWhere((q: any) => (slot === undefined ? q : q.whereNull('last_slot').orWhereNot('last_slot', slot)))
    .update({ owner, lease_until_ms: now + leaseMs });
  if (Number(taken) !== 1) {
    const row = await knex(JOB_LOCK_TABLE).where({ job }).first();
    return slot !== undefined && row?.last_slot === slot ? { outcome: 'done' } : { outcome: 'held' };
  }
  const renew = setInterval(() => {
    void knex(JOB_LOCK_TABLE)
      .where({ job, owner })
      .update({ lease_until_ms: Date.now() + leaseMs })
      .catch(() => undefined);
  }, Math.max(1_000, Math.floor(leaseMs / 3)));
  renew.unref();
  let succeeded = false;
  try {
    await work();
    succeeded = true;
  } finally {
    clearInterval(renew);
    await knex(JOB_LOCK_TABLE)
      .where({ job, owner })
      .update({
        owner: null,
        lease_until_ms: 0,
        ...(succeeded ? { last_finished_at_ms: Date.now(), ...(slot !== undefined ? { last_slot: slot } : {}) } : {}),
      });
  }
  return { outcome: 'ran' };
}
