import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline.ts';
import { fakeBuilder, testPipelineConfig } from './test-support.ts';

const liveHome = (pipeline: Pipeline) => readFileSync(path.join(pipeline.releases.currentPath, 'index.html'), 'utf8');

describe('one build, start to live', () => {
  it('puts a good build live and records it', async () => {
    const pipeline = new Pipeline(testPipelineConfig(), fakeBuilder({ pages: 5 }));
    await pipeline.init();
    expect(await pipeline.buildOnce(['entry.publish api::event.event'])).toBe(true);
    const status = await pipeline.snapshot();
    expect(status.current).toBe(status.lastSuccess?.id);
    expect(status.lastSuccess?.pageCount).toBe(5);
    expect(status.lastSuccess?.reasons).toEqual(['entry.publish api::event.event']);
    expect(status.lastSuccess?.timings.swapMs).toBeGreaterThanOrEqual(0);
    expect(liveHome(pipeline)).toContain('build 1');
  });

  it('records the build as live before pruning old builds', async () => {
    const pipeline = new Pipeline(testPipelineConfig(), fakeBuilder({ pages: 5 }));
    await pipeline.init();
    const prune = pipeline.releases.prune.bind(pipeline.releases);
    let liveWhenPruning: string | undefined;
    pipeline.releases.prune = async (keep) => {
      liveWhenPruning = pipeline.status.snapshot.lastSuccess?.id;
      return prune(keep);
    };
    expect(await pipeline.buildOnce(['first'])).toBe(true);
    expect(liveWhenPruning).toBe(await pipeline.releases.current());
  });

  it('leaves the live site untouched when the build fails, and keeps the log and the reason', async () => {
    const config = testPipelineConfig();
    const good = new Pipeline(config, fakeBuilder({ pages: 5 }));
    await good.init();
    await good.buildOnce(['first']);
    const live = await good.releases.current();

    const failing = new Pipeline(config, fakeBuilder({ pages: 5, failWith: 'CMS unreachable at http://127.0.0.1:9/graphql' }));
    await failing.init();
    expect(await failing.buildOnce(['second'])).toBe(false);
    const status = await failing.snapshot();
    expect(status.current).toBe(live);
    expect(status.lastFailure?.reason).toMatch(/CMS unreachable/);
    expect(status.lastFailure?.logTail).toMatch(/\[ERROR\] CMS unreachable/);
    expect(existsSync(failing.releases.logPath(status.lastFailure!.id))).toBe(true);
    expect(existsSync(failing.releases.buildPath(status.lastFailure!.id))).toBe(false);
    expect(existsSync(failing.releases.stagingPath(status.lastFailure!.id))).toBe(false);
    expect(status.keptBuilds).toEqual([live]);
    expect(liveHome(failing)).toContain('build 1');
  });

  it('refuses a build whose page count collapsed, keeping the live one', async () => {
    const config = testPipelineConfig();
    const first = new Pipeline(config, fakeBuilder({ pages: 10 }));
    await first.init();
    await first.buildOnce(['first']);
    const collapsed = new Pipeline(config, fakeBuilder({ pages: 2 }));
    await collapsed.init();
    expect(await collapsed.buildOnce(['second'])).toBe(false);
    const status = await collapsed.snapshot();
    expect(status.lastFailure?.reason).toMatch(/Nombre de pages effondré : 2 au lieu de 10/);
    expect(status.current).toBe(status.lastSuccess?.id);
  });

  it('keeps only the last N builds, and survives a restart with its status', async () => {
    const config = testPipelineConfig({ keepBuilds: 2 });
    const pipeline = new Pipeline(config, fakeBuilder({ pages: 3 }));
    await pipeline.init();
    for (let i = 0; i < 4; i++) await pipeline.buildOnce([`publish ${i}`]);
    const status = await pipeline.snapshot();
    expect(status.keptBuilds).toHaveLength(2);
    expect(status.keptBuilds.at(-1)).toBe(status.current);
    expect(status.buildsStarted).toBe(4);

    const restarted = new Pipeline(config, fakeBuilder({ pages: 3 }));
    await restarted.init();
    expect((await restarted.snapshot()).lastSuccess?.id).toBe(status.current);
  });
});
