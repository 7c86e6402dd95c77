/* global OFFLINE */
/**
 * Pages that open without a connection. The build writes this file to `/sw.js` after one line,
 * `const OFFLINE = {build, text}` (./service-worker.ts): its comments are stripped there, and its
 * size is a test (≤ 2 KB brotli, tests/quality/page-budgets.spec.ts). Why it works this way:
 * docs/offline.md.
 *
 * - Only the site's own pages, asked for by a navigation (GET, no query string): never a form, an
 *   answer page or a link with a token (`/participer/`), the editors' preview, the CMS, or any
 *   answer marked `no-store`/`private`. Every other request goes to the network untouched.
 * - Network first: online, a person always gets the page as published now. A saved copy is served
 *   only when the network fails, with a note saying when it was saved.
 * - No navigation preload: with it, a link the worker leaves alone (a one-use token in
 *   `/participer/`) could reach the server twice.
 * - One cache per build; a new build's worker moves the saved pages into its own cache and
 *   deletes the old one.
 */
const PREFIX = 'passerelle-';
const CACHE = PREFIX + OFFLINE.build;
// At ~20 KB a page, 50 pages stay near 1 MB on an old phone; the oldest saved goes first.
const MAX_PAGES = 50;
// A neighbourhood page saved less than a day ago is not fetched again beside each of its items.
const DAY = 864e5;
const SAVED = 'x-saved-at';
const TITLE = 'x-saved-title';
const PRIVATE = /^\/(participer|apercu|admin|api|graphql|content-manager|content-type-builder|upload|i18n|users-permissions|email)(\/|$)/;

/** @param {URL} url */
const keepable = (url) => url.origin === location.origin && !url.search && !PRIVATE.test(url.pathname);

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => event.waitUntil(activate()));

async function activate() {
  const cache = await caches.open(CACHE);
  for (const name of await caches.keys()) {
    if (name === CACHE || !name.startsWith(PREFIX)) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      const page = await old.match(request);
      if (page && !(await cache.match(request))) await cache.put(request, page);
    }
    await caches.delete(name);
  }
  await self.clients.claim();
  // The page that registered this worker loaded before it: keep it too (usually from the HTTP cache).
  for (const client of await self.clients.matchAll({ type: 'window' })) {
    const url = new URL(client.url);
    if (keepable(url)) await fetch(url).then((page) => save(url, page, true), () => {});
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.mode !== 'navigate' || event.request.method !== 'GET' || !keepable(url)) return;
  event.respondWith(networkFirst(event, url));
});

/** @param {FetchEvent} event @param {URL} url */
async function networkFirst(event, url) {
  let page;
  try {
    page = await fetch(event.request);
  } catch {
    return offline(url);
  }
  event.waitUntil(save(url, page.clone(), true).catch(() => {}));
  return page;
}

/**
 * Keeps a page with the time it was saved and its title (for the offline page's list). An item's
 * page marks its neighbourhood links `data-offline`: those pages are kept too.
 * @param {URL} url @param {Response} page @param {boolean} follow
 */
async function save(url, page, follow) {
  const cache = await caches.open(CACHE);
  // Gone from the site (an item taken down): gone from the phone too.
  if (page.status === 404 || page.status === 410) return cache.delete(url.href);
  if (page.status !== 200 || page.type !== 'basic' || /no-store|private/.test(page.headers.get('cache-control') ?? '')) return;
  if (!/^text\/html/.test(page.headers.get('content-type') ?? '')) return;
  const html = await page.text();
  const headers = new Headers(page.headers);
  // The body is kept decoded; a stored Vary would only make matching fail.
  for (const name of ['content-encoding', 'content-length', 'vary']) headers.delete(name);
  headers.set(SAVED, String(Date.now()));
  headers.set(TITLE, encodeURIComponent(/<title>([^<]*)/.exec(html)?.[1] ?? url.pathname));
  // Deleted first so the page moves to the end of the cache's order (newest).
  await cache.delete(url.href);
  await cache.put(url.href, new Response(html, { headers }));
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(request);
  if (!follow) return;
  for (const [, href] of html.matchAll(/<a href="([^"]+)" data-offline/g)) {
    const next = new URL(href, url);
    const kept = await cache.match(next.href);
    if (!keepable(next) || (kept && Date.now() - Number(kept.headers.get(SAVED)) < DAY)) continue;
    await fetch(next).then((other) => save(next, other, false), () => {});
  }
}

/** A saved copy with the offline note, or a short page listing what is saved. @param {URL} url */
async function offline(url) {
  const cache = await caches.open(CACHE);
  const english = (/** @type {string} */ path) => /^\/en(\/|$)/.test(path);
  const text = OFFLINE.text[english(url.pathname) ? 'en' : 'fr'];
  const kept = await cache.match(url.href);
  if (kept) {
    const date = new Date(Number(kept.headers.get(SAVED))).toLocaleDateString(text.tag, { day: 'numeric', month: 'long', year: 'numeric' });
    const note = `<p role="status" style="margin:0;padding:.75rem 1rem;background:#ffd400;color:#000;font-weight:700;text-align:center">${text.note.replace('{date}', date)}</p>`;
    return new Response((await kept.text()).replace(/<body[^>]*>/, (body) => body + note), { headers: kept.headers });
  }
  let list = '';
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    const title = (await cache.match(request))?.headers.get(TITLE);
    if (title && english(path) === english(url.pathname)) list += `<li><a href="${path}">${decodeURIComponent(title)}</a>`;
  }
  return new Response(
    `<!doctype html><html lang="${text.tag}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${text.title}</title><meta name="description" content="${text.notSaved}">` +
      `<body style="font:1.125rem/1.5 system-ui,sans-serif;margin:1rem;max-width:40rem"><h1>${text.heading}</h1><p role="status">${text.notSaved}</p>` +
      (list && `<h2>${text.saved}</h2><ul>${list}</ul>`),
    { status: 503, headers: { 'content-type': 'text/html;charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" } },
  );
}
