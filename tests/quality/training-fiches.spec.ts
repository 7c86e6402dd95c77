import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtFiles, urlPathOf } from '../support/site.ts';

/**
 * Every training unit's fiche, in both languages, prints on exactly one Letter page (Chromium's
 * PDF, counted by poppler's pdfinfo): the demo modules are the longest an editor is expected to
 * write, and the CMS caps the fiche and the prompts (docs/training.md).
 */
const fiches = builtFiles('.html')
  .map(urlPathOf)
  .filter((path) => /^\/(formation|en\/training)\/[^/]+\/\d+\/fiche\/$/.test(path));

test('the build has the fiches of the demo modules in both languages', () => {
  expect(fiches.filter((p) => p.startsWith('/formation/')).length).toBeGreaterThanOrEqual(3);
  expect(fiches.filter((p) => p.startsWith('/en/training/')).length).toBeGreaterThanOrEqual(3);
});

for (const path of fiches) {
  test(`one Letter page: ${path}`, async ({ page }) => {
    await page.goto(path);
    await page.emulateMedia({ media: 'print' });
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-fiche-'));
    try {
      const pdf = join(dir, 'fiche.pdf');
      writeFileSync(pdf, await page.pdf({ format: 'Letter', preferCSSPageSize: true }));
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      expect(/^Pages:\s+(\d+)$/m.exec(info)?.[1], `${path} pages`).toBe('1');
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
      expect(text, 'the site header stays off paper').not.toContain('Aller au contenu');
      expect(text).toContain(await page.locator('h1').innerText());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
