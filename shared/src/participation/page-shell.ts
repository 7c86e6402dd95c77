import { formCss } from './form-css.ts';
import { escapeHtml } from './html.ts';
import { t } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * The page around what the CMS renders itself (form with errors, confirmation, landing and error pages): the
 * site's header, colours and type, in a few hundred bytes. Kept in step with
 * site/src/styles/global.css by eye — it is a subset of it.
 */
const baseCss = [
  '*,*::before,*::after{box-sizing:border-box}',
  'body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#fff;overflow-wrap:break-word}',
  '.wrap{max-width:46rem;margin:0 auto;padding:0 1rem}',
  'h1,h2{line-height:1.25;margin:1.5rem 0 .5rem}h1{font-size:1.75rem}h2{font-size:1.35rem}',
  'a{color:#0a4f8f}:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px;box-shadow:0 0 0 6px #ffd400}',
  '.top{background:#12372a;color:#fff}.top a{color:#fff;display:inline-block;min-height:44px;padding:.6rem .25rem;font-weight:700;font-size:1.3rem;text-decoration:none}',
  'main:focus{outline:none}',
  'label{display:block;font-weight:700}.hint{display:block;color:#4a4a4a;font-weight:400;margin:0 0 .25em}',
  'input{font:inherit;min-height:44px;padding:.4rem .5rem;border:2px solid #1b1b1b;border-radius:0;max-width:100%}',
  // A select is as wide as its longest option: at 320 px a long theme's name would widen the page.
  'select{max-width:100%}',
  'button{font:inherit;min-height:44px;padding:.5rem 1rem;border:2px solid #12372a;background:#12372a;color:#fff;cursor:pointer}',
  'table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem .4rem 0;border-bottom:1px solid #c8c8c8;vertical-align:top}',
  'pre{white-space:pre-wrap}',
  '.lead{font-size:1.15rem}',
].join('');

export interface PageOptions {
  locale: Locale;
  title: string;
  /** Trusted HTML built with the escaping helpers. */
  body: string;
  /** GOV.UK: prefix the title with "Erreur :" when the page shows form errors. */
  hasErrors?: boolean;
  /**
   * What the page is for, in one plain sentence (its meta description: link previews and search
   * engines show it). These pages are never indexed, but a shared link still shows something
   * meaningful; without one, a sentence about taking part on Passerelle.
   */
  description?: string | undefined;
}

export function renderPage({ locale, title, body, hasErrors = false, description }: PageOptions): string {
  const home = locale === 'fr' ? '/' : '/en/';
  const prefix = hasErrors ? (locale === 'fr' ? 'Erreur : ' : 'Error: ') : '';
  return (
    `<!doctype html><html lang="${locale === 'fr' ? 'fr-CA' : 'en-CA'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="/favicon.svg" type="image/svg+xml">` +
    `<title>${escapeHtml(prefix + title)} — Passerelle</title>` +
    `<meta name="description" content="${escapeHtml((description ?? t(locale, 'participationPageDescription')).replace(/\s+/g, ' ').trim())}"><style>${baseCss}${formCss}</style></head>` +
    `<body><header class="top"><div class="wrap"><a href="${home}">Passerelle</a></div></header>` +
    `<main id="contenu" class="wrap" tabindex="-1">${body}</main></body></html>`
  );
}

/** A message page: heading, one paragraph, and a way back. */
export function renderMessagePage(locale: Locale, title: string, text: string, back?: { href: string; label: string }): string {
  const link = back ?? { href: locale === 'fr' ? '/' : '/en/', label: t(locale, 'home') };
  return renderPage({
    locale,
    title,
    description: text,
    body: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`,
  });
}
