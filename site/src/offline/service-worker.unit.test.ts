import { Script } from 'node:vm';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { newOfflineBuildId, serviceWorkerSource } from './service-worker.ts';

/** What `/sw.js` is made of; what it does in a browser is tests/e2e/resident-reads-saved-pages-offline.js.spec.ts. */
describe('the offline service worker’s source', () => {
  const source = serviceWorkerSource('2026-12-06T15-00-00-000Z-abc123');

  it('is valid JavaScript that names its build and carries both languages’ words', () => {
    // Compiled, not run: a syntax error throws here.
    expect(() => new Script(source)).not.toThrow();
    const config = JSON.parse(/^const OFFLINE=(.*);$/m.exec(source)![1]!) as { build: string; text: Record<string, { tag: string; note: string }> };
    expect(config.build).toBe('2026-12-06T15-00-00-000Z-abc123');
    expect(config.text.fr).toMatchObject({ tag: 'fr-CA', note: 'Vous êtes hors ligne — cette page a été enregistrée le {date}.' });
    expect(config.text.en).toMatchObject({ tag: 'en-CA', note: 'You are offline — this page was saved on {date}.' });
  });

  it('ships no comments and fits its budget', () => {
    expect(source).not.toMatch(/^\s*\/\//m);
    expect(source).not.toContain('/*');
    expect(brotliCompressSync(source).length).toBeLessThanOrEqual(2048);
  });

  it('refuses a build id that could break out of its string', () => {
    expect(() => serviceWorkerSource('x";alert(1)//')).toThrow(/not a build id/);
    expect(serviceWorkerSource(newOfflineBuildId())).toContain('const CACHE = PREFIX + OFFLINE.build;');
  });

  it('gives each build a new id, even within one millisecond', () => {
    const now = new Date(Date.UTC(2026, 11, 6, 15));
    const ids = new Set(Array.from({ length: 20 }, () => newOfflineBuildId(now)));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^2026-12-06T15-00-00-000Z-[0-9a-f]{6}$/);
  });
});
