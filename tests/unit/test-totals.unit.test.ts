import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `scripts/totals.mjs` writes the one line CI reads (`N passed, N failed`): whatever went wrong —
 * a failed test, a suite that never ran its tests, a step that broke before any test — must show
 * in it, and the exit status must say so.
 */
const script = resolve(import.meta.dirname, '../../scripts/totals.mjs');

function totals(reports: Record<string, unknown>, brokenSteps: string[] = []): { lastLine: string; status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'totals-'));
  for (const [name, report] of Object.entries(reports)) writeFileSync(join(dir, name), JSON.stringify(report));
  const run = spawnSync(process.execPath, [script, dir, ...brokenSteps], { encoding: 'utf8' });
  const lines = run.stdout.trim().split('\n');
  return { lastLine: lines.at(-1) ?? '', status: run.status, output: run.stdout };
}

const vitestReport = (suites: Array<{ name: string; status: string; message?: string; tests: string[] }>) => ({
  numPassedTests: suites.flatMap((s) => s.tests).filter((t) => t === 'passed').length,
  numFailedTests: suites.flatMap((s) => s.tests).filter((t) => t === 'failed').length,
  numPendingTests: suites.flatMap((s) => s.tests).filter((t) => t === 'skipped').length,
  testResults: suites.map((s) => ({
    name: `/repo/tests/${s.name}`,
    status: s.status,
    message: s.message ?? '',
    assertionResults: s.tests.map((status, i) => ({ status, fullName: `test ${i}`, failureMessages: status === 'failed' ? ['expected 1 to be 2'] : [] })),
  })),
});

describe('the totals line', () => {
  it('adds up passing reports and exits 0', () => {
    const run = totals({ 'unit.json': vitestReport([{ name: 'a.unit.test.ts', status: 'passed', tests: ['passed', 'passed'] }]) });
    expect(run.lastLine).toBe('2 passed, 0 failed');
    expect(run.status).toBe(0);
  });

  it('counts a suite whose setup threw (its tests skipped, none failed) as a failure, and names it', () => {
    const run = totals({
      'resilience.json': vitestReport([
        { name: 'resilience/db.resilience.test.ts', status: 'failed', message: 'pg_ctl: could not start server', tests: ['skipped'] },
        { name: 'resilience/ok.resilience.test.ts', status: 'passed', tests: ['passed'] },
      ]),
    });
    expect(run.lastLine).toBe('1 passed, 1 failed');
    expect(run.output).toContain('resilience/db.resilience.test.ts — pg_ctl: could not start server');
    expect(run.status).toBe(1);
  });

  it('counts a suite that did not load, failed tests once each, and broken steps', () => {
    const run = totals(
      {
        'integration.json': vitestReport([
          { name: 'integration/broken.integration.test.ts', status: 'failed', message: 'SyntaxError', tests: [] },
          { name: 'integration/two.integration.test.ts', status: 'failed', tests: ['failed', 'failed', 'passed'] },
        ]),
      },
      ['Build the site from the CMS'],
    );
    expect(run.lastLine).toBe('1 passed, 4 failed');
    expect(run.output).toContain('broken step: Build the site from the CMS');
  });

  it('reads Playwright’s report: flaky counts as passed, unexpected as failed', () => {
    const run = totals({
      'playwright.json': {
        stats: { expected: 3, flaky: 1, unexpected: 1, skipped: 0 },
        suites: [{ file: 'e2e/x.nojs.spec.ts', specs: [{ title: 'Sam', tests: [{ status: 'unexpected', results: [{ error: { message: 'timeout' } }] }] }] }],
        errors: [],
      },
    });
    expect(run.lastLine).toBe('4 passed, 1 failed');
    expect(run.output).toContain('e2e/x.nojs.spec.ts › Sam — timeout');
  });

  it('fails when there is nothing to add up', () => {
    const run = totals({});
    expect(run.lastLine).toBe('0 passed, 1 failed');
    expect(run.status).toBe(1);
  });
});
