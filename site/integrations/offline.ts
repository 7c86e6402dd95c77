import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { newOfflineBuildId, SERVICE_WORKER_PATH, serviceWorkerSource } from '../src/offline/service-worker.ts';

/** Writes `/sw.js`, the service worker that keeps visited pages for offline reading (docs/offline.md), with this build's id. */
export function offlinePages(): AstroIntegration {
  return {
    name: 'passerelle:offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const build = newOfflineBuildId();
        await writeFile(join(fileURLToPath(dir), SERVICE_WORKER_PATH), serviceWorkerSource(build));
        logger.info(`service worker written for build ${build}`);
      },
    },
  };
}
