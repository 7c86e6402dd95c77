import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { localeTags, locales, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';

/**
 * The text of `/sw.js` for one build (./service-worker.js says what the worker does). The build id
 * names the worker's cache: a new build is a new worker, which replaces the old cache. The words
 * come from the one dictionary, escaped for HTML, so the worker carries no copy of its own.
 */
export const SERVICE_WORKER_PATH = '/sw.js';

/** A new id per build: its time, then entropy (two builds may start in the same millisecond). */
export function newOfflineBuildId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => entities[c] ?? c);

function wordsFor(locale: Locale) {
  // `{date}` is filled in by the worker, with the date it kept the page.
  const text = (key: Parameters<typeof t>[1]) => escapeHtml(t(locale, key));
  return {
    tag: localeTags[locale],
    note: text('offlineSavedNote'),
    title: `${text('offlineTitle')} — ${text('siteName')}`,
    heading: text('offlineHeading'),
    notSaved: text('offlineNotSaved'),
    saved: text('offlineSavedPages'),
  };
}

/** Comment lines and indentation go: they are most of the bytes and none of the behaviour. */
function compact(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .join('\n');
}

export function serviceWorkerSource(build: string): string {
  if (!/^[\w-]+$/.test(build)) throw new Error(`not a build id: ${build}`);
  const text = Object.fromEntries(locales.map((locale) => [locale, wordsFor(locale)]));
  const source = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8');
  return `const OFFLINE=${JSON.stringify({ build, text })};\n${compact(source)}\n`;
}
