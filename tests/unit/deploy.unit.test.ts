import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderNginxConfig } from '../../deploy/nginx/render.mjs';
import { securityHeadersFor } from '../../site/server/serve.mjs';

/**
 * deploy/: the env examples name only documented settings, and the nginx config rendered from the
 * template is valid for Debian's nginx and carries the site server's security headers, value for
 * value (the stack tests check what nginx actually sends).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const envDir = path.join(repoRoot, 'deploy/env');
const documented = new Set([...readFileSync(path.join(repoRoot, 'docs/configuration.md'), 'utf8').matchAll(/^\| `([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1]));

describe('deploy/env examples', () => {
  const examples = readdirSync(envDir).filter((name) => name.endsWith('.env.example'));

  it('exist for the CMS and the publisher', () => {
    expect(examples).toEqual(expect.arrayContaining(['cms.env.example', 'publisher.env.example']));
  });

  it.each(examples)('%s sets only variables docs/configuration.md describes', (name) => {
    const variables = readFileSync(path.join(envDir, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.slice(0, line.indexOf('=')).trim());
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((variable) => !documented.has(variable))).toEqual([]);
  });
});

describe('the nginx config (deploy/nginx/render.mjs)', () => {
  const render = (cmsPublicUrl = '') =>
    renderNginxConfig({ listen: '127.0.0.1:8080', siteRoot: '/srv/passerelle/builds/current', runDir: '/run/passerelle-nginx', cmsServers: ['127.0.0.1:1337', '127.0.0.1:1338'], cmsPublicUrl });

  it('adds every security header of the site server, with the same value, in every location that adds headers', () => {
    for (const cmsPublicUrl of ['', 'https://cms.example.org']) {
      const config = render(cmsPublicUrl);
      const locationsWithHeaders = config.split(/\n\s*location /).slice(1).filter((block) => block.includes('add_header'));
      expect(locationsWithHeaders.length).toBe(3); // the site, the 404 page, the unavailable page
      for (const block of locationsWithHeaders) {
        const added = Object.fromEntries([...block.matchAll(/add_header (\S+) "((?:[^"\\]|\\.)*)" always;/g)].map((m) => [m[1], (m[2] ?? '').replace(/\\(.)/g, '$1')]));
        for (const [name, value] of Object.entries(securityHeadersFor(cmsPublicUrl))) expect(added[name], name).toBe(value);
      }
    }
  });

  it('serves plain text (weekly bulletins, robots.txt) as text/plain in UTF-8', () => {
    const config = render();
    expect(config).toMatch(/^\s*include \/etc\/nginx\/mime\.types;$/m);
    expect(config).toMatch(/^\s*charset utf-8;$/m);
    expect(config).toMatch(/^\s*charset_types [^;]*\btext\/plain\b[^;]*;$/m);
    // Debian's nginx package names .txt text/plain; a config that overrode it would show here.
    expect(config).not.toMatch(/^\s*[\w.+/-]+\s+[^;]*\btxt\b[^;]*;$/m);
  });

  it('passes both CMS instances, and never retries a form already sent (no non_idempotent)', () => {
    const config = render();
    expect(config).toMatch(/server 127\.0\.0\.1:1337 max_fails=\d+ fail_timeout=\w+;/);
    expect(config).toMatch(/server 127\.0\.0\.1:1338 max_fails=\d+ fail_timeout=\w+;/);
    const proxy = readFileSync(path.join(repoRoot, 'deploy/nginx/proxy-to-cms.conf'), 'utf8');
    expect(proxy).toMatch(/^proxy_next_upstream error timeout http_502 http_503;$/m);
    expect(proxy).not.toMatch(/^proxy_next_upstream .*non_idempotent/m);
    expect(proxy).toMatch(/^proxy_set_header X-Request-Id \$request_id;$/m);
    expect(proxy).toMatch(/^proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;$/m);
  });

  it('is valid for Debian’s nginx with the brotli modules (nginx -t)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-nginx-'));
    try {
      mkdirSync(path.join(dir, 'site'));
      const conf = path.join(dir, 'nginx.conf');
      writeFileSync(conf, renderNginxConfig({ listen: '127.0.0.1:8080', siteRoot: path.join(dir, 'site'), runDir: dir, cmsServers: ['127.0.0.1:1337'] }));
      const output = execFileSync('/usr/sbin/nginx', ['-t', '-q', '-c', conf, '-e', path.join(dir, 'error.log')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(output).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
