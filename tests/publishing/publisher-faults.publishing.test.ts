import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readPublisherStatus } from '../../cms/src/admin-api/publisher-status.ts';
import { fakeAstroSite } from '../support/fake-astro-site.ts';
import { liveTitle, startPublisher, type PublisherProcess } from '../support/publisher-process.ts';

/**
 * The publisher when things go wrong around it: killed in the middle of a build, a full disk, and
 * publishes during and just after builds on a saturated CPU, with builds that sometimes lose their
 * content store's last save (as Astro 5 does). The publisher is the real one (`cli.ts serve`, a child
 * process, its webhook, queue, ledger, checks and swap); the build it runs is a small stand-in for
 * Astro (tests/support/fake-astro-site.ts), so each build takes a fraction of a second.
 */
const read = (file: string) => readFileSync(file, 'utf8');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stamp = (n: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, n)).toISOString();

const running: PublisherProcess[] = [];
const temporary: string[] = [];
const aTempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterEach(async () => {
  for (const publisher of running.splice(0)) await publisher.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function started(settings: Parameters<typeof startPublisher>[0]): Promise<PublisherProcess> {
  const publisher = await startPublisher(settings);
  running.push(publisher);
  return publisher;
}

/** Publishes version `n` and waits until a build that covers it is live. */
async function publishAndWait(publisher: PublisherProcess, n: number): Promise<void> {
  const before = (await publisher.status()).lastSuccess?.id;
  expect((await publisher.publish(stamp(n))).status).toBe(202);
  await until(`build of version ${n}`, async () => {
    const s = await publisher.status();
    return s.lastSuccess?.id !== before && s.queue.state === 'idle' && !s.building;
  });
}

describe('the publisher is killed in the middle of a build', () => {
  it('leaves the live site as it was, and builds the pending publish when it starts again', async () => {
    const { siteDir, cmsFile, setCms } = fakeAstroSite(aTempDir('passerelle-fake-site-'));
    const buildsDir = aTempDir('passerelle-kill-');
    setCms({ title: 'Version 1', updatedAt: stamp(1) });
    const first = await started({ buildsDir, siteDir, cmsFile });
    await publishAndWait(first, 1);
    const live = readlinkSync(path.join(buildsDir, 'current'));
    expect(liveTitle(buildsDir, read)).toBe('Version 1');

    // The next build stops for 20 s after its first page: kill the publisher then.
    setCms({ title: 'Version 2', updatedAt: stamp(2), sleepMs: 20_000 });
    expect((await first.publish(stamp(2))).status).toBe(202);
    const staging = await until('the build to be under way', () =>
      readdirSync(buildsDir).find((name) => name.startsWith('staging-') && existsSync(path.join(buildsDir, name, 'index.html'))),
    );
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // The build step runs in its own process group: a crashed publisher leaves it; so does this test.
    const astroPid = Number(read(path.join(siteDir, 'astro.pid')));
    try {
      process.kill(-astroPid, 'SIGKILL');
    } catch {
      // Already gone.
    }

    expect(readlinkSync(path.join(buildsDir, 'current'))).toBe(live);
    expect(liveTitle(buildsDir, read)).toBe('Version 1');
    expect(JSON.parse(read(path.join(buildsDir, 'publish-ledger.json'))).entries).toMatchObject([{ updatedAt: stamp(2) }]);

    setCms({ title: 'Version 2', updatedAt: stamp(2) });
    const second = await started({ buildsDir, siteDir, cmsFile });
    await until('the pending publish to be live', async () => liveTitle(buildsDir, read) === 'Version 2' && (await second.status()).queue.state === 'idle');
    const s = await second.status();
    expect(s.lastSuccess?.reasons.join(' ')).toMatch(/reprise : 1 publication\(s\) en attente/);
    expect(existsSync(path.join(buildsDir, staging))).toBe(false);
    expect(JSON.parse(read(path.join(buildsDir, 'publish-ledger.json'))).entries).toEqual([]);
  });
});

const isRoot = process.getuid?.() === 0;
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) execFileSync('umount', ['-l', dir]);
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('the builds disk fills up during a build', () => {
  // Mounting a small tmpfs needs root; CI runs as root, so it runs there.
  it.skipIf(!isRoot)('fails cleanly, keeps the live build, removes the partial one, and the admin widget says the disk is full', async () => {
    const { siteDir, cmsFile, setCms } = fakeAstroSite(aTempDir('passerelle-fake-site-'));
    const buildsDir = aTempDir('passerelle-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', buildsDir]);
    mounted.push(buildsDir);
    setCms({ title: 'Version 1', updatedAt: stamp(1) });
    const publisher = await started({ buildsDir, siteDir, cmsFile });
    await publishAndWait(publisher, 1);
    const live = readlinkSync(path.join(buildsDir, 'current'));

    setCms({ title: 'Version 2', updatedAt: stamp(2), fillDisk: true });
    const before = (await publisher.status()).buildsStarted;
    expect((await publisher.publish(stamp(2))).status).toBe(202);
    const failure = await until('the build to fail', async () => {
      const s = await publisher.status();
      return s.buildsStarted > before && s.queue.state === 'idle' && !s.building ? (s.lastFailure ?? undefined) : undefined;
    });

    expect(failure.reason).toMatch(/^Disque plein : .*Disk full: /);
    expect(readlinkSync(path.join(buildsDir, 'current'))).toBe(live);
    expect(liveTitle(buildsDir, read)).toBe('Version 1');
    expect(readdirSync(buildsDir).filter((name) => name.startsWith('staging-'))).toEqual([]);
    // The CMS admin homepage widget's answer (what "Publication du site" shows).
    const widget = await readPublisherStatus({ PUBLISHER_URL: `${publisher.url}/webhooks/strapi` });
    expect(widget.reachable).toBe(true);
    if (widget.reachable) {
      expect(widget.failedLast).toBe(true);
      expect(widget.lastFailure?.reason).toMatch(/Disque plein/);
    }
    // Space back: the publish that failed is still owed, and the next one goes live.
    setCms({ title: 'Version 3', updatedAt: stamp(3) });
    await publishAndWait(publisher, 3);
    expect(liveTitle(buildsDir, read)).toBe('Version 3');
  });
});

describe('publishes during and just after builds, on a saturated CPU, with builds that lose their last save', () => {
  let hogs: ChildProcess[] = [];
  afterEach(() => {
    for (const hog of hogs) hog.kill('SIGKILL');
    hogs = [];
  });

  it('ends every round with the last version, and never shows an older one after a newer one (20 rounds)', async () => {
    // One busy loop per core: the load the lost save was seen under.
    hogs = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
    const { siteDir, cmsFile, setCms } = fakeAstroSite(aTempDir('passerelle-fake-site-'));
    const buildsDir = aTempDir('passerelle-rounds-');
    let version = 1;
    // Every third build loses its store save and renders the previous version.
    const cms = (n: number, sleepMs = 150) => setCms({ title: `Version ${n}`, updatedAt: stamp(n), sleepMs, loseSaveEvery: 3 });
    cms(version);
    const publisher = await started({ buildsDir, siteDir, cmsFile });
    await publishAndWait(publisher, version);

    // Watch the live page all along: the versions seen must never go down.
    const seen: number[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const title = existsSync(path.join(buildsDir, 'current')) ? liveTitle(buildsDir, (file) => (existsSync(file) ? read(file) : '')) : undefined;
        const n = Number(title?.replace('Version ', ''));
        if (n && seen.at(-1) !== n) seen.push(n);
        await sleep(5);
      }
    })();

    for (let round = 1; round <= 20; round++) {
      // One publish while a build is running …
      cms((version += 1));
      expect((await publisher.publish(stamp(version))).status).toBe(202);
      await until('a build to start', async () => (await publisher.status()).building !== null);
      cms((version += 1));
      expect((await publisher.publish(stamp(version))).status).toBe(202);
      // … and one just after a build went live.
      await until('a build to go live', async () => (await publisher.status()).building === null);
      cms((version += 1));
      expect((await publisher.publish(stamp(version))).status).toBe(202);
      await until(`round ${round} to end with version ${version}`, async () => {
        const s = await publisher.status();
        return s.queue.state === 'idle' && !s.building && liveTitle(buildsDir, read) === `Version ${version}`;
      }, 60_000);
    }
    watching = false;
    await watcher;

    expect(liveTitle(buildsDir, read)).toBe(`Version ${version}`);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // The lost saves happened, and were refused rather than put live.
    expect(Number(read(path.join(siteDir, 'builds-run')))).toBeGreaterThan(20);
    expect(publisher.output()).toMatch(/stale build refused/);
  });
});
