// @ts-check
/**
 * `GET /apercu/?type=events&documentId=…&locale=fr&status=draft&exp=…&sig=…`: one CMS document as
 * the site will show it, rendered on demand (`@passerelle/site/renderer`) from the CMS's draft with the
 * read-only PREVIEW_API_TOKEN. The admin's Preview panel loads it in an iframe (cms/config/admin.ts).
 *
 * The CMS hands out such a URL only to an admin who may read that document, signed for that one
 * type, document, locale and status until `exp` (cms/src/preview/): this server opens nothing else.
 * Never cached (no-store), never indexed (X-Robots-Tag and the page's own robots meta), never
 * written to disk: the static build does not know this path. Off (plain 404) unless PREVIEW_SECRET,
 * PREVIEW_API_TOKEN and CMS_URL are all set.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { RENDERED_COLLECTIONS } from '../src/renderer/path.mjs';

export const PREVIEW_PATH = '/apercu/';
// The collections the renderer has a page for: the one list (../src/renderer/path.mjs).
const types = new Set(RENDERED_COLLECTIONS);

/**
 * @typedef {{ secret: string, apiToken: string, cmsUrl: string, frameAncestors: string[] }} PreviewConfig
 * @param {Record<string, string | undefined>} env the site server's parsed environment (config.mjs)
 * @returns {PreviewConfig | null}
 */
export function previewConfig(env) {
  const secret = env.PREVIEW_SECRET?.trim();
  const apiToken = env.PREVIEW_API_TOKEN?.trim();
  const cmsUrl = env.CMS_URL?.trim();
  if (!secret || !apiToken || !cmsUrl) return null;
  // The admin panel frames the preview: its origin (the CMS as editors reach it) may embed it.
  const frameAncestors = [env.CMS_PUBLIC_URL, cmsUrl]
    .filter((value) => !!value)
    .map((value) => new URL(/** @type {string} */ (value)).origin);
  return { secret, apiToken, cmsUrl, frameAncestors: [...new Set(frameAncestors)] };
}

/**
 * What a preview URL is signed for.
 * @typedef {{ type: string, documentId: string, locale: string, status: string }} PreviewTarget
 */

/** The signed fields, in the order of the canonical string. */
const SIGNED = /** @type {const} */ (['type', 'documentId', 'locale', 'status', 'exp']);

/**
 * HMAC-SHA256 (hex) over a canonical string of the target and the expiry (Unix seconds). A JSON
 * array, so no value can spill into the next one whatever it contains. cms/src/preview/signature.ts
 * computes the same string (the CMS cannot import the site: tests/security/preview-access proves
 * they agree).
 * @param {string} secret
 * @param {PreviewTarget} target
 * @param {string} exp
 */
export function previewSignature(secret, { type, documentId, locale, status }, exp) {
  const canonical = JSON.stringify(['passerelle-preview', type, documentId, locale, status, exp]);
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

/**
 * The query of a signed preview URL (what the CMS builds; used here by tests).
 * @param {string} secret
 * @param {PreviewTarget} target
 * @param {number} exp Unix seconds
 */
export function signPreviewQuery(secret, target, exp) {
  const { type, documentId, locale, status } = target;
  return new URLSearchParams({ type, documentId, locale, status, exp: String(exp), sig: previewSignature(secret, target, String(exp)) });
}

/**
 * Checks a preview request: the signature first (nothing of an unsigned request is looked at),
 * then the expiry, then that the site can show what was signed.
 * @param {URLSearchParams} query
 * @param {string} secret
 * @param {number} [now] milliseconds
 * @returns {{ ok: true, target: PreviewTarget } | { ok: false, failure: 'refused' | 'expired' | 'bad-request' }}
 */
export function verifyPreviewQuery(query, secret, now = Date.now()) {
  // A repeated parameter would leave it to each reader which value counts: refuse the ambiguity.
  for (const key of [...SIGNED, 'sig']) if (query.getAll(key).length !== 1) return { ok: false, failure: 'refused' };
  /** @param {string} key Present exactly once (checked above). */
  const one = (key) => /** @type {string} */ (query.get(key));
  const exp = one('exp');
  const sig = one('sig');
  // Same-length buffers of a fixed-format value: the comparison takes the same time whatever the guess.
  if (!/^[1-9][0-9]{0,11}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return { ok: false, failure: 'refused' };
  const target = { type: one('type'), documentId: one('documentId'), locale: one('locale'), status: one('status') };
  const { type, documentId, locale, status } = target;
  const expected = Buffer.from(previewSignature(secret, target, exp), 'hex');
  if (!timingSafeEqual(Buffer.from(sig, 'hex'), expected)) return { ok: false, failure: 'refused' };
  if (now >= Number(exp) * 1000) return { ok: false, failure: 'expired' };
  if (!types.has(type) || !/^[A-Za-z0-9_-]{1,64}$/.test(documentId) || !['fr', 'en'].includes(locale) || !['draft', 'published'].includes(status)) {
    return { ok: false, failure: 'bad-request' };
  }
  return { ok: true, target };
}

/**
 * @param {PreviewConfig} config
 * @param {Record<string, string>} securityHeaders
 */
export function previewHeaders(config, securityHeaders) {
  const csp = String(securityHeaders['Content-Security-Policy']).replace(
    "frame-ancestors 'none'",
    `frame-ancestors 'self' ${config.frameAncestors.join(' ')}`.trim(),
  );
  return {
    ...securityHeaders,
    'Content-Security-Policy': csp,
    // The URL opens a draft until it expires: never send it on in a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Robots-Tag': 'noindex, nofollow',
    'Content-Type': 'text/html; charset=utf-8',
    Vary: 'Accept-Encoding',
  };
}

/** @param {string} title @param {string} fr @param {string} en */
function messagePage(title, fr, en) {
  /** @type {Record<string, string>} */
  const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
  /** @param {string} text */
  const escape = (text) => text.replace(/[&<>"]/g, (c) => entities[c] ?? c);
  return `<!doctype html><html lang="fr-CA"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escape(title)} — Passerelle</title><meta name="description" content="${escape(fr)}">` +
    `<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#111}</style></head>` +
    `<body><main><h1>${escape(title)}</h1><p>${escape(fr)}</p><p lang="en-CA">${escape(en)}</p></main></body></html>`;
}

/**
 * What the person sees for each way a preview can fail: status, title, French, English.
 * @type {Record<string, [number, string, string, string]>}
 */
const failures = {
  refused: [401, 'Aperçu refusé', 'Ce lien d’aperçu n’est pas valide. Ouvrez l’aperçu depuis le CMS.', 'This preview link is not valid. Open the preview from the CMS.'],
  expired: [401, 'Aperçu expiré', 'Ce lien d’aperçu a expiré. Rouvrez l’aperçu depuis le CMS.', 'This preview link has expired. Reopen the preview from the CMS.'],
  'bad-request': [400, 'Aperçu impossible', 'La demande d’aperçu est incomplète (type, document ou langue).', 'The preview request is incomplete (type, document or language).'],
  'not-found': [404, 'Document introuvable', 'Ce document n’existe pas dans cette langue, ou n’a pas encore été enregistré.', 'This document does not exist in this language, or has not been saved yet.'],
  invalid: [422, 'Ce contenu ne peut pas encore être affiché', 'Il manque des renseignements que le site exige : ', 'Some information the site requires is missing: '],
  'cms-unreachable': [503, 'CMS injoignable', 'Le CMS ne répond pas pour le moment. Réessayez dans quelques instants.', 'The CMS is not answering right now. Try again in a moment.'],
  'cms-error': [502, 'Aperçu indisponible', 'Le CMS a refusé la demande d’aperçu (jeton d’aperçu mal configuré ?).', 'The CMS refused the preview request (preview token misconfigured?).'],
  unavailable: [503, 'Aperçu indisponible', 'Le moteur d’aperçu du site n’est pas prêt (construction du rendu manquante).', 'The site’s preview renderer is not ready (render build missing).'],
};

/** @type {Promise<import('@passerelle/site/renderer').Renderer> | null} */
let renderer = null;

/**
 * Answers one preview request.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {PreviewConfig} config
 * @param {Record<string, string>} securityHeaders
 * @param {{ dataStoreFile?: string }} [rendererOptions] PREVIEW_DATA_STORE, from the server's configuration
 */
export async function answerPreview(req, res, url, config, securityHeaders, rendererOptions = {}) {
  const headers = previewHeaders(config, securityHeaders);
  /** @param {string} key @param {string} [detail] */
  const fail = (key, detail = '') => {
    const [status, title, fr, en] = failures[key] ?? failures['cms-error'] ?? [502, '', '', ''];
    const body = messagePage(title, fr + (key === 'invalid' ? detail : ''), en + (key === 'invalid' ? detail : ''));
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const checked = verifyPreviewQuery(url.searchParams, config.secret);
  if (!checked.ok) return fail(checked.failure);
  const { type: collection, documentId, locale, status } = checked.target;
  try {
    renderer ??= import('@passerelle/site/renderer').then(({ loadRenderer }) => loadRenderer(rendererOptions));
    const page = await (await renderer).renderDocument({
      collection: /** @type {any} */ (collection),
      locale: /** @type {'fr' | 'en'} */ (locale),
      documentId,
      status: /** @type {'draft' | 'published'} */ (status),
      cmsUrl: config.cmsUrl,
      token: config.apiToken,
      mode: 'preview',
    });
    res.writeHead(200, headers);
    return res.end(req.method === 'HEAD' ? undefined : page.html);
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error)?.code;
    if (code && code in failures) return fail(code, /** @type {Error} */ (error).message);
    if (!(/** @type {{ name?: string }} */ (error)?.name === 'RenderError')) {
      // The render build or the content store is missing: try loading again on the next request.
      renderer = null;
      console.error(`[apercu] ${error instanceof Error ? error.message : String(error)}`);
      return fail('unavailable');
    }
    console.error(`[apercu] ${/** @type {Error} */ (error).message}`);
    return fail('cms-error');
  }
}
