import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildStatus } from '../../publisher/src/status.ts';
import { freePort } from './cms-process.ts';
import { EVENT } from './fake-astro-site.ts';

/** The publisher as `npm start` runs it (`src/cli.ts serve`), a real child process the tests can kill. */
const publisherDir = fileURLToPath(new URL('../../publisher/', import.meta.url));
export const PUBLISHER_TEST_SECRET = 'secret-des-tests-de-pannes';

export interface PublisherProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  status: () => Promise<BuildStatus>;
  publish: (updatedAt: string) => Promise<Response>;
  stop: () => Promise<void>;
}

export async function startPublisher(settings: { buildsDir: string; siteDir: string; cmsFile: string }): Promise<PublisherProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Hermetic: only what the publisher and the fake build need.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PUBLISHER_HOST: '127.0.0.1',
    PUBLISHER_PORT: String(port),
    PUBLISHER_SECRET: PUBLISHER_TEST_SECRET,
    PUBLISHER_BUILDS_DIR: settings.buildsDir,
    PUBLISHER_SITE_DIR: settings.siteDir,
    PUBLISHER_DEBOUNCE_MS: '50',
    PUBLISHER_KEEP_BUILDS: '3',
    PUBLISHER_BUILD_TIMEOUT_MS: '60000',
    PUBLISHER_MIN_PAGE_RATIO: '0.5',
    PUBLISHER_PAGE_BUDGET_BYTES: String(14 * 1024),
    PUBLISHER_BUILD_ON_START: 'false',
    PUBLISHER_EXPRESS: 'false',
    CMS_URL: 'http://127.0.0.1:9',
    FAKE_CMS_FILE: settings.cmsFile,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], { cwd: publisherDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${url}/_health`).then((r) => r.ok, () => false);
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the publisher did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    status: async () => (await (await fetch(`${url}/status.json`)).json()) as BuildStatus,
    publish: (updatedAt) =>
      fetch(`${url}/webhooks/strapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-passerelle-publisher-secret': PUBLISHER_TEST_SECRET },
        body: JSON.stringify({
          event: 'entry.publish',
          model: 'event',
          uid: EVENT.uid,
          entry: { documentId: EVENT.documentId, locale: EVENT.locale, publishedAt: updatedAt, updatedAt },
        }),
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const liveTitle = (buildsDir: string, read: (file: string) => string) =>
  /<h1>([^<]*)<\/h1>/.exec(read(path.join(buildsDir, 'current', 'index.html')))?.[1];
