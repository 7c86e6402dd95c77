import { readFile } from 'node:fs/promises';
import { BuildQueue } from './build-queue.ts';
import { astroBuilder, type Builder } from './builder.ts';
import { checkBuild } from './checks.ts';
import { ExpressLane, SwapLock, type ExpressSource } from './express.ts';
import type { PublisherConfig } from './config.ts';
import { newBuildId, Releases } from './releases.ts';
import { StatusStore, type BuildStatus, type Timings } from './status.ts';

/**
 * One build from start to live: build into builds/staging-<id>/, check it against the live build,
 * rename it to builds/<id>/, swap
 * `current`, prune old builds. Anything that goes wrong leaves `current` alone and is recorded
 * with its reason and the end of its log.
 */
export type PipelineConfig = Pick<
  PublisherConfig,
  'buildsDir' | 'siteDir' | 'debounceMs' | 'keepBuilds' | 'buildTimeoutMs' | 'minPageRatio' | 'pageBudgetBytes' | 'buildEnv'
>;

const LOG_TAIL_LINES = 40;

async function logTail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-LOG_TAIL_LINES).join('\n').trim();
}

export class Pipeline {
  readonly releases: Releases;
  readonly status: StatusStore;
  readonly queue: BuildQueue;
  /** Swaps (full builds and express pages) take turns: see express.ts. */
  readonly swapLock = new SwapLock();
  express: ExpressLane | null = null;
  private afterLive: ((id: string) => Promise<void>) | null = null;
  /** Told of every full build's end (metrics.ts): whether it went live, and how long it took. */
  onBuildFinished: ((build: { live: boolean; seconds: number }) => void) | null = null;

  constructor(
    private readonly config: PipelineConfig,
    private readonly builder: Builder = astroBuilder,
  ) {
    this.releases = new Releases(config.buildsDir);
    this.status = StatusStore.in(config.buildsDir);
    this.queue = new BuildQueue({
      debounceMs: config.debounceMs,
      build: (reasons) => this.timedBuild(reasons),
      onError: (error) => console.error('[publisher] unexpected error during a build', error),
    });
  }

  /**
   * Turns the express lane on. `afterLive` runs after each full build went live (the renderer
   * reloads that build's content from it), before the next build can start.
   */
  enableExpress(source: ExpressSource, afterLive?: (id: string) => Promise<void>): ExpressLane {
    this.express = new ExpressLane(this.releases, this.status, this.swapLock, source, {
      pageBudgetBytes: this.config.pageBudgetBytes,
      keepBuilds: this.config.keepBuilds,
    });
    this.afterLive = afterLive ?? null;
    return this.express;
  }

  async init(): Promise<void> {
    await this.releases.ensure();
    await this.releases.removeStaging();
    await this.status.load();
  }

  private async timedBuild(reasons: string[]): Promise<boolean> {
    const started = performance.now();
    let live = false;
    try {
      live = await this.buildOnce(reasons);
      return live;
    } finally {
      this.onBuildFinished?.({ live, seconds: (performance.now() - started) / 1000 });
    }
  }

  /** Builds, checks and (if all is well) swaps live. Resolves with whether it went live. */
  async buildOnce(reasons: string[]): Promise<boolean> {
    const id = newBuildId();
    const startedAtMs = Date.now();
    const startedAt = new Date(startedAtMs).toISOString();
    const outDir = this.releases.stagingPath(id);
    const logFile = this.releases.logPath(id);
    await this.releases.ensure();
    await this.status.started(id, reasons);
    const base = { id, startedAt, reasons };
    const fail = async (reason: string, timings: Timings) => {
      await this.releases.discard(id);
      await this.status.failed({ ...base, finishedAt: new Date().toISOString(), timings, reason, logTail: await logTail(logFile) });
      console.error(`[publisher] build ${id} NOT published: ${reason}`);
      return false;
    };

    let timings: Timings = {};
    try {
      const outcome = await this.builder({
        siteDir: this.config.siteDir,
        outDir,
        logFile,
        env: this.config.buildEnv,
        timeoutMs: this.config.buildTimeoutMs,
      });
      timings = { ...outcome.timings };
      if (!outcome.ok) return await fail(outcome.reason, timings);

      const checked = await this.swapLock.run(async () => {
        // Express pages put live while this build ran may be missing from it: put them back first.
        await this.express?.reapply(outDir, startedAtMs);
        const checkStarted = Date.now();
        const live = await this.releases.current();
        const check = await checkBuild(outDir, live ? this.releases.buildPath(live) : null, this.config);
        timings.checkMs = Date.now() - checkStarted;
        if (!check.ok) return check;
        const swapStarted = Date.now();
        await this.releases.promote(id);
        await this.releases.activate(id);
        timings.swapMs = Date.now() - swapStarted;
        return check;
      });
      if (!checked.ok) return await fail(`Vérifications refusées / checks refused the build: ${checked.problems.join(' ')}`, timings);
      const check = checked;
      this.express?.forgetBefore(startedAtMs);
      // The status says it is live as soon as it is; pruning and the renderer's switch come after.
      await this.status.succeeded({ ...base, finishedAt: new Date().toISOString(), pageCount: check.pageCount, timings });
      console.log(`[publisher] build ${id} is live (${check.pageCount} pages)`);
      await this.swapLock
        .run(() => this.releases.prune(this.config.keepBuilds))
        .catch((error: unknown) => console.error(`[publisher] build ${id}: pruning old builds failed: ${(error as Error).message}`));
      if (this.afterLive) {
        await this.afterLive(id).catch((error: unknown) => console.error(`[publisher] after build ${id} went live: ${(error as Error).message}`));
      }
      return true;
    } catch (error) {
      return await fail(`Erreur inattendue / unexpected error: ${error instanceof Error ? error.message : String(error)}`, timings);
    }
  }

  async snapshot(): Promise<BuildStatus> {
    return {
      ...this.status.snapshot,
      current: await this.releases.current(),
      keptBuilds: await this.releases.list(),
      queue: { state: this.queue.state, pending: [...this.queue.pending] },
      building: this.status.building,
    };
  }
}
