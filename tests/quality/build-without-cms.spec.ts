import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * An OC's build must never publish a half-empty site: when the CMS cannot be reached the build
 * stops, and says in one line which URL it tried and what to do.
 */
test('a build with the CMS unreachable fails with one clear message', () => {
  test.setTimeout(120_000);
  const siteDir = fileURLToPath(new URL('../../site/', import.meta.url));
  const outDir = join(mkdtempSync(join(tmpdir(), 'passerelle-nocms-')), 'dist');
  const result = spawnSync('npx', ['astro', 'build', '--outDir', outDir], {
    cwd: siteDir,
    env: { ...process.env, CMS_URL: 'http://127.0.0.1:9', ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 110_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.status).not.toBe(0);
  expect(output).toContain('http://127.0.0.1:9/graphql');
  expect(output).toMatch(/set CMS_URL/);
  expect(existsSync(join(outDir, 'index.html'))).toBe(false);
});
