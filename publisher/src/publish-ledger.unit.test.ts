import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleEntries } from './freshness.ts';
import { Pipeline } from './pipeline.ts';
import { PublishLedger } from './publish-ledger.ts';
import { fakeBuilder, testPipelineConfig } from './test-support.ts';

const EVENT = 'api::event.event';
const publishOf = (updatedAt: string, event = 'entry.publish') => ({
  reason: `${event} ${EVENT}`,
  event,
  uid: EVENT,
  documentId: 'doc1',
  locale: 'fr',
  updatedAt,
});
const KEY = `${EVENT}:doc1:fr`;
const OLD = '2026-12-01T10:00:00.000Z';
const NEW = '2026-12-01T10:05:00.000Z';

describe('the publish ledger', () => {
  it('keeps publishes on disk until a build covering them is live, across restarts', async () => {
    const { buildsDir } = testPipelineConfig();
    const ledger = PublishLedger.in(buildsDir);
    await ledger.load();
    await ledger.record(publishOf(OLD));
    const second = await ledger.record(publishOf(NEW));
    expect(readdirSync(buildsDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const reopened = PublishLedger.in(buildsDir);
    await reopened.load();
    expect(reopened.pending.map((e) => e.updatedAt)).toEqual([OLD, NEW]);
    await reopened.settle(second.seq - 1);
    const again = PublishLedger.in(buildsDir);
    await again.load();
    expect(again.pending.map((e) => e.seq)).toEqual([second.seq]);
    // Numbers keep growing after a restart, so a build never settles a publish it did not see.
    expect((await again.record(publishOf(NEW))).seq).toBe(second.seq + 1);
  });
});

describe('a build that shows an older version than was published', () => {
  it('finds an older version, and a page still shown after an unpublish', () => {
    const ledger = [{ ...publishOf(NEW), seq: 1, receivedAt: NEW }];
    expect(staleEntries(ledger, { [KEY]: OLD })).toHaveLength(1);
    expect(staleEntries(ledger, { [KEY]: NEW })).toEqual([]);
    // Absent after a publish: the site skipped an entry its schema refused; not a stale build.
    expect(staleEntries(ledger, {})).toEqual([]);
    const unpublished = [...ledger, { ...publishOf(NEW, 'entry.unpublish'), seq: 2, receivedAt: NEW }];
    expect(staleEntries(unpublished, { [KEY]: NEW })).toHaveLength(1);
    expect(staleEntries(unpublished, {})).toEqual([]);
  });

  it('is refused, then built again, and goes live once it shows the published version', async () => {
    const builder = fakeBuilder({ pages: 3, versions: (call) => ({ [KEY]: call === 1 ? OLD : NEW }) });
    const pipeline = new Pipeline(testPipelineConfig(), builder);
    await pipeline.init();
    await pipeline.ledger.record(publishOf(NEW));

    expect(await pipeline.buildOnce(['entry.publish'])).toBe(true);
    expect(builder.calls).toBe(2);
    const status = await pipeline.snapshot();
    expect(status.lastFailure?.reason).toMatch(/Construction périmée, refusée \/ stale build refused: 1 entrée/);
    expect(status.lastSuccess?.reasons).toContain('nouvel essai 1 / retry 1');
    expect(pipeline.ledger.pending).toEqual([]);
    // The versions file is the publisher's, not the visitors'.
    expect(existsSync(path.join(pipeline.releases.currentPath, 'rendered-versions.json'))).toBe(false);
  });

  it('never goes live while it stays stale, and the publish stays in the ledger', async () => {
    const config = testPipelineConfig();
    const first = new Pipeline(config, fakeBuilder({ pages: 3, versions: () => ({ [KEY]: OLD }) }));
    await first.init();
    await first.ledger.record(publishOf(OLD));
    expect(await first.buildOnce(['first'])).toBe(true);
    const live = await first.releases.current();

    const builder = fakeBuilder({ pages: 3, versions: () => ({ [KEY]: OLD }) });
    const stale = new Pipeline(config, builder);
    await stale.init();
    await stale.ledger.record(publishOf(NEW));
    expect(await stale.buildOnce(['entry.publish'])).toBe(false);
    expect(builder.calls).toBe(3);
    expect(await stale.releases.current()).toBe(live);
    expect(readFileSync(path.join(stale.releases.currentPath, 'index.html'), 'utf8')).toContain('build 1');
    expect(stale.ledger.pending.map((e) => e.updatedAt)).toEqual([NEW]);
  });
});

describe('a build that fails on a full disk', () => {
  it('says so in plain words', async () => {
    const pipeline = new Pipeline(testPipelineConfig(), fakeBuilder({ pages: 3, failWith: "ENOSPC: no space left on device, write" }));
    await pipeline.init();
    expect(await pipeline.buildOnce(['entry.publish'])).toBe(false);
    expect((await pipeline.snapshot()).lastFailure?.reason).toMatch(/^Disque plein : .* \/ Disk full: /);
  });
});
