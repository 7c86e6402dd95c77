import type { AddressInfo } from 'node:net';

export interface StartedSiteServer {
  base: string;
  /** Stops the server and removes the environment variables it was started with. */
  close: () => void;
}

/**
 * Starts the site's own server (site/server/serve.mjs) on a free port, configured from the
 * environment with these variables over it, as its entry point would be. They are also set in
 * process.env while it runs: the CMS booted in the same test reads some of them (PREVIEW_*).
 */
export async function startSiteServer(env: Record<string, string>): Promise<StartedSiteServer> {
  Object.assign(process.env, env);
  const { createSiteServer } = await import('../../site/server/serve.mjs');
  const { siteServerConfig } = await import('../../site/server/config.mjs');
  const server = createSiteServer(siteServerConfig(process.env));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.close();
      for (const key of Object.keys(env)) delete process.env[key];
    },
  };
}
