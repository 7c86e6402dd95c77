import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** WCAG 2.2 AA, as the issues ask: every level-A and AA rule axe has, up to 2.2. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The page's axe violations as readable lines (rule, help, up to three targets); [] when none. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`);
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
