import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExpressChange, ExpressEvent } from './express.ts';
import { Pipeline } from './pipeline.ts';
import { renderStatusPage } from './status-page.ts';
import type { Builder } from './builder.ts';
import { fakeBuilder, testPipelineConfig } from './test-support.ts';

const event = (documentId = 'doc1'): ExpressEvent => ({ event: 'entry.publish', uid: 'api::event.event', documentId });
const page = (p: string, text: string) => ({ path: p, html: `<!doctype html><title>${text}</title><p>${text}</p>` });
const live = (pipeline: Pipeline, file: string) => readFileSync(path.join(pipeline.releases.currentPath, file), 'utf8');

async function pipelineWithLiveBuild(source: (e: ExpressEvent) => Promise<ExpressChange | null>, builder: Builder = fakeBuilder({ pages: 4 })) {
  const pipeline = new Pipeline(testPipelineConfig(), builder);
  await pipeline.init();
  expect(await pipeline.buildOnce(['first'])).toBe(true);
  const express = pipeline.enableExpress(source);
  return { pipeline, express };
}

describe('the express lane', () => {
  it('puts one entry’s page live in a hard-linked copy of the live build, leaving that build untouched', async () => {
    const { pipeline, express } = await pipelineWithLiveBuild(async () => ({
      reason: 'entry.publish api::event.event',
      pages: [page('/evenements/soupe/', 'Soupe populaire'), page('/p1/', 'changed')],
      removals: [],
    }));
    const before = await pipeline.releases.current();
    expect(await express.enqueue(event())).toBe(true);
    const after = await pipeline.releases.current();
    expect(after).not.toBe(before);
    expect(live(pipeline, 'evenements/soupe/index.html')).toContain('Soupe populaire');
    expect(live(pipeline, 'p1/index.html')).toContain('changed');
    // The old build still has its own p1 (the copy unlinked before writing) …
    expect(readFileSync(path.join(pipeline.releases.buildPath(before!), 'p1/index.html'), 'utf8')).toBe('<p>1</p>');
    // … and the pages nobody touched are the same files, not copies.
    const inode = (id: string) => statSync(path.join(pipeline.releases.buildPath(id), 'p2/index.html')).ino;
    expect(inode(after!)).toBe(inode(before!));
    const status = await pipeline.snapshot();
    expect(status.lastExpress).toMatchObject({ id: after, pages: ['/evenements/soupe/', '/p1/'], reason: 'entry.publish api::event.event' });
    expect(status.lastExpress!.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(renderStatusPage(status)).toContain('Dernière mise en ligne express');
    expect(renderStatusPage(status)).toContain('mise en ligne de /evenements/soupe/');
  });

  it('says the page is live before pruning old builds (housekeeping, not latency)', async () => {
    const { pipeline, express } = await pipelineWithLiveBuild(async () => ({ reason: 'r', pages: [page('/tot/', 'tôt')], removals: [] }));
    const prune = pipeline.releases.prune.bind(pipeline.releases);
    let liveWhenPruning: string[] | undefined;
    pipeline.releases.prune = async (keep) => {
      liveWhenPruning = pipeline.status.snapshot.lastExpress?.pages;
      return prune(keep);
    };
    expect(await express.enqueue(event())).toBe(true);
    expect(liveWhenPruning).toEqual(['/tot/']);
  });

  it('takes an unpublished entry’s page down', async () => {
    const { pipeline, express } = await pipelineWithLiveBuild(async () => ({ reason: 'entry.unpublish', pages: [], removals: ['/p2/'] }));
    expect(await express.enqueue({ ...event(), event: 'entry.unpublish' })).toBe(true);
    expect(existsSync(path.join(pipeline.releases.currentPath, 'p2/index.html'))).toBe(false);
    expect(live(pipeline, 'p1/index.html')).toBe('<p>1</p>');
  });

  it('leaves a page over the budget, or an entry it cannot render, to the full build', async () => {
    const big = Array.from({ length: 4000 }, (_, i) => `<p>${i.toString(36)}${Math.random().toString(36)}</p>`).join('');
    const { pipeline, express } = await pipelineWithLiveBuild(async (e) =>
      e.documentId === 'big' ? { reason: 'big', pages: [{ path: '/big/', html: big }], removals: [] } : null,
    );
    const before = await pipeline.releases.current();
    expect(await express.enqueue(event('big'))).toBe(false);
    expect(await express.enqueue(event('unknown'))).toBe(false);
    expect(await pipeline.releases.current()).toBe(before);
  });

  it('survives a renderer that throws: nothing changes, the next webhook still works', async () => {
    let calls = 0;
    const { pipeline, express } = await pipelineWithLiveBuild(async () => {
      calls += 1;
      if (calls === 1) throw new Error('CMS unreachable');
      return { reason: 'ok', pages: [page('/ok/', 'ok')], removals: [] };
    });
    expect(await express.enqueue(event())).toBe(false);
    expect(await express.enqueue(event())).toBe(true);
    expect(live(pipeline, 'ok/index.html')).toContain('ok');
  });

  it('re-applies an express page to a full build that started before it, so the page never goes back', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const plain = fakeBuilder({ pages: 4 });
    let slow = false;
    // A full build whose content was fetched before the express publish (it knows nothing of it).
    const builder: Builder = async (request) => {
      if (slow) await gate;
      return plain(request);
    };
    const { pipeline, express } = await pipelineWithLiveBuild(
      async () => ({ reason: 'entry.publish', pages: [page('/nouveau/', 'Nouveau')], removals: [] }),
      builder,
    );
    slow = true;
    const fullBuild = pipeline.buildOnce(['entry.publish (before)']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await express.enqueue(event())).toBe(true);
    expect(live(pipeline, 'nouveau/index.html')).toContain('Nouveau');
    release();
    expect(await fullBuild).toBe(true);
    expect(live(pipeline, 'nouveau/index.html')).toContain('Nouveau');
    expect(live(pipeline, 'index.html')).toContain('build 2');

    // A full build that starts after the express change contains it: nothing to re-apply any more.
    slow = false;
    expect(await pipeline.buildOnce(['later'])).toBe(true);
    expect(existsSync(path.join(pipeline.releases.currentPath, 'nouveau/index.html'))).toBe(false);
  });
});
