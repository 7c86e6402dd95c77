#!/usr/bin/env node
'use strict';
/**
 * Serves the Strapi API (REST + GraphQL) without building the admin panel: used by the site build,
 * the browser tests and the benchmark. `SERVE_ADMIN=true` serves /admin too (needs `strapi build`).
 *
 *   SEED_DEMO_DATA=true PORT=13337 node scripts/serve.js
 */
process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
process.env.STRAPI_PLUGIN_I18N_INIT_LOCALE_CODE ??= 'fr';

const fs = require('node:fs');
const path = require('node:path');
const { compileApp } = require('./compile');

async function main() {
  const { appDir, distDir } = await compileApp();
  if (!process.env.DATABASE_CLIENT || process.env.DATABASE_CLIENT === 'sqlite') {
    const file = path.resolve(appDir, process.env.DATABASE_FILENAME ?? '.tmp/data.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({
    appDir,
    distDir,
    autoReload: false,
    serveAdminPanel: process.env.SERVE_ADMIN === 'true',
  });
  await strapi.load();

  const host = strapi.config.get('server.host', '127.0.0.1');
  const port = strapi.config.get('server.port', 1337);
  const httpServer = strapi.server.httpServer;
  // Requests being answered, so a stop lets them finish (a signature half-written is a lost one).
  let inFlight = 0;
  httpServer.on('request', (_request, response) => {
    inFlight += 1;
    response.once('close', () => (inFlight -= 1));
  });
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`Passerelle CMS: ${signal} received, stopping`);
    try {
      await drain(httpServer, () => inFlight);
      await strapi.destroy();
    } finally {
      process.exit(0);
    }
  };
  // stop() ends the process itself (process.exit in its finally): nothing waits on its promise.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await new Promise((resolve, reject) => {
    strapi.server.httpServer.once('error', reject);
    strapi.server.listen(port, host, resolve);
  });
  console.log(`Passerelle CMS ready at http://${host}:${port}`);
}

/**
 * Within systemd's TimeoutStopSec (30 s in deploy/systemd): long enough for any form to be answered,
 * short enough that a stuck request does not hold a restart.
 */
const DRAIN_LIMIT_MS = 10_000;

/**
 * Stops taking connections (nginx then sends new requests to the other instances: a refused
 * connection is retried even for a form, since nothing was sent), closes idle keep-alive
 * connections as they become idle, and waits for the requests in flight, up to DRAIN_LIMIT_MS.
 * Strapi's own destroy cuts every open connection at once, so it runs only after this.
 */
async function drain(httpServer, inFlight) {
  httpServer.close();
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  while (inFlight() > 0 && Date.now() < deadline) {
    httpServer.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  httpServer.closeIdleConnections();
  const left = inFlight();
  console.log(`Passerelle CMS: ${left === 0 ? 'requests in flight answered' : `${left} requests still open after ${DRAIN_LIMIT_MS} ms`}`);
}

main().catch((error) => {
  console.error('Passerelle CMS failed to start:', error);
  process.exit(1);
});
