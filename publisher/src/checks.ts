import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

/**
 * What a build must pass before it goes live. Each failure is a sentence an editor can act on
 * (shown on the status page), in French first.
 */
export interface CheckOptions {
  /** Refuse a build with fewer pages than this share of the live build (0.5 = half). */
  minPageRatio: number;
  /** Every HTML page, brotli-compressed as the server sends it, must fit (bytes). */
  pageBudgetBytes: number;
}

export interface CheckResult {
  ok: boolean;
  pageCount: number;
  problems: string[];
}

export async function listHtmlPages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** Brotli size at a given quality (site/server/serve.mjs sends quality 11). */
export function brotliSize(body: Buffer, quality = 11): number {
  return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: quality } }).length;
}

/**
 * Size as served (quality 11), computed cheaply when possible: quality 11 takes ~40 ms on a 30 KB
 * page, quality 4 ~1 ms and compresses less well, so a page within budget at quality 4 is within it
 * as served. Only pages over budget at quality 4 pay for quality 11.
 */
function servedSizeIfOverBudget(body: Buffer, budget: number): number | null {
  if (brotliSize(body, 4) <= budget) return null;
  const size = brotliSize(body, 11);
  return size > budget ? size : null;
}

export async function checkBuild(newDir: string, liveDir: string | null, options: CheckOptions): Promise<CheckResult> {
  const problems: string[] = [];
  const pages = await listHtmlPages(newDir);

  if (!pages.some((page) => page === path.join(newDir, 'index.html'))) {
    problems.push("La page d'accueil (index.html) manque / The home page is missing.");
  }

  if (liveDir) {
    const livePages = (await listHtmlPages(liveDir).catch(() => [])).length;
    if (livePages > 0 && pages.length < livePages * options.minPageRatio) {
      problems.push(
        `Nombre de pages effondré : ${pages.length} au lieu de ${livePages} (moins de ${Math.round(options.minPageRatio * 100)} %) / ` +
          `Page count collapsed: ${pages.length} instead of ${livePages}.`,
      );
    }
  }

  const overBudget: string[] = [];
  for (const page of pages) {
    // A page smaller than the budget cannot exceed it once compressed (brotli adds a few bytes at
    // worst): only the large ones pay for compression, so checking 10,000 pages stays fast.
    if ((await stat(page)).size <= options.pageBudgetBytes - 16) continue;
    const size = servedSizeIfOverBudget(await readFile(page), options.pageBudgetBytes);
    if (size !== null) overBudget.push(`/${path.relative(newDir, page)} (${(size / 1024).toFixed(1)} Ko)`);
  }
  if (overBudget.length > 0) {
    problems.push(
      `${overBudget.length} page(s) au-delà de ${(options.pageBudgetBytes / 1024).toFixed(0)} Ko compressés / over the page budget: ` +
        overBudget.slice(0, 5).join(', ') +
        (overBudget.length > 5 ? ', …' : ''),
    );
  }

  return { ok: problems.length === 0, pageCount: pages.length, problems };
}
