/**
 * Search with Pagefind's JS API behind our own form. Pagefind picks the index of the page's
 * `<html lang>`, so the French page searches French content. Loaded only on the search page.
 */
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
}
interface Pagefind {
  options(options: { noWorker?: boolean }): Promise<void>;
  mergeIndex(url: string): Promise<void>;
  search(
    query: string | null,
    options?: { filters?: Record<string, string> },
  ): Promise<{ results: Array<{ data(): Promise<PagefindResultData> }> }>;
}
interface Strings {
  searching: string;
  empty: string;
  unavailable: string;
  more: string;
  /** Zero, one, many results for a query `{q}`; `{n}` is the count. */
  counts: [string, string, string];
  countsNoQuery: [string, string, string];
}

const PAGE_SIZE = 10;
const form = document.querySelector<HTMLFormElement>('form[data-search]');
const status = document.querySelector<HTMLElement>('[data-search-status]');
const list = document.querySelector<HTMLOListElement>('[data-search-results]');
const more = document.querySelector<HTMLButtonElement>('[data-search-more]');
let pagefind: Promise<Pagefind> | null = null;
let archivesMerged: Promise<void> | null = null;

function loadPagefind(): Promise<Pagefind> {
  // A runtime URL: Pagefind's files are written after the Astro build, so Vite must not bundle them.
  pagefind ??= (import(/* @vite-ignore */ new URL('/pagefind/pagefind.js', location.href).href) as Promise<Pagefind>).then(
    async (pf) => {
      // Our index is small: searching on the main thread spares the 11 KB worker download.
      await pf.options({ noWorker: true });
      return pf;
    },
  );
  return pagefind;
}

/**
 * Past items live in a second index (see site/scripts/index-search.mjs): merged only when the
 * person asks, so the usual first search stays small however long the site's history grows.
 */
async function pagefindFor(withArchives: boolean): Promise<Pagefind> {
  const pf = await loadPagefind();
  if (withArchives) {
    archivesMerged ??= pf.mergeIndex(new URL('/pagefind-archives/', location.href).href).catch((error: unknown) => {
      archivesMerged = null;
      throw error;
    });
    await archivesMerged;
  }
  return pf;
}

/** Copies Pagefind's excerpt as text, keeping only its `<mark>` highlights: nothing else is trusted. */
function excerptNode(html: string): HTMLElement {
  const p = document.createElement('p');
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
  for (const node of parsed.childNodes) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent ?? '');
    }
  }
  return p;
}

function resultItem(data: PagefindResultData): HTMLLIElement {
  const li = document.createElement('li');
  const h = document.createElement('h2');
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = data.meta.title ?? data.url;
  h.append(a);
  li.append(h, excerptNode(data.excerpt));
  return li;
}

function countSentence(strings: Strings, n: number, q: string): string {
  const forms = q ? strings.counts : strings.countsNoQuery;
  const sentence = n === 0 ? forms[0] : n === 1 ? forms[1] : forms[2];
  return sentence.replace('{n}', String(n)).replace('{q}', q);
}

async function run(strings: Strings, params: URLSearchParams): Promise<void> {
  if (!status || !list || !more) return;
  const q = (params.get('q') ?? '').trim();
  const filters: Record<string, string> = {};
  const type = params.get('type');
  const quartier = params.get('quartier');
  if (type) filters.type = type;
  if (quartier) filters.quartier = quartier;
  list.replaceChildren();
  more.hidden = true;
  if (!q && !type && !quartier) {
    status.textContent = strings.empty;
    return;
  }
  status.textContent = strings.searching;
  try {
    const search = await (await pagefindFor(params.get('archives') === '1')).search(q || null, { filters });
    let shown = 0;
    const showMore = async () => {
      const page = await Promise.all(search.results.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
      list.append(...page.map(resultItem));
      shown += page.length;
      more.hidden = shown >= search.results.length;
    };
    more.onclick = async () => {
      const first = shown;
      await showMore();
      // Move focus to the first new result so keyboard users continue where they were.
      list.children[first]?.querySelector('a')?.focus();
    };
    await showMore();
    status.textContent = countSentence(strings, search.results.length, q);
  } catch {
    pagefind = null;
    status.textContent = strings.unavailable;
  }
}

if (form && status) {
  const strings = JSON.parse(form.dataset.search ?? '{}') as Strings;
  document.querySelector<HTMLElement>('[data-needs-js]')?.setAttribute('hidden', '');
  form.hidden = false;
  const params = new URLSearchParams(location.search);
  for (const name of ['q', 'type', 'quartier']) {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    const value = params.get(name);
    if (field && value) field.value = value;
  }
  const archives = form.elements.namedItem('archives') as HTMLInputElement | null;
  if (archives) archives.checked = params.get('archives') === '1';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value) data.set(name, value);
    // The URL keeps the search, so it can be shared, bookmarked and restored by "back".
    const query = data.toString();
    const url = query ? `?${query}` : location.pathname;
    // A merged index cannot be taken out again: leaving the archives means a fresh page (cached, tiny).
    if (archivesMerged && data.get('archives') !== '1') return location.assign(url);
    history.replaceState(null, '', url);
    void run(strings, data);
  });
  if (params.get('q') || params.get('type') || params.get('quartier')) void run(strings, params);
}

// A module, not a global script: its names must not clash with `window.status`.
export {};
