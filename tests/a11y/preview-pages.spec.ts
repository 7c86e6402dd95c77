import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoDraft, draftDocumentId, previewPath, previewSecret as secret } from '../support/preview.ts';

/** The draft preview's pages (the draft with its banner, refusal, unknown document) pass axe and the Nu checker. */
test('the preview pages pass axe and vnu', async ({ page }) => {
  test.setTimeout(90_000);
  const event = await draftDocumentId('events', demoDraft('events').slug);
  const petition = await draftDocumentId('petitions', demoDraft('petitions').slug);
  const pages = {
    'French event preview': previewPath({ type: 'events', documentId: event, locale: 'fr', secret }),
    'English petition preview': previewPath({ type: 'petitions', documentId: petition, locale: 'en', secret }),
    'refused preview': previewPath({ type: 'events', documentId: event, locale: 'fr', secret: 'wrong' }),
    'unknown document': previewPath({ type: 'events', documentId: 'nexistepas', locale: 'fr', secret }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-preview-html-'));
  const names = Object.keys(pages);
  for (const [i, [name, path]] of Object.entries(pages).entries()) {
    const response = await page.goto(path);
    expect(response, name).not.toBeNull();
    writeFileSync(join(dir, `${i}.html`), await response!.text());
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`), name).toEqual([]);
  }
  const jar = createRequire(import.meta.url)('vnu-jar') as string;
  const { stdout, stderr } = await promisify(execFile)('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', dir], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout: string; stderr: string }) => error);
  const report = JSON.parse(stderr || stdout || '{"messages":[]}') as { messages: Array<{ type: string; url: string; message: string }> };
  const errors = report.messages
    .filter((m) => m.type === 'error')
    .map((m) => `${names[Number(/(\d+)\.html$/.exec(m.url)?.[1])]}: ${m.message}`);
  expect(errors).toEqual([]);
});
