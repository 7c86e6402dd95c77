import { spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Runs the site's own build into a given folder: `astro build --outDir <dir>` then
 * `node scripts/index-search.mjs <dir>` (the current and archive search indexes), the two halves
 * of site/package.json's `build` script. Astro's content
 * layer cache lives in the site's cacheDir (node_modules/.astro), not in the output folder, so it
 * carries over from one build to the next and unchanged entries are not processed again.
 */
export interface BuildRequest {
  siteDir: string;
  outDir: string;
  logFile: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export interface BuildTimings {
  /** Astro start → content synced from the CMS. */
  fetchMs: number;
  /** Content synced → pages written. */
  renderMs: number;
  /** Pagefind. */
  indexMs: number;
}

export type BuildOutcome =
  | { ok: true; timings: BuildTimings }
  | { ok: false; reason: string; timings: Partial<BuildTimings> };

/** Anything that turns a request into an outcome: the real one below, a fake in unit tests. */
export type Builder = (request: BuildRequest) => Promise<BuildOutcome>;

/** Process groups of steps running now, so shutting down the publisher stops its build too. */
const runningGroups = new Set<number>();

export function stopRunningBuilds(): void {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

interface StepResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** ms from start until a line matched `mark`, if one did. */
  markedAfterMs?: number;
  durationMs: number;
}

function runStep(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: WriteStream,
  timeoutMs: number,
  mark?: RegExp,
): Promise<StepResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    let markedAfterMs: number | undefined;
    let timedOut = false;
    log.write(`$ ${[command, ...args].join(' ')}\n`);
    // detached: the step gets its own process group, so a timeout can stop its children too.
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid) runningGroups.add(child.pid);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      if (mark && markedAfterMs === undefined && mark.test(chunk.toString('utf8'))) markedAfterMs = Date.now() - started;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      log.write(`\n${error.message}\n`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid) runningGroups.delete(child.pid);
      resolve({ code, signal, timedOut, markedAfterMs, durationMs: Date.now() - started });
    });
  });
}

/** The line of the log most likely to say what went wrong, for the status page. */
export function failureLine(log: string): string | undefined {
  const lines = log.split('\n').map((line) => line.trim()).filter(Boolean);
  const interesting = lines.filter((line) => /error|erreur|cannot|unreachable|failed|ECONNREFUSED/i.test(line) && !line.startsWith('$ '));
  return (interesting[0] ?? lines.at(-1))?.slice(0, 400);
}

export const astroBuilder: Builder = async ({ siteDir, outDir, logFile, env, timeoutMs }) => {
  const log = createWriteStream(logFile, { flags: 'a' });
  // A full disk makes the log fail too: the build's own exit says what happened, the publisher must not crash.
  log.on('error', (error) => console.error(`[publisher] build log ${logFile}: ${error.message}`));
  const bin = (name: string) => path.join(siteDir, 'node_modules', '.bin', name);
  const stepEnv = { ...env, NO_COLOR: '1', FORCE_COLOR: '0' };
  const deadline = Date.now() + timeoutMs;
  let closing: Promise<unknown> | undefined;
  const closeLog = () =>
    (closing ??= new Promise((resolve) => {
      if (log.destroyed) return resolve(undefined);
      log.once('error', resolve);
      log.end(resolve);
    }));
  try {
    const astro = await runStep(bin('astro'), ['build', '--outDir', outDir], siteDir, stepEnv, log, timeoutMs, /Synced content/);
    const fetchMs = astro.markedAfterMs ?? 0;
    const renderMs = astro.durationMs - fetchMs;
    if (astro.code !== 0) {
      await closeLog();
      const text = await readFile(logFile, 'utf8').catch(() => '');
      const why = astro.timedOut ? `délai dépassé (${Math.round(timeoutMs / 1000)} s) / timed out` : failureLine(text);
      return { ok: false, reason: `Astro a échoué / Astro build failed: ${why ?? `exit ${astro.code ?? astro.signal}`}`, timings: { fetchMs, renderMs } };
    }
    const pagefind = await runStep(process.execPath, ['scripts/index-search.mjs', outDir], siteDir, stepEnv, log, Math.max(1_000, deadline - Date.now()));
    if (pagefind.code !== 0) {
      return {
        ok: false,
        reason: `Pagefind a échoué / search indexing failed (exit ${pagefind.code ?? pagefind.signal})`,
        timings: { fetchMs, renderMs, indexMs: pagefind.durationMs },
      };
    }
    return { ok: true, timings: { fetchMs, renderMs, indexMs: pagefind.durationMs } };
  } finally {
    await closeLog();
  }
};
