#!/usr/bin/env node
/**
 * Static server for the built site (development, the run command and the tests).
 * Production can use any static host or CDN instead: see the README for the equivalent nginx rules.
 *
 * What it adds over a bare file server, and why:
 * - brotli/gzip for text, compressed once and kept in memory (pages are tiny; CPUs are not);
 *   Pagefind's index files are already gzip-compressed and are served as they are;
 * - Cache-Control: HTML short (content changes on publish), hashed assets immutable;
 * - strong ETags and 304s, so revisits on metered data cost a few hundred bytes;
 * - security headers (no third-party hosts; see Content-Security-Policy below);
 * - the 404 page with status 404;
 * - atomic deploys: SITE_DIR may be a symlink (the publisher's `builds/current`) that is swapped to
 *   a new build at any time; it is resolved on every request and the in-memory cache is dropped
 *   when it points somewhere new, so a swap is live at once and old files are never served after it;
 * - the postal-code lookup without JavaScript: `/code-postal/?cp=H2R 1A1` → 303 to the
 *   neighbourhood page, from the `fsa.json` map the build emits (a plain CDN shows the FSA list);
 * - `/participer/…` (the residents' forms) passed to the CMS at `CMS_URL`, so forms post to the
 *   page's own origin; the client address goes in X-Forwarded-For for the CMS's rate limits;
 * - `/apercu/` (editors' draft preview, ./preview.mjs) when PREVIEW_SECRET and PREVIEW_API_TOKEN are set.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { answerPreview, PREVIEW_PATH, previewConfig } from './preview.mjs';

const siteDir = resolve(process.env.SITE_DIR ?? new URL('../dist', import.meta.url).pathname);
/** The real folder being served: SITE_DIR with symlinks resolved (see followSwaps). */
let root = siteDir;
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.SITE_PORT ?? process.env.PORT ?? 4321);

const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};
const compressible = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.txt', '.ics', '.svg', '.webmanifest']);

export const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'geolocation=(), camera=(), microphone=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    // Map tiles come from the configured tile server, only after the person opens the map.
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    `form-action 'self' ${process.env.CMS_PUBLIC_URL ?? ''}`.trim(),
  ].join('; '),
};

const cmsUrl = process.env.CMS_URL ? new URL(process.env.CMS_URL) : null;

/** Streams a /participer/ request to the CMS and its answer back, untouched. */
function proxyToCms(req, res) {
  const fail = (status, text) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders });
    res.end(text);
  };
  if (!cmsUrl) return fail(503, 'Participation indisponible pour le moment / Participation unavailable (CMS_URL is not set)');
  const peer = req.socket.remoteAddress ?? '';
  const forwardedFor = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${peer}` : peer;
  const upstream = (cmsUrl.protocol === 'https:' ? httpsRequest : httpRequest)(
    {
      hostname: cmsUrl.hostname,
      port: cmsUrl.port || (cmsUrl.protocol === 'https:' ? 443 : 80),
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: cmsUrl.host, 'x-forwarded-for': forwardedFor, 'x-forwarded-host': req.headers.host ?? '' },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => fail(502, 'Le service est momentanément indisponible. Réessayez dans quelques minutes. / Service temporarily unavailable.'));
  req.pipe(upstream);
}

/** @type {Map<string, { mtimeMs: number, body: Buffer, br?: Buffer, gz?: Buffer, etag: string }>} */
const cache = new Map();

async function loadFile(path) {
  const info = await stat(path);
  if (!info.isFile()) return null;
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === info.mtimeMs) return hit;
  const body = await readFile(path);
  const entry = { mtimeMs: info.mtimeMs, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
  cache.set(path, entry);
  return entry;
}

/**
 * Follows SITE_DIR to the build it points at now. One readlink per request is cheap next to the
 * alternative (a watcher that can miss events); a new target empties the caches built from the old
 * one. Returns false while SITE_DIR does not exist (before the publisher's first build).
 */
async function followSwaps() {
  let target;
  try {
    target = await realpath(siteDir);
  } catch {
    return false;
  }
  if (target !== root) {
    root = target;
    cache.clear();
    fsaMap = null;
  }
  return true;
}

function cacheControl(urlPath, ext) {
  if (urlPath.startsWith('/_assets/')) return 'public, max-age=31536000, immutable';
  // Editors' images are named by the hash of their source (site/src/lib/media/encode.ts).
  if (urlPath.startsWith('/media/')) return 'public, max-age=31536000, immutable';
  if (ext === '.html') return 'public, max-age=60, must-revalidate';
  if (urlPath.startsWith('/pagefind/') || urlPath.startsWith('/pagefind-archives/')) return 'public, max-age=300';
  return 'public, max-age=3600';
}

function safeJoin(urlPath) {
  const decoded = decodeURIComponent(urlPath);
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function resolveFile(urlPath) {
  const full = safeJoin(urlPath);
  if (!full) return null;
  for (const candidate of urlPath.endsWith('/') ? [join(full, 'index.html')] : [full]) {
    try {
      const file = await loadFile(candidate);
      if (file) return { path: candidate, file };
    } catch {
      /* try the next candidate */
    }
  }
  return null;
}

let fsaMap = null;
async function postalCodeRedirect(url) {
  const match = /^\/(?:(en)\/postal-code|code-postal)\/$/.exec(url.pathname);
  const cp = url.searchParams.get('cp');
  if (!match || !cp) return null;
  if (!fsaMap) {
    try {
      fsaMap = JSON.parse(await readFile(join(root, 'code-postal', 'fsa.json'), 'utf8'));
    } catch {
      fsaMap = {};
    }
  }
  const fsa = cp.replace(/[\s-]+/g, '').toUpperCase().slice(0, 3);
  const target = fsaMap[fsa]?.[match[1] ? 'en' : 'fr'];
  return typeof target === 'string' ? target : null;
}

function send(req, res, status, file, ext, urlPath) {
  const headers = { ...securityHeaders, 'Content-Type': types[ext] ?? 'application/octet-stream', Vary: 'Accept-Encoding' };
  headers['Cache-Control'] = status === 200 ? cacheControl(urlPath, ext) : 'no-store';
  headers.ETag = file.etag;
  if (status === 200 && req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  let body = file.body;
  const accept = String(req.headers['accept-encoding'] ?? '');
  if (compressible.has(ext) && body.length > 512) {
    if (/\bbr\b/.test(accept)) {
      file.br ??= brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } });
      body = file.br;
      headers['Content-Encoding'] = 'br';
    } else if (/\bgzip\b/.test(accept)) {
      file.gz ??= gzipSync(body, { level: 9 });
      body = file.gz;
      headers['Content-Encoding'] = 'gzip';
    }
  }
  headers['Content-Length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function createSiteServer() {
  const preview = previewConfig();
  return createServer(async (req, res) => {
    try {
      if (req.url === '/participer' || req.url?.startsWith('/participer/')) return proxyToCms(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', ...securityHeaders });
        return res.end();
      }
      if (!(await followSwaps())) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '10', 'Cache-Control': 'no-store', ...securityHeaders });
        return res.end('Site en cours de construction, réessayez dans un instant / Site is being built, try again shortly');
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (preview && url.pathname === PREVIEW_PATH) return await answerPreview(req, res, url, preview, securityHeaders);
      const redirect = await postalCodeRedirect(url);
      if (redirect) {
        res.writeHead(303, { Location: redirect, 'Cache-Control': 'no-store', ...securityHeaders });
        return res.end();
      }
      const found = await resolveFile(url.pathname);
      if (found) return send(req, res, 200, found.file, extname(found.path), url.pathname);
      // A directory asked for without its trailing slash: send the canonical URL.
      if (!url.pathname.endsWith('/') && !extname(url.pathname) && (await resolveFile(url.pathname + '/'))) {
        res.writeHead(301, { Location: url.pathname + '/' + url.search, ...securityHeaders });
        return res.end();
      }
      const notFound = await resolveFile('/404.html');
      if (notFound) return send(req, res, 404, notFound.file, '.html', url.pathname);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      res.end('Page introuvable / Page not found');
    } catch (error) {
      // Malformed percent-encoding and the like: the client's fault, never a crash.
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      res.end('Requête invalide / Bad request');
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = createSiteServer();
  server.listen(port, host, () => console.log(`Passerelle site ready at http://${host}:${port} (serving ${siteDir})`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
