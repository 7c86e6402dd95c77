/**
 * Reveals the "show the interactive map" button and loads the map module on first press.
 * Kept tiny on purpose: this is the only script every visit to the map page downloads.
 */
export interface MapConfig {
  /** The per-neighbourhood overview, fetched when the map opens. */
  points: string;
  /** Folder of the per-neighbourhood point files (`<slug>.json`), fetched one at a time. */
  pointsDir: string;
  tiles: string;
  attribution: string;
  show: string;
  hide: string;
  loading: string;
  failed: string;
  tileError: string;
  /** Screen-reader text after a cluster's count ("activités: zoomer"). */
  clusterLabel: string;
  /** Popup note for items placed at their neighbourhood's centroid; `{n}` is the neighbourhood. */
  approximate: string;
  /** A neighbourhood's count marker, `{n}` its name and `{c}` the count (one / several). */
  neighbourhoodOne: string;
  neighbourhoodMany: string;
  /** Announced while a neighbourhood's points load, once they show, or when they fail (`{n}` its name). */
  neighbourhoodLoading: string;
  neighbourhoodShown: string;
  neighbourhoodFailed: string;
}

for (const root of document.querySelectorAll<HTMLElement>('[data-interactive-map]')) {
  const config = JSON.parse(root.dataset.interactiveMap ?? '{}') as MapConfig;
  const button = root.querySelector('button')!;
  const panel = root.querySelector('section')!;
  const status = root.querySelector('p')!;
  let opened: Promise<unknown> | null = null;
  button.hidden = false;
  button.addEventListener('click', () => {
    const show = panel.hidden;
    panel.hidden = !show;
    button.setAttribute('aria-expanded', String(show));
    button.textContent = show ? config.hide : config.show;
    if (!show || opened) return;
    status.textContent = config.loading;
    opened = import('./interactive-map.ts')
      .then(({ openMap }) => openMap(root.querySelector<HTMLElement>('.imap-canvas')!, config, status))
      .then(() => {
        if (status.textContent === config.loading) status.textContent = '';
      })
      .catch(() => {
        status.textContent = config.failed;
        opened = null;
      });
  });
}
