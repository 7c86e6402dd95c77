import type { Core } from '@strapi/strapi';
import { ensureJobLockTable, newOwnerId, runExclusive, type JobLockDb, type Knex } from './job-lock';
import { cmsMetrics } from './metrics';

/**
 * A scheduled job's turn on this instance: taken only if no other instance holds the job or has
 * done this slot already (job-lock.ts), counted in `passerelle_job_runs_total`, logged in one line.
 * A failure is logged and counted; it never reaches the scheduler (which would log it again, unredacted
 * by nothing of ours) and leaves the slot undone.
 */
const owners = new WeakMap<object, string>();

export function jobLockDb(strapi: Core.Strapi): JobLockDb {
  const client = (strapi.config.get('database.connection.client') as string | undefined) ?? 'sqlite';
  return { kind: client === 'postgres' ? 'postgres' : 'sqlite', knex: strapi.db.connection as unknown as Knex };
}

/** At bootstrap: the lock table exists before any cron can fire. */
export async function prepareScheduledJobs(strapi: Core.Strapi): Promise<void> {
  await ensureJobLockTable(jobLockDb(strapi).knex);
}

function ownerOf(strapi: Core.Strapi): string {
  let owner = owners.get(strapi);
  if (!owner) owners.set(strapi, (owner = newOwnerId()));
  return owner;
}

/** The minute the scheduler meant (the same on every instance), or none for a run by hand. */
export function slotOf(fireDate: Date | undefined): string | undefined {
  return fireDate ? fireDate.toISOString().slice(0, 16) : undefined;
}

export async function runScheduledJob(strapi: Core.Strapi, job: string, fireDate: Date | undefined, work: () => Promise<void>): Promise<void> {
  const metrics = cmsMetrics(strapi);
  try {
    const run = await runExclusive(jobLockDb(strapi), { job, owner: ownerOf(strapi), slot: slotOf(fireDate) }, work);
    metrics.countJobRun(job, run.outcome);
    if (run.outcome !== 'ran') strapi.log.info(`[${job}] skipped: ${run.outcome === 'held' ? 'another instance is running it' : 'another instance did this run'}`);
  } catch (error) {
    metrics.countJobRun(job, 'failed');
    strapi.log.error(`[${job}] failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}
