import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The site server (site/server/serve.mjs) in its own process, as `npm start` and production run it:
 * its own event loop, so the timing between it and the CMS is the real one. The environment is
 * exactly `env` plus PATH: nothing from the developer's shell.
 */
const serveMjs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../site/server/serve.mjs');

export interface SiteProcess {
  base: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startSiteProcess(env: Record<string, string>): Promise<SiteProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [serveMjs], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', SITE_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`site server exited (${child.exitCode}): ${output}`);
    if (output.includes('ready at')) break;
    if (Date.now() - started > 15_000) {
      child.kill('SIGKILL');
      throw new Error(`site server did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
