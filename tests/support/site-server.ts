import type { AddressInfo } from 'node:net';

export interface StartedSiteServer {
  base: string;
  /** Stops the server and removes the environment variables it was started with. */
  close: () => void;
}

/**
 * Starts the site's own server (site/server/serve.mjs) on a free port with these environment
 * variables. serve.mjs reads its environment when it loads, so each test file that needs a
 * different one calls this once; Vitest gives each test file its own module graph.
 */
export async function startSiteServer(env: Record<string, string>): Promise<StartedSiteServer> {
  Object.assign(process.env, env);
  const { createSiteServer } = await import('../../site/server/serve.mjs');
  const server = createSiteServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.close();
      for (const key of Object.keys(env)) delete process.env[key];
    },
  };
}
