#!/usr/bin/env node
/**
 * Adds up the JSON reports of every test run (Vitest and Playwright) and prints the one plain line
 * CI reads: `N passed, N failed`. Steps that broke before their tests could run (given
 * as arguments after the results folder) count as failures. Exits 1 when anything failed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [resultsDir = 'tests/.results', ...brokenSteps] = process.argv.slice(2);
let passed = 0;
let failed = brokenSteps.length;
let skipped = 0;
/** Names (and first line of the reason) of the tests that failed, printed above the totals so a log's tail says which. */
const failures = [];
// eslint-disable-next-line no-control-regex -- strips the ANSI colour codes (ESC [ … m) of a runner's output
const firstLine = (text) => String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '').trim().split('\n')[0].slice(0, 200);

function playwrightFailures(suites, file) {
  for (const suite of suites ?? []) {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const last = test.results?.[test.results.length - 1];
        failures.push(`${file}: ${suite.file ?? ''} › ${spec.title} — ${firstLine(last?.error?.message)}`);
      }
    }
    playwrightFailures(suite.suites, file);
  }
}

const reports = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.json')) : [];
for (const file of reports) {
  const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  let p = 0;
  let f = 0;
  let s = 0;
  if (report.stats && 'expected' in report.stats) {
    // Playwright: flaky tests passed on retry, which still counts as passed.
    p = report.stats.expected + report.stats.flaky;
    f = report.stats.unexpected + (report.errors?.length ?? 0);
    s = report.stats.skipped;
    playwrightFailures(report.suites, file);
    for (const error of report.errors ?? []) failures.push(`${file}: ${firstLine(error.message)}`);
  } else if ('numPassedTests' in report) {
    p = report.numPassedTests;
    f = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    s = report.numPendingTests + (report.numTodoTests ?? 0);
    for (const suite of report.testResults ?? []) {
      const suiteFile = String(suite.name ?? '').replace(/^.*?\/tests\//, '');
      // A suite that failed with none of its tests failed (it did not load, or its beforeAll threw
      // and its tests were skipped) would otherwise add nothing to the failures: count it.
      if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed')) {
        f += 1;
        failures.push(`${file}: ${suiteFile} — ${firstLine(suite.message)}`);
      }
      for (const test of suite.assertionResults ?? []) {
        if (test.status === 'failed') failures.push(`${file}: ${suiteFile} › ${test.fullName} — ${firstLine(test.failureMessages?.[0])}`);
      }
    }
  }
  console.log(`  ${file.replace(/\.json$/, '').padEnd(22)} ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
for (const step of brokenSteps) console.log(`  broken step: ${step}`);
for (const failure of failures.slice(0, 20)) console.log(`  failed: ${failure}`);
if (failures.length > 20) console.log(`  failed: … and ${failures.length - 20} more (see the reports in tests/.results)`);
if (reports.length === 0 && brokenSteps.length === 0) failed += 1;
// CI reads the last line: exactly `N passed, N failed`; skipped tests are reported just above it.
console.log(`  skipped: ${skipped}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
