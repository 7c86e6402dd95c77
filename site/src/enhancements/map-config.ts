/**
 * What InteractiveMap.astro puts in `data-interactive-map`: read by the toggle (map-toggle.ts) and
 * by the map it loads on demand (interactive-map.ts). Its own module, so neither imports the other
 * for a type.
 */
export interface MapConfig {
  /** The per-neighbourhood overview, fetched when the map opens. */
  points: string;
  /** Folder of the per-neighbourhood point files (`<slug>.json`), fetched one at a time. */
  pointsDir: string;
  /** The free places to get online (`se-brancher.json`): their own layer, which the resident can hide. */
  accessPoints: string;
  /** That layer's name in the map's layer control. */
  accessLayer: string;
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
