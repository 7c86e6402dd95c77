/**
 * Atom 1.0 feeds (RFC 4287): pure functions, no dependency. Feed readers, newsletters and community
 * radio scripts follow a neighbourhood, a topic or an organization through these.
 */

export interface AtomEntry {
  /** Stable across rebuilds and title changes: a `urn:uuid:`-like tag made from the document id. */
  id: string;
  title: string;
  /** The entry's page. */
  url: string;
  /** When the entry last changed (Atom's `updated`, required). */
  updated: string | Date;
  /** When it was first published, when known. */
  published?: string | Date | null;
  /** Plain text; readers show it as the entry's summary. */
  summary: string;
  /** Atom categories: the item's kind, neighbourhoods and topics, for readers that filter. */
  categories?: readonly string[];
}

export interface AtomFeed {
  /** Stable feed id: the feed's own URL. */
  id: string;
  title: string;
  /** The feed file's address (rel="self"). */
  selfUrl: string;
  /** The page the feed belongs to (rel="alternate"). */
  pageUrl: string;
  /** BCP 47 tag of the feed's language (`fr-CA`, `en-CA`). */
  language: string;
  /** Shown by readers as the feed's author when an entry has none. */
  author: string;
  /** The feed's own `updated`: the newest entry's, or the build time when there is none. */
  updated: string | Date;
  entries: readonly AtomEntry[];
}

/** Characters XML 1.0 allows (§2.2): tab, newline, carriage return, and from space up, less U+FFFE/U+FFFF. */
function isXmlChar(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
}

/** XML text and attribute escaping; also drops the control characters XML 1.0 forbids (a pasted text may carry them). */
export function escapeXml(text: string): string {
  return [...text]
    .filter(isXmlChar)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const iso = (value: string | Date) => new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');

function entryXml(entry: AtomEntry): string {
  const parts = [
    '<entry>',
    `<id>${escapeXml(entry.id)}</id>`,
    `<title>${escapeXml(entry.title)}</title>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>`,
    `<updated>${iso(entry.updated)}</updated>`,
  ];
  if (entry.published) parts.push(`<published>${iso(entry.published)}</published>`);
  parts.push(`<summary>${escapeXml(entry.summary)}</summary>`);
  for (const category of entry.categories ?? []) parts.push(`<category term="${escapeXml(category)}"/>`);
  parts.push('</entry>');
  return parts.join('');
}

export function buildAtom(feed: AtomFeed): string {
  const head = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    `<id>${escapeXml(feed.id)}</id>`,
    `<title>${escapeXml(feed.title)}</title>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>`,
    `<updated>${iso(feed.updated)}</updated>`,
    `<author><name>${escapeXml(feed.author)}</name></author>`,
    '<generator>Passerelle</generator>',
  ];
  return `${head.join('\n')}\n${feed.entries.map(entryXml).join('\n')}${feed.entries.length ? '\n' : ''}</feed>\n`;
}
