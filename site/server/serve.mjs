#!/usr/bin/env node
/**
 * Static server for the built site (development, the run command and the tests).
 * Production can use any static host or CDN instead: docs/deploy.md gives the equivalent nginx rules.
 *
 * What it adds over a bare file server, and why:
 * - brotli/gzip for text, compressed once and kept in memory (pages are tiny; CPUs are not);
 *   Pagefind's index files are already gzip-compressed and are served as they are;
 * - Cache-Control: HTML short (content changes on publish), hashed assets immutable, the offline
 *   service worker (`/sw.js`) revalidated on every visit;
 * - strong ETags and 304s, so revisits on metered data cost a few hundred bytes;
 * - security headers (no third-party hosts; see Content-Security-Policy below);
 * - the 404 page with status 404;
 * - atomic deploys: SITE_DIR may be a symlink (the publisher's `builds/current`) that is swapped to
 *   a new build at any time; it is resolved on every request and the in-memory cache is dropped
 *   when it points somewhere new, so a swap is live at once and old files are never served after it;
 * - the postal-code lookup without JavaScript: `/code-postal/?cp=H2R 1A1` → 303 to the
 *   neighbourhood page, from the `fsa.json` map the build emits (a plain CDN shows the FSA list),
 *   and `/se-brancher/?cp=H2R` → that neighbourhood's places to get online;
 * - `/participer/…` (the residents' forms) passed to the CMS at `CMS_URL`, so forms post to the
 *   page's own origin; the client address goes in X-Forwarded-For for the CMS's rate limits. A
 *   form's body is read here first, at most 16 KB like the CMS (413 page past it, as nginx's
 *   client_max_body_size would), then sent in one piece: the CMS may answer before reading a body
 *   (404, 405) and close, and a body still streaming would then fail mid-write as a 502. The one
 *   upload form (10 MB) is streamed instead, never held here: the CMS checks the session and the
 *   CSRF token before it keeps a byte, and a signed-out or forged upload must not first cost 10 MB
 *   of this process's memory;
 * - redirects stay on this site: a path never starts with `//` or `/\` (protocol-relative);
 * - Strict-Transport-Security when the site is served over TLS (PUBLIC_SITE_URL is https, or the
 *   TLS proxy in front says X-Forwarded-Proto: https);
 * - `/apercu/` (editors' draft preview, ./preview.mjs) when PREVIEW_SECRET and PREVIEW_API_TOKEN are set.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { Agent as HttpAgent, createServer, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { siteServerConfig } from './config.mjs';
import { answerPreview, PREVIEW_PATH } from './preview.mjs';

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
  // The balado's two versions (docs/balado.md).
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
};
/** Players ask for byte ranges (iOS Safari plays nothing without them) and seek with them. */
const rangeable = new Set(['.m4a', '.mp3']);
const compressible = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.txt', '.ics', '.svg', '.webmanifest']);

/** @param {string} cmsPublicUrl CMS_PUBLIC_URL: forms may post there. */
export const securityHeadersFor = (cmsPublicUrl) => ({
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
    "base-uri 'none'",
    "frame-ancestors 'none'",
    `form-action 'self' ${cmsPublicUrl}`.trim(),
  ].join('; '),
});

/**
 * A new connection to the CMS per request. Node's default agent keeps connections open and reuses
 * them, and the CMS may close an idle one at the very moment a request is written to it: that
 * request then fails (ECONNRESET on a reused socket), which a proxy can only answer with a 502.
 * Form posts and count reads are few; a fresh connection on loopback costs a fraction of a
 * millisecond.
 */
const agentFor = (cmsUrl) => (cmsUrl?.protocol === 'https:' ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false }));

/**
 * One server's state: its configuration, and what it keeps between requests.
 * @typedef {{
 *   config: import('./config.mjs').SiteServerConfig,
 *   securityHeaders: Record<string, string>,
 *   cmsAgent: HttpAgent,
 *   root: string,
 *   cache: Map<string, { mtimeMs: number, body: Buffer, br?: Buffer, gz?: Buffer, etag: string }>,
 *   fsaMap: Record<string, Record<string, string>> | null,
 * }} Site
 */

/** The CMS's own limit for a form (cms/src/participation/http/form-body.ts). */
export const MAX_FORM_BYTES = 16 * 1024;
/**
 * The one form that carries a file (a shared resource of the practitioners' space): the CMS's
 * default SPACE_UPLOAD_MAX_BYTES (10 MB) and room for its fields. Streamed to the CMS as it arrives
 * (streamUploadToCms), counted on the way: past this, the CMS's request is cut and the 413 page given.
 */
export const UPLOAD_PATH = '/participer/espace/ressources/nouvelle';
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024 + 64 * 1024;
/** Past the limit the rest is read and dropped, so the client can read the 413; past this, hang up. */
const MAX_DRAIN_BYTES = 2 * 1024 * 1024;

/**
 * Whether this request reached the public side over TLS. X-Forwarded-Proto is believed from
 * anyone: the only thing it decides is Strict-Transport-Security, which browsers ignore on an
 * answer that did not come over TLS (RFC 6797, 8.1), so a false "https" changes nothing.
 */
function overTls(site, req) {
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',').pop()?.trim().toLowerCase();
  return site.config.siteIsHttps || proto === 'https';
}

// Connection-level headers are about one hop; they are not passed on (RFC 9110, 7.6.1).
const hopByHop = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect'];
const withoutHopByHop = (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.includes(name.toLowerCase())));

const tooLargePage = `<!doctype html><html lang="fr-CA"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Envoi trop long</title>
<meta name="description" content="Ce que vous avez envoyé à Passerelle est trop long. Raccourcissez vos réponses et réessayez.">
<h1>Envoi trop long</h1><p>Ce que vous avez envoyé est trop long. Raccourcissez vos réponses et réessayez.</p>
<p lang="en">Submission too long: what you sent is too long. Shorten your answers and try again.</p>
<p><a href="/">Accueil</a> · <a href="/en/" lang="en">Home</a></p></html>`;

/**
 * 413 at once, then the rest of the body is read and dropped before the answer ends and the
 * connection closes (nginx's "lingering close"): a client still sending would otherwise get a
 * reset instead of the page. Past MAX_DRAIN_BYTES more, the connection is closed anyway.
 */
function refuseTooLarge(req, res, securityHeaders) {
  const page = req.method === 'HEAD' ? '' : tooLargePage;
  res.writeHead(413, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page),
    'Cache-Control': 'no-store',
    Connection: 'close',
    ...securityHeaders,
  });
  res.write(page);
  if (req.complete) return res.end();
  let dropped = 0;
  req.on('data', (chunk) => {
    dropped += chunk.length;
    if (dropped > MAX_DRAIN_BYTES) res.end();
  });
  req.once('end', () => res.end());
  req.resume();
}

/** The whole body, or null past `limit` (reading stops there: the caller answers 413). */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        return resolve(null);
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client went away'));
    });
  });
}

/** The headers the CMS gets: the client's, without hop-by-hop ones, and who and where the client is. */
function headersForCms(site, req) {
  const peer = req.socket.remoteAddress ?? '';
  const forwardedFor = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${peer}` : peer;
  return {
    ...withoutHopByHop(req.headers),
    host: site.config.cmsUrl.host,
    'x-forwarded-for': forwardedFor,
    'x-forwarded-host': req.headers.host ?? '',
    'x-forwarded-proto': overTls(site, req) ? 'https' : 'http',
  };
}

/**
 * A request to the CMS; `onAnswer` is told once the CMS's answer started coming back (after that,
 * an error on the connection changes nothing: its answer is what the person gets).
 */
function requestCms(site, req, res, headers, onAnswer) {
  const cmsUrl = site.config.cmsUrl;
  const upstream = (cmsUrl.protocol === 'https:' ? httpsRequest : httpRequest)(
    {
      hostname: cmsUrl.hostname,
      port: cmsUrl.port || (cmsUrl.protocol === 'https:' ? 443 : 80),
      method: req.method,
      path: req.url,
      headers,
      agent: site.cmsAgent,
    },
    (answer) => {
      onAnswer(answer);
      res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
      // A truncated answer must not look complete to the browser.
      answer.once('close', () => {
        if (!answer.complete) res.destroy();
      });
      answer.pipe(res);
    },
  );
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  return upstream;
}

const unavailable = 'Le service est momentanément indisponible. Réessayez dans quelques minutes. / Service temporarily unavailable.';

/**
 * The upload form, streamed: its bytes go on to the CMS as they arrive (with the client's
 * Content-Length, or chunked), with back-pressure, so this process holds a few chunks at a time,
 * whoever sends it. Counted on the way: a chunked body past `limit` is cut and answered 413, as a
 * declared one is before a byte is read. If the CMS answers before the body's end (it refused the
 * upload unread), the rest is read here and dropped, so the client gets that answer.
 *
 * `Connection: keep-alive` towards the CMS, although the connection is never reused (the agent
 * closes it once done): with `close`, Node ends the connection as soon as its answer is written,
 * while the body is still coming, and the reset that follows can destroy the answer before this
 * side reads it (a 502 instead of the CMS's page). Kept alive, the CMS reads and drops the rest.
 */
function streamUploadToCms(site, req, res, limit, fail) {
  let answered = false;
  let cut = false;
  const headers = { ...headersForCms(site, req), connection: 'keep-alive' };
  const upstream = requestCms(site, req, res, headers, (answer) => {
    answered = true;
    answer.once('end', () => {
      if (req.complete) return;
      stopForwarding();
      upstream.destroy();
    });
  });
  const stopForwarding = () => {
    req.unpipe(upstream);
    req.resume();
  };
  upstream.on('error', () => {
    stopForwarding();
    if (!answered && !cut) fail(502, unavailable);
  });
  upstream.on('close', stopForwarding);
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > limit && !cut) {
      cut = true;
      stopForwarding();
      upstream.destroy();
      if (!answered) refuseTooLarge(req, res, site.securityHeaders);
    }
  });
  req.once('error', () => upstream.destroy());
  req.pipe(upstream);
}

/** A /participer/ request to the CMS, its body read first (see the top of this file), and the answer back. */
async function proxyToCms(site, req, res) {
  const { securityHeaders } = site;
  const cmsUrl = site.config.cmsUrl;
  const fail = (status, text) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders });
    res.end(text);
  };
  if (!cmsUrl) {
    req.resume();
    return fail(503, 'Participation indisponible pour le moment / Participation unavailable (CMS_URL is not set)');
  }
  const upload = (req.url ?? '').split('?')[0] === UPLOAD_PATH;
  const limit = upload ? MAX_UPLOAD_BYTES : MAX_FORM_BYTES;
  if (Number(req.headers['content-length'] ?? 0) > limit) return refuseTooLarge(req, res, securityHeaders);
  if (upload) return streamUploadToCms(site, req, res, limit, fail);
  let body;
  try {
    body = await readBody(req, limit);
  } catch {
    return res.destroy();
  }
  if (body === null) return refuseTooLarge(req, res, securityHeaders);

  const headers = headersForCms(site, req);
  // A body sent as chunks goes on with its length; a request that had none gets none.
  if (body.length > 0 || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
    headers['content-length'] = String(body.length);
  }
  let answered = false;
  const upstream = requestCms(site, req, res, headers, () => (answered = true));
  // Once the CMS has answered, a later error on the connection (it closed or reset it after
  // answering) changes nothing: its answer is what the person gets.
  upstream.on('error', () => {
    if (!answered) fail(502, unavailable);
  });
  upstream.end(body);
}

async function loadFile(site, path) {
  const { cache } = site;
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
async function followSwaps(site) {
  let target;
  try {
    target = await realpath(site.config.siteDir);
  } catch {
    return false;
  }
  if (target !== site.root) {
    site.root = target;
    site.cache.clear();
    site.fsaMap = null;
  }
  return true;
}

function cacheControl(urlPath, ext) {
  if (urlPath.startsWith('/_assets/')) return 'public, max-age=31536000, immutable';
  // Editors' images are named by the hash of their source (site/src/lib/media/encode.ts).
  if (urlPath.startsWith('/media/')) return 'public, max-age=31536000, immutable';
  if (ext === '.html') return 'public, max-age=60, must-revalidate';
  // The offline service worker names the build it belongs to: checked on every visit, so a
  // publish reaches it at once (browsers cap a worker's HTTP caching at a day anyway).
  if (urlPath === '/sw.js') return 'no-cache';
  if (urlPath.startsWith('/pagefind/') || urlPath.startsWith('/pagefind-archives/')) return 'public, max-age=300';
  return 'public, max-age=3600';
}

/**
 * A path for Location, or null when the target is not on this site. Browsers read `//host` and
 * `/\host` as another site (protocol-relative), so the target is parsed as they would and any run
 * of leading slashes in its path collapsed to one.
 */
export function sameSitePath(target) {
  const base = 'http://same-site.invalid';
  let url;
  try {
    url = new URL(String(target), base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  return `/${url.pathname.replace(/^\/+/, '')}${url.search}${url.hash}`;
}

function safeJoin(root, urlPath) {
  const decoded = decodeURIComponent(urlPath);
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function resolveFile(site, urlPath) {
  const full = safeJoin(site.root, urlPath);
  if (!full) return null;
  for (const candidate of urlPath.endsWith('/') ? [join(full, 'index.html')] : [full]) {
    try {
      const file = await loadFile(site, candidate);
      if (file) return { path: candidate, file };
    } catch {
      /* try the next candidate */
    }
  }
  return null;
}

async function postalCodeRedirect(site, url) {
  // `/se-brancher/?cp=H2R` goes to that neighbourhood's places to get online (`…/quartiers/villeray/se-brancher/`).
  const match = /^\/(?:(en)\/(postal-code|get-online)|(code-postal|se-brancher))\/$/.exec(url.pathname);
  const cp = url.searchParams.get('cp');
  if (!match || !cp) return null;
  const online = match[2] === 'get-online' ? 'get-online/' : match[3] === 'se-brancher' ? 'se-brancher/' : '';
  if (!site.fsaMap) {
    try {
      site.fsaMap = JSON.parse(await readFile(join(site.root, 'code-postal', 'fsa.json'), 'utf8'));
    } catch {
      site.fsaMap = {};
    }
  }
  const fsaMap = site.fsaMap;
  const fsa = cp.replace(/[\s-]+/g, '').toUpperCase().slice(0, 3);
  const target = Object.hasOwn(fsaMap, fsa) ? fsaMap[fsa]?.[match[1] ? 'en' : 'fr'] : undefined;
  return typeof target === 'string' ? sameSitePath(`${target}${online}`) : null;
}

function send(site, req, res, status, file, ext, urlPath) {
  const headers = { ...site.securityHeaders, 'Content-Type': types[ext] ?? 'application/octet-stream', Vary: 'Accept-Encoding' };
  headers['Cache-Control'] = status === 200 ? cacheControl(urlPath, ext) : 'no-store';
  headers.ETag = file.etag;
  if (status === 200 && req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  if (rangeable.has(ext) && status === 200) return sendRange(req, res, headers, file.body);
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

/** One `bytes=a-b` range (or the whole file): what audio players send. Several ranges: the whole file. */
function sendRange(req, res, headers, body) {
  headers['Accept-Ranges'] = 'bytes';
  delete headers.Vary;
  const match = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (!match || (match[1] === '' && match[2] === '')) {
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    return res.end(req.method === 'HEAD' ? undefined : body);
  }
  const size = body.length;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || start > end) {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
    return res.end();
  }
  headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = end - start + 1;
  res.writeHead(206, headers);
  res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
}

/**
 * The server for one configuration (config.mjs), which it keeps: nothing is read from the
 * environment here, so tests run several servers with different settings in one process.
 * @param {import('./config.mjs').SiteServerConfig} config
 */
export function createSiteServer(config) {
  const securityHeaders = securityHeadersFor(config.cmsPublicUrl);
  /** @type {Site} */
  const site = { config, securityHeaders, cmsAgent: agentFor(config.cmsUrl), root: config.siteDir, cache: new Map(), fsaMap: null };
  const preview = config.preview;
  const rendererOptions = config.previewDataStore ? { dataStoreFile: config.previewDataStore } : {};
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the handler catches every error itself, so the promise Node ignores never rejects
  return createServer(async (req, res) => {
    try {
      // One year, this host only: other hosts of the same domain may still need plain HTTP.
      if (overTls(site, req)) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
      if (req.url === '/participer' || req.url?.startsWith('/participer/')) return await proxyToCms(site, req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', ...securityHeaders });
        return res.end();
      }
      if (!(await followSwaps(site))) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '10', 'Cache-Control': 'no-store', ...securityHeaders });
        return res.end('Site en cours de construction, réessayez dans un instant / Site is being built, try again shortly');
      }
      // `//evil.example/x` is a path here, not a host: leading slashes collapse to one, before
      // parsing and after (`/.//x` parses to `//x`), so no redirect built from it leaves the site.
      const url = new URL(`/${(req.url ?? '/').replace(/^[/\\]+/, '')}`, 'http://localhost');
      url.pathname = `/${url.pathname.replace(/^\/+/, '')}`;
      if (preview && url.pathname === PREVIEW_PATH) return await answerPreview(req, res, url, preview, securityHeaders, rendererOptions);
      const redirect = await postalCodeRedirect(site, url);
      if (redirect) {
        res.writeHead(303, { Location: redirect, 'Cache-Control': 'no-store', ...securityHeaders });
        return res.end();
      }
      const found = await resolveFile(site, url.pathname);
      if (found) return send(site, req, res, 200, found.file, extname(found.path), url.pathname);
      // A directory asked for without its trailing slash: send the canonical URL.
      if (!url.pathname.endsWith('/') && !extname(url.pathname) && (await resolveFile(site, url.pathname + '/'))) {
        res.writeHead(301, { Location: sameSitePath(url.pathname + '/' + url.search) ?? '/', ...securityHeaders });
        return res.end();
      }
      const notFound = await resolveFile(site, '/404.html');
      if (notFound) return send(site, req, res, 404, notFound.file, '.html', url.pathname);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      res.end('Page introuvable / Page not found');
    } catch (error) {
      if (res.headersSent) return res.destroy();
      // Malformed percent-encoding and the like: the client's fault, never a crash.
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      res.end('Requête invalide / Bad request');
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The environment is read here, once, at the entry point.
  const config = siteServerConfig(process.env);
  const server = createSiteServer(config);
  server.listen(config.port, config.host, () => console.log(`Passerelle site ready at http://${config.host}:${config.port} (serving ${config.siteDir})`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
