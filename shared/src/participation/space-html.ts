import { escapeHtml } from './html.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * The small pieces of HTML every page of the practitioners' space is made of (meetings, requests
 * for a hand, invitations): one copy, so a form's CSRF and locale fields cannot differ between pages.
 */
export const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

/** A POST form carrying the session's CSRF token and the page's locale. */
export const form = (action: string, locale: Locale, csrf: string, inner: string, extra = '') =>
  `<form method="post" action="${escapeHtml(action)}"${extra}>${hidden('csrf', csrf)}${hidden('locale', locale)}${inner}</form>`;

export const button = (locale: Locale, key: MessageKey) => `<button type="submit">${escapeHtml(t(locale, key))}</button>`;

/** A space path in the page's language (French needs no parameter). */
export const withLocale = (path: string, locale: Locale) => (locale === 'fr' ? path : `${path}?locale=en`);

export const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;

/** Typed text as paragraphs: blank lines part them, single newlines are kept. */
export function paragraphs(value: string): string {
  return value
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
