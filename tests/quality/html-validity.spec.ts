import { expect, test } from '@playwright/test';
import { vnuErrors } from '../support/html-checks.ts';
import { siteDist } from '../support/site.ts';

/** The Nu HTML Checker (vnu) over every built page, with the system Java: zero errors. */
test('every built page is valid HTML (Nu checker, errors only)', async () => {
  test.setTimeout(240_000);
  const errors = await vnuErrors(siteDist, { skipNonHtml: true });
  const summary = errors.slice(0, 20).map((m) => `${m.url.replace(`file:${siteDist}`, '')}:${m.lastLine ?? '?'} ${m.message}`);
  expect(summary, `${errors.length} HTML errors`).toEqual([]);
});
