import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * The builds folder, as the static server and nginx see it:
 *
 *   builds/
 *     staging-<build id>/          a build in progress (renamed once it passed its checks)
 *     trash-<build id>/            a pruned build, being deleted in the background
 *     2026-11-28T15-30-00-123Z-0000-9f2c/   one finished build each (the last N are kept)
 *     current -> 2026-11-28T15-30-00-123Z-0000-9f2c
 *     logs/<build id>.log
 *
 * Going live is one `rename()` of a fresh symlink over `current`: atomic on POSIX, so a request
 * sees the old build or the new one, never a mix or nothing.
 */
export const CURRENT_LINK = 'current';
// No leading dot: tools that skip hidden paths (globbing in Pagefind, for one) must see the whole build.
const STAGING_PREFIX = 'staging-';
const TRASH_PREFIX = 'trash-';
// The sequence and random parts are optional so builds named before they existed are still listed.
const BUILD_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(-\d{4}-[0-9a-f]{4})?$/;

let lastStamp = '';
let sameStampCount = 0;

/**
 * Sortable and filesystem-safe: the time, then a sequence number within the millisecond (the
 * express lane and a full build can start in the same one), then random hex so two publisher
 * processes sharing a builds folder cannot collide either.
 */
export function newBuildId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  sameStampCount = stamp === lastStamp ? sameStampCount + 1 : 0;
  lastStamp = stamp;
  return `${stamp}-${String(sameStampCount).padStart(4, '0')}-${randomBytes(2).toString('hex')}`;
}

export function isBuildId(name: string): boolean {
  return BUILD_ID.test(name);
}

export class Releases {
  /** Deletions of pruned builds, one after the other, off the swap lock. */
  private emptying: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {}

  buildPath(id: string): string {
    return path.join(this.dir, id);
  }

  /**
   * Where a build is written until it passed its checks: only complete, checked builds ever carry
   * a build id as name, so a build interrupted by a crash or a shutdown can never be rolled back to.
   */
  stagingPath(id: string): string {
    return path.join(this.dir, `${STAGING_PREFIX}${id}`);
  }

  /** Moves a checked build from staging to its final name (same folder: an atomic rename). */
  async promote(id: string): Promise<void> {
    await rename(this.stagingPath(id), this.buildPath(id));
  }

  get currentPath(): string {
    return path.join(this.dir, CURRENT_LINK);
  }

  logPath(id: string): string {
    return path.join(this.dir, 'logs', `${id}.log`);
  }

  async ensure(): Promise<void> {
    await mkdir(path.join(this.dir, 'logs'), { recursive: true });
  }

  /**
   * Deletes builds left half-done, or half-deleted, by a publisher that was stopped or crashed
   * (call at start).
   */
  async removeStaging(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX) || n.startsWith(TRASH_PREFIX))) {
      await rm(path.join(this.dir, name), { recursive: true, force: true });
    }
  }

  /** Kept builds, oldest first. */
  async list(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter(isBuildId).sort();
  }

  /** The build `current` points at, or null before the first successful build. */
  async current(): Promise<string | null> {
    try {
      const target = path.basename(await readlink(this.currentPath));
      return isBuildId(target) ? target : null;
    } catch {
      return null;
    }
  }

  /** Points `current` at a build, atomically. */
  async activate(id: string): Promise<void> {
    if (!isBuildId(id)) throw new Error(`Not a build id: ${id}`);
    const temporary = path.join(this.dir, `.${CURRENT_LINK}-${randomBytes(4).toString('hex')}`);
    // Relative target: the builds folder can move (or be mounted elsewhere) without breaking it.
    await symlink(id, temporary);
    try {
      await rename(temporary, this.currentPath);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /**
   * Drops all but the newest `keep` builds, never the live one, and logs of deleted builds. A build
   * is renamed out of the way at once (it can no longer be listed or rolled back to) and deleted in
   * the background: deleting 20,000 files takes seconds, and callers hold the swap lock.
   */
  async prune(keep: number): Promise<string[]> {
    const builds = await this.list();
    const live = await this.current();
    const doomed = builds.slice(0, Math.max(0, builds.length - keep)).filter((id) => id !== live);
    for (const id of doomed) {
      const trash = path.join(this.dir, `${TRASH_PREFIX}${id}`);
      await rename(this.buildPath(id), trash);
      this.emptying = this.emptying
        .then(() => rm(trash, { recursive: true, force: true }))
        .catch((error: unknown) => console.error(`[publisher] deleting pruned build ${id} failed: ${(error as Error).message}`));
    }
    // Failed builds leave only a log: keep the logs of the newest 4 × keep builds attempted.
    const logs = (await readdir(path.join(this.dir, 'logs')).catch(() => [] as string[]))
      .filter((name) => isBuildId(name.replace(/\.log$/, '')))
      .sort();
    for (const log of logs.slice(0, Math.max(0, logs.length - keep * 4))) {
      await rm(path.join(this.dir, 'logs', log), { force: true });
    }
    return doomed;
  }

  /** Resolves once every pruned build so far is deleted (tests, shutdown). */
  async whenPruned(): Promise<void> {
    await this.emptying;
  }

  /** Switches `current` to the kept build just before it. Returns the build now live. */
  async rollback(): Promise<{ from: string; to: string }> {
    const live = await this.current();
    if (!live) throw new Error('Nothing is live yet: there is nothing to roll back.');
    const builds = await this.list();
    const previous = builds.filter((id) => id < live).at(-1);
    if (!previous) throw new Error(`No kept build older than the live one (${live}).`);
    await this.activate(previous);
    return { from: live, to: previous };
  }

  /** Removes a build that will not go live (failed or refused); its log stays. */
  async discard(id: string): Promise<void> {
    await rm(this.stagingPath(id), { recursive: true, force: true });
  }
}
