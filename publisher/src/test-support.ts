import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Builder } from './builder.ts';
import type { PipelineConfig } from './pipeline.ts';

/** A pipeline configuration on a fresh temp builds folder (unit tests). */
export function testPipelineConfig(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    buildsDir: mkdtempSync(path.join(tmpdir(), 'publisher-builds-')),
    siteDir: '/nonexistent-site',
    debounceMs: 10,
    keepBuilds: 3,
    buildTimeoutMs: 10_000,
    minPageRatio: 0.5,
    pageBudgetBytes: 14 * 1024,
    buildEnv: {},
    ...overrides,
  };
}

/**
 * A builder that writes `pages` pages (or fails with `failWith`), as the next test needs; `versions`
 * gives the `rendered-versions.json` the site would write for its n-th build (1-based).
 */
export function fakeBuilder(plan: { pages: number; failWith?: string; versions?: (call: number) => Record<string, string> }): Builder & { calls: number } {
  const builder = Object.assign(
    async ({ outDir, logFile }: Parameters<Builder>[0]) => {
      builder.calls += 1;
      await appendFile(logFile, `fake build ${builder.calls}\n`);
      if (plan.failWith) {
        await appendFile(logFile, `[ERROR] ${plan.failWith}\n`);
        return { ok: false as const, reason: plan.failWith, timings: { fetchMs: 1 } };
      }
      mkdirSync(outDir, { recursive: true });
      writeFileSync(path.join(outDir, 'index.html'), `<p>build ${builder.calls}</p>`);
      for (let i = 1; i < plan.pages; i++) {
        mkdirSync(path.join(outDir, `p${i}`), { recursive: true });
        writeFileSync(path.join(outDir, `p${i}`, 'index.html'), `<p>${i}</p>`);
      }
      if (plan.versions) writeFileSync(path.join(outDir, 'rendered-versions.json'), JSON.stringify(plan.versions(builder.calls)));
      return { ok: true as const, timings: { fetchMs: 1, renderMs: 2, indexMs: 3 } };
    },
    { calls: 0 },
  );
  return builder;
}
