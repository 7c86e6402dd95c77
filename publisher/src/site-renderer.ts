import { copyFile, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ItemCollection, Locale } from '@passerelle/shared';
import type { RenderedPage, RendererOptions } from '@passerelle/site/renderer';

export interface SiteRendererOptions {
  siteDir: string;
  /** Where the store copies live: outside any served build folder. */
  workDir: string;
  /** The worker thread's script: render-worker.mjs; a test gives one whose renders it can time. */
  workerScript?: URL;
}

interface Pending {
  resolve: (page: RenderedPage) => void;
  reject: (error: Error) => void;
}

const renderEntry = (siteDir: string) => path.join(siteDir, '.render/server/entry.mjs');
const mediaCacheDir = (siteDir: string) => path.join(siteDir, 'node_modules/.astro/media');

class RenderWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private idleWaiters: Array<() => void> = [];
  readonly ready: Promise<void>;

  constructor(siteDir: string, readonly storeFile: string, script: URL) {
    // The render build, media cache and store of the site the publisher builds (PUBLISHER_SITE_DIR).
    const workerData: RendererOptions = {
      dataStoreFile: storeFile,
      entryFile: renderEntry(siteDir),
      mediaCacheDir: mediaCacheDir(siteDir),
    };
    this.worker = new Worker(script, { workerData });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`renderer worker exited (${code})`)));
      this.worker.on('message', (message: { ready?: boolean; error?: string; id?: number; page?: RenderedPage }) => {
        if (message.ready === true) return resolve();
        if (message.ready === false) return reject(new Error(message.error ?? 'renderer failed to load'));
        const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id!);
        if (message.page) waiting.resolve(message.page);
        else waiting.reject(new Error(message.error ?? 'render failed'));
        if (this.pending.size === 0) this.notifyIdle();
      });
    });
    this.ready.catch(() => undefined);
    this.worker.on('exit', () => {
      for (const waiting of this.pending.values()) waiting.reject(new Error('renderer worker stopped'));
      this.pending.clear();
      this.notifyIdle();
    });
  }

  /** Resolves once no render is in flight (before the worker is stopped: see SiteRenderer.switchTo). */
  drained(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async render(input: unknown): Promise<RenderedPage> {
    await this.ready;
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, input });
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * The site's on-demand renderer for the express lane, kept in step with the live content: after each
 * full build goes live, its content store is copied aside (the next build rewrites the original)
 * and a fresh worker thread loads the renderer on that copy; the previous worker is stopped once
 * the renders it was given are done.
 * Renders wait for the current worker to be ready.
 */
export class SiteRenderer {
  private current: RenderWorker | null = null;
  private loading: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(private readonly options: SiteRendererOptions) {}

  /** Whether the render build exists (`pnpm --filter @passerelle/site build:render`). */
  get available(): boolean {
    return existsSync(renderEntry(this.options.siteDir));
  }

  get mediaCacheDir(): string {
    return mediaCacheDir(this.options.siteDir);
  }

  /**
   * After a full build went live: copies its content store aside at once (before the next build
   * rewrites it), then loads a worker on the copy in the background and switches to it when ready.
   */
  async followStore(buildId: string): Promise<void> {
    if (!this.available) return;
    const source = path.join(this.options.siteDir, 'node_modules/.astro/data-store.json');
    if (!existsSync(source)) return;
    await mkdir(this.options.workDir, { recursive: true });
    const generation = (this.generation += 1);
    const copy = path.join(this.options.workDir, `data-store-${buildId}.json`);
    await copyFile(source, copy);
    this.loading = this.switchTo(copy, generation).catch((error: unknown) =>
      console.error(`[publisher] express renderer for build ${buildId} did not load: ${(error as Error).message}`),
    );
  }

  private async switchTo(copy: string, generation: number): Promise<void> {
    const next = new RenderWorker(this.options.siteDir, copy, this.options.workerScript ?? new URL('./render-worker.mjs', import.meta.url));
    try {
      await next.ready;
    } catch (error) {
      await next.stop();
      await rm(copy, { force: true });
      throw error;
    }
    if (generation !== this.generation) {
      // A newer build replaced this one while it loaded.
      await next.stop();
      await rm(copy, { force: true });
      return;
    }
    const previous = this.current;
    // New renders go to the new worker from here on; renders already sent to the old one finish
    // there (the express lane would otherwise lose its page and wait for the full build).
    this.current = next;
    if (previous) {
      await previous.drained();
      await previous.stop();
      await rm(previous.storeFile, { force: true });
    }
  }

  /** Resolves once the newest store's worker is serving (tests, and the first express after start). */
  async whenReady(): Promise<void> {
    await this.loading;
  }

  /** Null until the first full build went live with the render build present. */
  renderer(): { renderEntry(input: { collection: ItemCollection; locale: Locale; node: unknown; mode: 'published' }): Promise<RenderedPage> } | null {
    const worker = this.current;
    return worker ? { renderEntry: (input) => worker.render(input) } : null;
  }

  async stop(): Promise<void> {
    await this.current?.stop();
    this.current = null;
  }
}
