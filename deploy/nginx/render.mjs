#!/usr/bin/env node
/**
 * Renders deploy/nginx/passerelle.conf.template into a complete nginx.conf: ports, paths, the CMS
 * instances, and the security headers taken from the site server itself (securityHeadersFor), so
 * nginx and site/server/serve.mjs cannot drift apart. Used by `npm run start:stack`, the stack
 * tests and the benchmark; on a server, run it once and point nginx at the result.
 *
 *   node deploy/nginx/render.mjs --listen 127.0.0.1:8080 --root /srv/passerelle/builds/current \
 *     --run-dir /run/passerelle-nginx [--log-dir /var/log/passerelle-nginx] --cms 127.0.0.1:1337 --cms 127.0.0.1:1338 [--cms-public-url URL] > nginx.conf
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { securityHeadersFor } from '../../site/server/serve.mjs';

export const nginxDir = dirname(fileURLToPath(import.meta.url));

/** A header value inside double quotes in nginx's syntax. */
const quoted = (value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`;

/**
 * @param {{
 *   listen: string, siteRoot: string, runDir: string, logDir?: string, cmsServers: string[], cmsPublicUrl?: string,
 *   modulesDir?: string, workerProcesses?: string, user?: string, maxFails?: number, failTimeout?: string, adminMaxBody?: string,
 * }} options
 * @returns {string}
 */
export function renderNginxConfig(options) {
  const { listen, siteRoot, runDir, cmsServers, cmsPublicUrl = '', modulesDir = '/usr/lib/nginx/modules' } = options;
  if (cmsServers.length === 0) throw new Error('at least one CMS instance (--cms host:port)');
  const headers = Object.entries(securityHeadersFor(cmsPublicUrl))
    .map(([name, value]) => `      add_header ${name} ${quoted(value)} always;`)
    .join('\n');
  const servers = cmsServers
    .map((address) => `    server ${address} max_fails=${options.maxFails ?? 1} fail_timeout=${options.failTimeout ?? '10s'};`)
    .join('\n');
  const values = {
    // Started as root, nginx runs its workers as `nobody` unless told otherwise; they must read the
    // site and the error pages (a checkout under /root is not readable to them) and write the temp dirs.
    USER: options.user ? `user ${options.user};\n` : '',
    MODULES_DIR: modulesDir,
    WORKER_PROCESSES: options.workerProcesses ?? 'auto',
    RUN_DIR: resolve(runDir),
    LOG_DIR: resolve(options.logDir ?? runDir),
    LISTEN: listen,
    SITE_ROOT: resolve(siteRoot),
    NGINX_DIR: nginxDir,
    ERRORS_DIR: join(nginxDir, 'errors'),
    CMS_SERVERS: servers,
    SECURITY_HEADERS: headers,
    ADMIN_MAX_BODY: options.adminMaxBody ?? '50m',
  };
  const template = readFileSync(join(nginxDir, 'passerelle.conf.template'), 'utf8');
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`passerelle.conf.template: unknown placeholder {{${name}}}`);
    return values[name];
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string', default: '127.0.0.1:8080' },
      root: { type: 'string' },
      'run-dir': { type: 'string' },
      'log-dir': { type: 'string' },
      cms: { type: 'string', multiple: true },
      'cms-public-url': { type: 'string' },
      'worker-processes': { type: 'string' },
      user: { type: 'string' },
    },
  });
  if (!values.root || !values['run-dir'] || !values.cms?.length) {
    console.error('usage: render.mjs --root <builds/current> --run-dir <dir> [--log-dir <dir>] --cms host:port [--cms host:port …] [--listen addr:port] [--cms-public-url URL] [--user name]');
    process.exit(2);
  }
  process.stdout.write(
    renderNginxConfig({
      listen: values.listen,
      siteRoot: values.root,
      runDir: values['run-dir'],
      logDir: values['log-dir'],
      cmsServers: values.cms,
      cmsPublicUrl: values['cms-public-url'],
      workerProcesses: values['worker-processes'],
      user: values.user,
    }),
  );
}
