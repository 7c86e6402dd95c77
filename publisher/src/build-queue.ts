/**
 * Coalesces publish events into as few builds as possible:
 * - triggers within `debounceMs` of each other start one build (the wait restarts on each trigger,
 *   capped at `maxWaitMs` so a steady stream of edits still goes live);
 * - a trigger during a build schedules exactly one more build after it, however many arrive;
 * - never two builds at once.
 */
export type QueueState = 'idle' | 'waiting' | 'building' | 'building-then-again';

export interface BuildQueueOptions {
  debounceMs: number;
  /** Longest a trigger waits for quiet before its build starts anyway. Default 4 × debounce. */
  maxWaitMs?: number;
  /** Runs one build. Its errors are the builder's business: the queue only logs them. */
  build: (reasons: string[]) => Promise<unknown>;
  onError?: (error: unknown) => void;
}

export class BuildQueue {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstTriggerAt = 0;
  private running: Promise<void> | undefined;
  private pendingReasons: string[] = [];
  private again = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: BuildQueueOptions) {}

  get state(): QueueState {
    if (this.running) return this.again ? 'building-then-again' : 'building';
    return this.timer ? 'waiting' : 'idle';
  }

  /** Reasons waiting for the next build (event names, for the status page). */
  get pending(): readonly string[] {
    return this.pendingReasons;
  }

  trigger(reason: string): void {
    this.pendingReasons.push(reason);
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule();
  }

  /** Starts a build at once (first build on start, manual rebuild), still never two at a time. */
  triggerNow(reason: string): void {
    this.pendingReasons.push(reason);
    if (this.running) {
      this.again = true;
      return;
    }
    this.clearTimer();
    this.start();
  }

  /** Resolves when nothing is waiting or building. */
  whenIdle(): Promise<void> {
    if (this.state === 'idle') return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops a waiting build (shutdown); a running build finishes on its own. */
  cancelWaiting(): void {
    this.clearTimer();
    this.again = false;
    this.pendingReasons = [];
    if (!this.running) this.notifyIdle();
  }

  private schedule(): void {
    const now = Date.now();
    if (!this.timer) this.firstTriggerAt = now;
    this.clearTimer();
    const maxWait = this.options.maxWaitMs ?? this.options.debounceMs * 4;
    const delay = Math.max(0, Math.min(this.options.debounceMs, this.firstTriggerAt + maxWait - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    const reasons = this.pendingReasons;
    this.pendingReasons = [];
    this.again = false;
    this.running = this.options
      .build(reasons)
      .then(
        () => undefined,
        (error: unknown) => this.options.onError?.(error),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) this.schedule();
        else if (!this.timer) this.notifyIdle();
      });
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
