import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newBuildId, Releases } from './releases.ts';

function buildsDirWith(count: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'publisher-releases-'));
  const releases = new Releases(dir);
  const ids = Array.from({ length: count }, (_, i) => newBuildId(new Date(Date.UTC(2026, 10, 28, 12, 0, i))));
  for (const id of ids) {
    mkdirSync(path.join(dir, id));
    writeFileSync(path.join(dir, id, 'index.html'), `<p>${id}</p>`);
  }
  return { dir, releases, ids };
}

describe('build ids', () => {
  it('are unique and in creation order when builds start in the same millisecond', () => {
    const sameMillisecond = new Date(Date.UTC(2026, 10, 28, 12, 0, 0, 123));
    const ids = Array.from({ length: 50 }, () => newBuildId(sameMillisecond));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const later = newBuildId(new Date(Date.UTC(2026, 10, 28, 12, 0, 0, 124)));
    expect([...ids, later].sort().at(-1)).toBe(later);
  });

  it('still lists builds named with the time alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'publisher-releases-'));
    mkdirSync(path.join(dir, '2026-11-28T15-30-00-123Z'));
    expect(await new Releases(dir).list()).toEqual(['2026-11-28T15-30-00-123Z']);
  });
});

describe('builds folder', () => {
  it('swaps `current` to a build with a relative symlink, replacing the old link', async () => {
    const { dir, releases, ids } = buildsDirWith(2);
    await releases.ensure();
    expect(await releases.current()).toBeNull();
    await releases.activate(ids[0]!);
    await releases.activate(ids[1]!);
    expect(readlinkSync(path.join(dir, 'current'))).toBe(ids[1]);
    expect(readFileSync(path.join(dir, 'current', 'index.html'), 'utf8')).toContain(ids[1]);
    expect(await releases.current()).toBe(ids[1]);
  });

  it('keeps the newest N builds and never deletes the live one', async () => {
    const { dir, releases, ids } = buildsDirWith(7);
    await releases.ensure();
    await releases.activate(ids[0]!); // rolled back far: the oldest is live
    const removed = await releases.prune(3);
    expect(removed).toEqual(ids.slice(1, 4));
    expect(await releases.list()).toEqual([ids[0], ...ids.slice(4)]);
    expect(existsSync(path.join(dir, ids[0]!, 'index.html'))).toBe(true);
    // Out of the way at once, deleted in the background.
    for (const id of removed) expect(existsSync(path.join(dir, id))).toBe(false);
    await releases.whenPruned();
    expect(readdirSync(dir).filter((name) => name.startsWith('trash-'))).toEqual([]);
  });

  it('finishes deleting pruned builds left by a publisher stopped mid-way', async () => {
    const { dir, releases, ids } = buildsDirWith(1);
    mkdirSync(path.join(dir, `trash-${newBuildId(new Date(Date.UTC(2026, 10, 28, 11)))}`));
    expect(await releases.list()).toEqual(ids);
    await releases.removeStaging();
    expect(readdirSync(dir).sort()).toEqual(ids);
  });

  it('rolls back to the previous kept build, then further, then refuses', async () => {
    const { releases, ids } = buildsDirWith(3);
    await releases.ensure();
    await releases.activate(ids[2]!);
    expect(await releases.rollback()).toEqual({ from: ids[2], to: ids[1] });
    expect(await releases.current()).toBe(ids[1]);
    await releases.rollback();
    expect(await releases.current()).toBe(ids[0]);
    await expect(releases.rollback()).rejects.toThrow(/No kept build older/);
    expect(await releases.current()).toBe(ids[0]);
  });

  it('refuses to roll back when nothing is live', async () => {
    const { releases } = buildsDirWith(1);
    await expect(releases.rollback()).rejects.toThrow(/Nothing is live/);
  });

  it('never lists a build still in staging, and clears staging left by a stopped publisher', async () => {
    const { dir, releases, ids } = buildsDirWith(1);
    const interrupted = newBuildId(new Date(Date.UTC(2026, 10, 28, 13)));
    mkdirSync(releases.stagingPath(interrupted));
    expect(await releases.list()).toEqual(ids);
    await releases.removeStaging();
    expect(existsSync(releases.stagingPath(interrupted))).toBe(false);
    const finished = newBuildId(new Date(Date.UTC(2026, 10, 28, 14)));
    mkdirSync(releases.stagingPath(finished));
    await releases.promote(finished);
    expect(await releases.list()).toEqual([...ids, finished]);
    expect(existsSync(path.join(dir, finished))).toBe(true);
  });
});
