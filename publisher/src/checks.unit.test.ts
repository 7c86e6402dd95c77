import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBuild } from './checks.ts';

const options = { minPageRatio: 0.5, pageBudgetBytes: 14 * 1024 };

function site(pages: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'publisher-checks-'));
  for (const [page, html] of Object.entries(pages)) {
    mkdirSync(path.dirname(path.join(dir, page)), { recursive: true });
    writeFileSync(path.join(dir, page), html);
  }
  return dir;
}

const pages = (count: number) =>
  Object.fromEntries([['index.html', '<p>Accueil</p>'], ...Array.from({ length: count - 1 }, (_, i) => [`evenements/e${i}/index.html`, `<p>${i}</p>`])]);

describe('checks before going live', () => {
  it('accepts a build like the live one', async () => {
    const result = await checkBuild(site(pages(10)), site(pages(10)), options);
    expect(result).toEqual({ ok: true, pageCount: 10, problems: [] });
  });

  it('refuses a build whose page count collapsed below half of the live one', async () => {
    const result = await checkBuild(site(pages(4)), site(pages(10)), options);
    expect(result.ok).toBe(false);
    expect(result.problems.join(' ')).toMatch(/Nombre de pages effondré : 4 au lieu de 10/);
  });

  it('accepts any page count for the first build', async () => {
    expect((await checkBuild(site(pages(1)), null, options)).ok).toBe(true);
  });

  it('refuses a page over the brotli budget, naming it', async () => {
    // Random bytes do not compress: 20 KB of them in base64 stays ~20 KB with brotli.
    const heavy = `<p>${randomBytes(20 * 1024).toString('base64')}</p>`;
    const result = await checkBuild(site({ ...pages(3), 'lourde/index.html': heavy }), null, options);
    expect(result.ok).toBe(false);
    expect(result.problems.join(' ')).toMatch(/\/lourde\/index\.html \(\d+\.\d Ko\)/);
  });

  it('accepts a large page that compresses within the budget', async () => {
    const large = `<ul>${'<li>Atelier de quartier</li>'.repeat(2_000)}</ul>`;
    expect(large.length).toBeGreaterThan(14 * 1024);
    expect((await checkBuild(site({ ...pages(2), 'liste/index.html': large }), null, options)).ok).toBe(true);
  });

  it('refuses a build without a home page', async () => {
    const result = await checkBuild(site({ 'a/index.html': '<p>a</p>' }), null, options);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/index\.html/);
  });
});
