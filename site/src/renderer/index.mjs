// @ts-check
/**
 * The on-demand renderer: one entry's page, rendered by the same components as the static build,
 * in this process, in a few milliseconds. Used by the site server's preview (`/apercu/`) and the
 * publisher's express lane, and meant for any caller that needs one page without a full build.
 *
 *   const renderer = await loadRenderer();
 *   const { path, html } = await renderer.renderEntry({ collection: 'events', locale: 'fr', node, mode: 'published' });
 *
 * Imported as `@passerelle/site/renderer`, the one entry of this folder. It runs the render build
 * (`pnpm --filter @passerelle/site build:render` → site/.render/, configured by ./astro.config.mjs),
 * whose pages (one per view, ./pages/) take their request in `locals` (./request.ts) and answer
 * with the page or a JSON failure; this module speaks to them through the Node adapter's
 * `handler`, with an in-memory request and response, no socket. The rest of the content (lists,
 * organizations, the other language) is the static build's content store, read once when the
 * renderer loads: load it in a new process or worker thread to see a newer store. "Now" (past or upcoming, forms open) is
 * also the moment it loaded, as for a build, unless PASSERELLE_NOW pins it.
 * Loading it adds the Node adapter's `unhandledRejection` logger to the process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RENDER_PATH } from './path.mjs';

const siteDir = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_ENTRY = `${siteDir}.render/server/entry.mjs`;
export const DEFAULT_DATA_STORE = `${siteDir}node_modules/.astro/data-store.json`;
export const DEFAULT_MEDIA_CACHE = `${siteDir}node_modules/.astro/media`;
const DATA_STORE_KEY = Symbol.for('passerelle.dataStoreFile');
const MEDIA_KEY = Symbol.for('passerelle.media');

/** Why a render failed: `code` is one of ./request.ts's `renderFailureCodes`. */
export class RenderError extends Error {
  name = 'RenderError';
  /**
   * @param {string} code
   * @param {number} status
   * @param {string} message
   */
  constructor(code, status, message) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** @type {Promise<import('./index.d.mts').Renderer> | undefined} */
let loaded;

/**
 * Loads the render build once per process (the data store is bound when it first loads).
 * @param {import('./index.d.mts').RendererOptions} [options]
 * @returns {Promise<import('./index.d.mts').Renderer>}
 */
export function loadRenderer(options = {}) {
  // A failed load (no render build yet) is retried on the next call.
  loaded ??= load(options).catch((error) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/** @param {import('./index.d.mts').RendererOptions} options */
async function load({ dataStoreFile = DEFAULT_DATA_STORE, entryFile = DEFAULT_ENTRY, mediaCacheDir = DEFAULT_MEDIA_CACHE }) {
  if (!existsSync(entryFile)) {
    throw new Error(`The render build is missing (${entryFile}): run \`pnpm --filter @passerelle/site build:render\`.`);
  }
  if (!existsSync(dataStoreFile)) {
    throw new Error(`No content store at ${dataStoreFile}: build the site once (\`pnpm --filter @passerelle/site build\`).`);
  }
  /** @type {any} */ (globalThis)[DATA_STORE_KEY] = dataStoreFile;
  // Images are encoded into the static build's media cache (src/lib/media/registry.ts).
  /** @type {any} */ (globalThis)[MEDIA_KEY] ??= { cacheDir: mediaCacheDir, used: new Set() };
  const { handler } = await import(pathToFileURL(entryFile).href);

  /** One render at a time: a page renders in milliseconds, and the media registry is process-wide. */
  let queue = Promise.resolve();

  /** @param {Record<string, unknown> & { collection: string }} request */
  async function render(request) {
    /** @type {{ used: Set<string> }} */
    const media = /** @type {any} */ (globalThis)[MEDIA_KEY];
    const before = new Set(media.used);
    const response = await call(handler, `${RENDER_PATH}${request.collection}/`, { passerelleRender: request });
    const body = response.body.toString('utf8');
    if (response.status !== 200) {
      let failure = { code: 'render-failed', message: body.slice(0, 500) };
      try {
        failure = JSON.parse(body);
      } catch {
        /* a crash inside Astro: keep the text */
      }
      throw new RenderError(failure.code, response.status, failure.message);
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the route sets this header to the page's path, a string
    const path = String(response.headers['x-passerelle-path'] ?? '');
    return { path, html: body, media: [...media.used].filter((name) => !before.has(name)) };
  }

  /** @param {Record<string, unknown> & { collection: string }} request */
  const serialised = (request) => {
    const result = queue.then(() => render(request));
    queue = result.then(() => undefined, () => undefined);
    return result;
  };

  return {
    renderEntry: ({ collection, locale, node, mode }) => serialised({ collection, locale, node, mode }),
    renderDocument: ({ collection, locale, documentId, status, cmsUrl, token, mode }) =>
      serialised({ collection, locale, mode, fetch: { documentId, status, cmsUrl, ...(token ? { token } : {}) } }),
  };
}

/**
 * Calls the Node adapter's middleware handler with a minimal in-memory request and response: all
 * it reads is the method, URL, headers and socket, and all it writes is a head, chunks and an end.
 * @param {Function} handler
 * @param {string} url
 * @param {Record<string, unknown>} locals
 * @returns {Promise<{ status: number, headers: Record<string, unknown>, body: Buffer }>}
 */
function call(handler, url, locals) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let status = 500;
    /** @type {Record<string, unknown>} */
    let headers = {};
    const req = { method: 'GET', url, headers: { host: 'localhost' }, socket: {} };
    const res = {
      headersSent: false,
      statusCode: 200,
      statusMessage: '',
      req,
      /** @param {number} code @param {any} [head] */
      writeHead(code, head) {
        status = code;
        headers = Object.fromEntries(Object.entries(head ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        this.headersSent = true;
        return this;
      },
      /** @param {string} name @param {unknown} value */
      setHeader(name, value) {
        headers[name.toLowerCase()] = value;
      },
      /** @param {Uint8Array | string} chunk @param {any} [callback] */
      write(chunk, callback) {
        chunks.push(Buffer.from(chunk));
        if (typeof callback === 'function') callback();
        return true;
      },
      /** @param {Uint8Array | string} [chunk] */
      end(chunk) {
        if (chunk) chunks.push(Buffer.from(chunk));
        if (!this.headersSent) status = this.statusCode;
        resolve({ status, headers, body: Buffer.concat(chunks) });
        return this;
      },
      /** @param {unknown} [error] */
      destroy(error) {
        reject(error instanceof Error ? error : new Error('The render was aborted'));
      },
      on() {
        return this;
      },
      off() {
        return this;
      },
    };
    const next = () => resolve({ status: 404, headers: {}, body: Buffer.from(JSON.stringify({ code: 'not-found', message: 'no render route' })) });
    Promise.resolve(handler(req, res, next, locals)).catch(reject);
  });
}
