import type { Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** WCAG 2.2 AA, as the issues ask: every level-A and AA rule axe has, up to 2.2. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's browser bundle, read once per test worker. axe is run with axe-core's own API rather
 * than @axe-core/playwright's builder: the builder injects axe twice per check (into the page, then
 * into a blank page it opens to merge the results), which made each check take ~2.5 s on a small page;
 * injecting once and calling `axe.run` takes ~0.5 s, with the same rules and options.
 */
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** What the browser sends back: enough to name each violation and where it is. */
interface Violation {
  id: string;
  help: string;
  targets: string[];
}

/** The page's axe violations as readable lines (rule, help, up to three targets); [] when none. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Into every frame, as the builder did, so that a page that gains an iframe still has it checked.
  for (const frame of page.frames()) {
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  }
  const options: RunOptions = { runOnly: { type: 'tag', values: wcagTags } };
  const violations = await page.evaluate(async (runOptions): Promise<Violation[]> => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> } };
    const results = await axe.run(document, runOptions);
    return results.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, options);
  return violations.map((v) => `${v.id}: ${v.help} (${v.targets.slice(0, 3).join(' | ')})`);
}

interface VnuMessage {
  type: string;
  url: string;
  message: string;
  lastLine?: number;
}

/**
 * Runs the Nu HTML Checker (vnu-jar, with the system Java) over a directory, errors only, and
 * returns its error messages. vnu exits non-zero when it finds errors and writes its JSON report
 * to stderr; both cases are read the same way.
 */
export async function vnuErrors(dir: string, { skipNonHtml = false } = {}): Promise<VnuMessage[]> {
  const jar = createRequire(import.meta.url)('vnu-jar') as string;
  const args = ['-Xss4m', '-jar', jar, '--errors-only', ...(skipNonHtml ? ['--skip-non-html'] : []), '--format', 'json', dir];
  const { stdout, stderr } = await promisify(execFile)('java', args, { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  const report = JSON.parse(stderr || stdout || '{"messages":[]}') as { messages: VnuMessage[] };
  return report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
}

/**
 * Validates pages collected in a test (a name and its HTML each): writes them to a temporary
 * directory, runs vnu once over all of them, and returns "<page name>: <message>" lines.
 */
export async function vnuErrorsOfPages(pages: ReadonlyArray<{ name: string; html: string }>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-html-'));
  pages.forEach((p, i) => writeFileSync(join(dir, `${i}.html`), `<!doctype html>\n${p.html.replace(/^<!doctype html>/i, '')}`));
  const errors = await vnuErrors(dir);
  return errors.map((m) => `${pages[Number(/(\d+)\.html$/.exec(m.url)?.[1])]?.name ?? m.url}: ${m.message}`);
}
