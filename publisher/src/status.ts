import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BuildTimings } from './builder.ts';
import type { QueueState } from './build-queue.ts';

/**
 * What editors (and the tests) need to know: is my change live, and if not, why. Persisted to
 * `builds/status.json` so a restart does not forget the last failure.
 */
const timingsSchema = z.object({
  fetchMs: z.number().optional(),
  renderMs: z.number().optional(),
  indexMs: z.number().optional(),
  checkMs: z.number().optional(),
  swapMs: z.number().optional(),
});

const attemptSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  reasons: z.array(z.string()),
  pageCount: z.number().optional(),
  timings: timingsSchema,
});

const failureSchema = attemptSchema.extend({ reason: z.string(), logTail: z.string() });

/** The express lane's last page put live ahead of the full build (see express.ts). */
const expressSchema = z.object({
  id: z.string(),
  finishedAt: z.string(),
  reason: z.string(),
  pages: z.array(z.string()),
  removals: z.array(z.string()),
  timings: z.object({ renderMs: z.number(), copyMs: z.number(), swapMs: z.number(), totalMs: z.number() }),
});

export const persistedStatusSchema = z.object({
  lastSuccess: attemptSchema.nullable(),
  lastFailure: failureSchema.nullable(),
  buildsStarted: z.number().int().nonnegative(),
  lastExpress: expressSchema.nullable().default(null),
  /** The newest attempts, newest first (success and failure), for the benchmark and the page. */
  recent: z.array(z.object({ id: z.string(), ok: z.boolean(), finishedAt: z.string(), timings: timingsSchema })),
});

export type Timings = Partial<BuildTimings> & { checkMs?: number; swapMs?: number };
export type Attempt = z.infer<typeof attemptSchema>;
export type Failure = z.infer<typeof failureSchema>;
export type PersistedStatus = z.infer<typeof persistedStatusSchema>;
export type ExpressAttempt = z.infer<typeof expressSchema>;

export interface BuildStatus extends PersistedStatus {
  current: string | null;
  keptBuilds: string[];
  queue: { state: QueueState; pending: string[] };
  building: { id: string; startedAt: string; reasons: string[] } | null;
}

const RECENT = 20;
let saves = 0;

export class StatusStore {
  private data: PersistedStatus = { lastSuccess: null, lastFailure: null, lastExpress: null, buildsStarted: 0, recent: [] };
  building: BuildStatus['building'] = null;

  constructor(private readonly file: string) {}

  static in(buildsDir: string): StatusStore {
    return new StatusStore(path.join(buildsDir, 'status.json'));
  }

  get snapshot(): PersistedStatus {
    return this.data;
  }

  async load(): Promise<void> {
    try {
      const parsed = persistedStatusSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) this.data = parsed.data;
    } catch {
      // First run, or a file from an older version: start afresh.
    }
  }

  async started(id: string, reasons: string[]): Promise<void> {
    this.building = { id, startedAt: new Date().toISOString(), reasons };
    this.data.buildsStarted += 1;
    await this.save();
  }

  async succeeded(attempt: Attempt): Promise<void> {
    this.building = null;
    this.data.lastSuccess = attempt;
    this.remember(attempt.id, true, attempt.finishedAt, attempt.timings);
    await this.save();
  }

  async expressSucceeded(attempt: ExpressAttempt): Promise<void> {
    this.data.lastExpress = attempt;
    await this.save();
  }

  async failed(failure: Failure): Promise<void> {
    this.building = null;
    this.data.lastFailure = failure;
    this.remember(failure.id, false, failure.finishedAt, failure.timings);
    await this.save();
  }

  private remember(id: string, ok: boolean, finishedAt: string, timings: Timings): void {
    this.data.recent = [{ id, ok, finishedAt, timings }, ...this.data.recent].slice(0, RECENT);
  }

  private async save(): Promise<void> {
    // One temporary name per save: the express lane and a full build may save at the same time.
    const temporary = `${this.file}.${process.pid}.${(saves += 1)}.tmp`;
    await writeFile(temporary, JSON.stringify(this.data, null, 2));
    await rename(temporary, this.file);
  }
}
