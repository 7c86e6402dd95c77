import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { siteDist } from '../support/site.ts';

/** The Nu HTML Checker (vnu) over every built page, with the system Java: zero errors. */
test('every built page is valid HTML (Nu checker, errors only)', async () => {
  test.setTimeout(240_000);
  const jar = createRequire(import.meta.url)('vnu-jar') as string;
  const run = promisify(execFile);
  const { stdout, stderr } = await run(
    'java',
    ['-Xss4m', '-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', siteDist],
    { maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: { stdout: string; stderr: string }) => error);
  const report = JSON.parse(stderr || stdout || '{"messages":[]}') as { messages: Array<{ type: string; url: string; message: string; lastLine?: number }> };
  const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const summary = errors.slice(0, 20).map((m) => `${m.url.replace(`file:${siteDist}`, '')}:${m.lastLine ?? '?'} ${m.message}`);
  expect(summary, `${errors.length} HTML errors`).toEqual([]);
});
