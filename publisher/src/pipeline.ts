import { readFile, rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { BuildQueue } from './build-queue.ts';
import { astroBuilder, type Builder } from './builder.ts';
import { checkBuild } from './checks.ts';
import { ExpressLane, SwapLock, type ExpressSource } from './express.ts';
import type { PublisherConfig } from './config.ts';
import { describeStale, staleEntries, takeRenderedVersions } from './freshness.ts';
import { PublishLedger, type NewLedgerEntry } from './publish-ledger.ts';
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
/** A build refused for showing an older version than was published is run again, at most this often. */
export const STALE_BUILD_RETRIES = 2;
/** Below this much free space left in the builds folder after a failure, the failure is called a full disk. */
const DISK_FULL_BELOW_BYTES = 1024 * 1024;

const DISK_FULL = /ENOSPC|no space left on device/i;

/**
 * A failure caused by a full disk is said in plain words: the reason from the log ("ENOSPC: no
 * space left…") means nothing to an editor, and the fix (free space) is not theirs to guess.
 */
async function diskFullReason(buildsDir: string, reason: string, log: string): Promise<string | null> {
  const free = await statfs(buildsDir).then(
    (s) => s.bavail * s.bsize,
    () => Number.POSITIVE_INFINITY,
  );
  if (!DISK_FULL.test(reason) && !DISK_FULL.test(log) && free >= DISK_FULL_BELOW_BYTES) return null;
  return (
    `Disque plein : il n'y a plus assez d'espace pour construire le site (${buildsDir}). Le site affiche encore la version précédente ; ` +
    `libérez de l'espace, puis publiez de nouveau. / Disk full: no space left to build the site; the previous version is still live.`
  );
}

type Attempted = 'live' | 'failed' | 'stale';

async function logTail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-LOG_TAIL_LINES).join('\n').trim();
}

export class Pipeline {
  readonly releases: Releases;
  readonly status: StatusStore;
  readonly queue: BuildQueue;
  /** Publishes not yet live, on disk: replayed at start (publish-ledger.ts). */
  readonly ledger: PublishLedger;
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
    this.ledger = PublishLedger.in(config.buildsDir);
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
    await this.ledger.load();
  }

  /**
   * A publish that changes the site: written to the ledger (on disk) first, then queued. Once this
   * resolves, the publish survives a crash.
   */
  async publish(entry: NewLedgerEntry): Promise<void> {
    await this.ledger.record(entry);
    this.queue.trigger(entry.reason);
  }

  /** At start: builds now if publishes were left waiting by a publisher that stopped or crashed. */
  resumePending(): boolean {
    const waiting = this.ledger.pending.length;
    if (waiting === 0) return false;
    console.log(`[publisher] ${waiting} publish(es) not yet live when the publisher stopped: building them now`);
    this.queue.triggerNow(`reprise : ${waiting} publication(s) en attente / resumed: ${waiting} pending publish(es)`);
    return true;
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

  /**
   * Builds, checks and (if all is well) swaps live. Resolves with whether it went live. A build that
   * shows an older version of an entry than was published before it started is refused and run
   * again on a fresh content store (at most STALE_BUILD_RETRIES times).
   */
  async buildOnce(reasons: string[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attemptBuild(attempt === 0 ? reasons : [...reasons, `nouvel essai ${attempt} / retry ${attempt}`]);
      if (outcome !== 'stale') return outcome === 'live';
      if (attempt >= STALE_BUILD_RETRIES) {
        console.error(`[publisher] still stale after ${attempt + 1} builds: left for the next publish or restart (the ledger keeps it)`);
        return false;
      }
      await this.forgetContentStore();
    }
  }

  /**
   * Astro's content store (site cacheDir) is what a stale build was rendered from: removing it makes
   * the next build fetch and write every entry afresh rather than trust it.
   */
  private async forgetContentStore(): Promise<void> {
    const store = path.join(this.config.siteDir, 'node_modules/.astro/data-store.json');
    console.error(`[publisher] removing ${store} before building again`);
    await rm(store, { force: true });
  }

  private async attemptBuild(reasons: string[]): Promise<Attempted> {
    const id = newBuildId();
    const startedAtMs = Date.now();
    const startedAt = new Date(startedAtMs).toISOString();
    const outDir = this.releases.stagingPath(id);
    const logFile = this.releases.logPath(id);
    // What this build must show: every publish recorded before it starts.
    const published = [...this.ledger.pending];
    const coveredSeq = this.ledger.lastSeq;
    const base = { id, startedAt, reasons };
    const fail = async (reason: string, timings: Timings, outcome: Attempted = 'failed'): Promise<Attempted> => {
      // Free space is measured while the partial build still takes it (the log may not hold the
      // ENOSPC line: it is on the same disk) …
      const said = (await diskFullReason(this.config.buildsDir, reason, await logTail(logFile))) ?? reason;
      // … then freed: on a full disk, the status cannot be saved before.
      await this.releases.discard(id);
      const tail = await logTail(logFile);
      await this.status.failed({ ...base, finishedAt: new Date().toISOString(), timings, reason: said, logTail: tail });
      console.error(`[publisher] build ${id} NOT published: ${said}`);
      return outcome;
    };

    let timings: Timings = {};
    try {
      await this.releases.ensure();
      await this.status.started(id, reasons);
      const outcome = await this.builder({
        siteDir: this.config.siteDir,
        outDir,
        logFile,
        env: this.config.buildEnv,
        timeoutMs: this.config.buildTimeoutMs,
      });
      timings = { ...outcome.timings };
      if (!outcome.ok) return await fail(outcome.reason, timings);

      const rendered = await takeRenderedVersions(outDir, path.join(path.dirname(logFile), `${id}.versions.json`));
      if (rendered === null) {
        if (published.length > 0) console.error(`[publisher] build ${id}: the site wrote no rendered-versions.json, its freshness is not checked`);
      } else {
        const stale = staleEntries(published, rendered);
        if (stale.length > 0) {
          return await fail(`Construction périmée, refusée / stale build refused: ${describeStale(stale)}`, timings, 'stale');
        }
      }

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
      await this.ledger.settle(coveredSeq);
      // The status says it is live as soon as it is; pruning and the renderer's switch come after.
      await this.status.succeeded({ ...base, finishedAt: new Date().toISOString(), pageCount: check.pageCount, timings });
      console.log(`[publisher] build ${id} is live (${check.pageCount} pages)`);
      await this.swapLock
        .run(() => this.releases.prune(this.config.keepBuilds))
        .catch((error: unknown) => console.error(`[publisher] build ${id}: pruning old builds failed: ${(error as Error).message}`));
      if (this.afterLive) {
        await this.afterLive(id).catch((error: unknown) => console.error(`[publisher] after build ${id} went live: ${(error as Error).message}`));
      }
      return 'live';
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
