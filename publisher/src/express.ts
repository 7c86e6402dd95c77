import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliSize } from './checks.ts';
import type { Releases } from './releases.ts';
import { newBuildId } from './releases.ts';
import type { StatusStore } from './status.ts';

const run = promisify(execFile);

/**
 * The express lane: one published entry live in seconds, before the full build.
 *
 * A full build renders every page (tens of seconds at 2,000 items, minutes at 10,000). An OC who
 * publishes from a phone between two meetings wants to see *that* page now. So, on the webhook, the
 * express lane renders only the entry's own pages with the site's on-demand renderer (the same
 * components as the static build), copies the live build as hard links (cheap: no file content is
 * copied), replaces or removes those few pages in the copy, and swaps it live like any build. The
 * usual full build still follows (debounced) and brings lists, search, map and calendars up to date.
 *
 * Two races are closed here:
 * - the express swap and a full build's swap never interleave (one lock around "read live → swap");
 * - a full build that started before an express change may not contain it: its output gets the
 *   express pages re-applied before its checks (`reapply`), so the page never goes back.
 */
export interface ExpressPage {
  /** Site path with trailing slash, e.g. `/evenements/soupe-populaire/`. */
  path: string;
  html: string;
}

export interface ExpressChange {
  /** The reason shown on the status page (`entry.publish api::event.event`). */
  reason: string;
  /** Pages to write (published or updated entry) … */
  pages: ExpressPage[];
  /** … and pages to take down (unpublished or deleted entry), as site paths. */
  removals: string[];
  /** Other files the pages need (an image encoded for them), copied in: site path → file on disk. */
  files?: Array<{ path: string; source: string }>;
}

/** Turns a webhook into the change to apply, or null when the express lane cannot help. */
export type ExpressSource = (event: ExpressEvent) => Promise<ExpressChange | null>;

export interface ExpressEvent {
  event: string;
  uid: string;
  documentId: string;
  /** Slug and locale of the entry as the webhook described it (for removals). */
  slug?: string;
  locale?: string;
}

export interface ExpressOptions {
  pageBudgetBytes: number;
  keepBuilds: number;
}

interface AppliedOverlay extends ExpressChange {
  atMs: number;
}

/** A promise-chain mutex: swaps of the express lane and of full builds take turns. */
export class SwapLock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function fileFor(root: string, sitePath: string): string {
  const relative = sitePath.replace(/^\/+/, '');
  if (relative.split('/').includes('..')) throw new Error(`Refusing a path outside the build: ${sitePath}`);
  return path.join(root, relative, 'index.html');
}

/** Writes or removes pages in a build folder; unlinks first, so a hard-linked file of another build is never changed in place. */
export async function applyOverlay(root: string, change: Pick<ExpressChange, 'pages' | 'removals' | 'files'>): Promise<void> {
  for (const file of change.files ?? []) {
    const relative = file.path.replace(/^\/+/, '');
    if (relative.split('/').includes('..')) throw new Error(`Refusing a path outside the build: ${file.path}`);
    const target = path.join(root, relative);
    await rm(target, { force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file.source, target);
  }
  for (const page of change.pages) {
    const file = fileFor(root, page.path);
    await rm(file, { force: true });
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, page.html);
  }
  for (const sitePath of change.removals) await rm(fileFor(root, sitePath), { force: true });
}

export class ExpressLane {
  private overlays: AppliedOverlay[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly releases: Releases,
    private readonly status: StatusStore,
    private readonly lock: SwapLock,
    private readonly source: ExpressSource,
    private readonly options: ExpressOptions,
  ) {}

  /** Handles one webhook in order with the others; resolves with whether a page went live. */
  enqueue(event: ExpressEvent, receivedAtMs = Date.now()): Promise<boolean> {
    const result = this.chain.then(() => this.handle(event, receivedAtMs));
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** Resolves when every webhook received so far is handled. */
  async whenIdle(): Promise<void> {
    await this.chain;
  }

  private async handle(event: ExpressEvent, receivedAtMs: number): Promise<boolean> {
    const started = Date.now();
    try {
      const change = await this.source(event);
      if (!change || (change.pages.length === 0 && change.removals.length === 0)) return false;
      const renderMs = Date.now() - started;
      for (const page of change.pages) {
        const size = brotliSize(Buffer.from(page.html), 11);
        if (size > this.options.pageBudgetBytes) {
          // The full build's checks will refuse it with the reason; the live site stays as it is.
          console.error(`[publisher] express: ${page.path} is ${size} bytes compressed, over the budget: left to the full build`);
          return false;
        }
      }
      const { id, copyMs, swapMs } = await this.lock.run(() => this.swapInCopy(change));
      this.overlays.push({ ...change, atMs: receivedAtMs });
      await this.status.expressSucceeded({
        id,
        finishedAt: new Date().toISOString(),
        reason: change.reason,
        pages: change.pages.map((p) => p.path),
        removals: change.removals,
        timings: { renderMs, copyMs, swapMs, totalMs: Date.now() - receivedAtMs },
      });
      console.log(`[publisher] express ${id} is live: ${[...change.pages.map((p) => p.path), ...change.removals.map((r) => `-${r}`)].join(' ')}`);
      // Once it is live and said so: deleting old build trees is housekeeping, not latency.
      await this.lock.run(() => this.releases.prune(this.options.keepBuilds)).catch((error: unknown) =>
        console.error(`[publisher] express ${id}: pruning old builds failed: ${(error as Error).message}`),
      );
      return true;
    } catch (error) {
      // The full build that follows is the safety net: an express failure only costs time.
      console.error(`[publisher] express lane failed for ${event.uid} ${event.documentId}: ${(error as Error).message}`);
      return false;
    }
  }

  private async swapInCopy(change: ExpressChange): Promise<{ id: string; copyMs: number; swapMs: number }> {
    const live = await this.releases.current();
    if (!live) throw new Error('nothing is live yet');
    const id = newBuildId();
    const staging = this.releases.stagingPath(id);
    const copyStarted = Date.now();
    try {
      // `cp -al`: a tree of hard links, so 40,000 pages cost directory entries, not bytes.
      await run('cp', ['-al', this.releases.buildPath(live), staging]);
      await applyOverlay(staging, change);
    } catch (error) {
      await this.releases.discard(id);
      throw error;
    }
    const copyMs = Date.now() - copyStarted;
    const swapStarted = Date.now();
    await this.releases.promote(id);
    await this.releases.activate(id);
    const swapMs = Date.now() - swapStarted;
    return { id, copyMs, swapMs };
  }

  /**
   * For a full build about to be checked: re-applies the express changes it may have missed (those
   * received after it started). Older ones are in its content and are forgotten.
   */
  async reapply(outDir: string, buildStartedAtMs: number): Promise<number> {
    const missed = this.overlays.filter((o) => o.atMs >= buildStartedAtMs);
    for (const overlay of missed) await applyOverlay(outDir, overlay);
    return missed.length;
  }

  /** After a full build went live: what it started after is in it for good. */
  forgetBefore(buildStartedAtMs: number): void {
    this.overlays = this.overlays.filter((o) => o.atMs >= buildStartedAtMs);
  }
}
