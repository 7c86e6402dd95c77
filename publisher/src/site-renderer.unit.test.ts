import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SiteRenderer } from './site-renderer.ts';

/**
 * The switch to a newer content store's worker after a full build: a render already sent to the
 * old worker must complete there (it used to be rejected with "renderer worker stopped", and the
 * express page waited for the next full build), and renders asked after the switch go to the new one.
 */
const workerScript = new URL('./test-render-worker.mjs', import.meta.url);

function aSite(): { siteDir: string; writeStore: (content: string) => void } {
  const siteDir = mkdtempSync(path.join(tmpdir(), 'publisher-renderer-'));
  mkdirSync(path.join(siteDir, '.render/server'), { recursive: true });
  writeFileSync(path.join(siteDir, '.render/server/entry.mjs'), '');
  mkdirSync(path.join(siteDir, 'node_modules/.astro'), { recursive: true });
  return { siteDir, writeStore: (content) => writeFileSync(path.join(siteDir, 'node_modules/.astro/data-store.json'), content) };
}

let renderer: SiteRenderer | undefined;
afterEach(async () => renderer?.stop());

// The timed worker reads only these two fields of the input.
const render = (r: SiteRenderer, input: { path: string; delayMs: number }) => r.renderer()!.renderEntry(input as never);

describe('the renderer switches stores without dropping a render in flight', () => {
  it('lets the old worker finish its render, and sends new renders to the new worker', async () => {
    const { siteDir, writeStore } = aSite();
    renderer = new SiteRenderer({ siteDir, workDir: path.join(siteDir, 'work'), workerScript });
    writeStore('store of build 1');
    await renderer.followStore('build-1');
    await renderer.whenReady();

    const inFlight = render(renderer, { path: '/a/', delayMs: 600 });
    // Let the message reach the old worker before the switch starts.
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeStore('store of build 2');
    await renderer.followStore('build-2');
    const afterSwitchStarted = Date.now();
    await renderer.whenReady();

    const next = await render(renderer, { path: '/b/', delayMs: 0 });
    expect(next.html).toBe('store of build 2');
    const old = await inFlight;
    expect(old.html).toBe('store of build 1');
    // The switch waited for the render (about 550 ms left of it) before stopping the old worker.
    expect(Date.now() - afterSwitchStarted).toBeGreaterThanOrEqual(400);
  });
});
