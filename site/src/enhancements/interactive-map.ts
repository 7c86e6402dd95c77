/**
 * The interactive map, loaded only after the resident asks for it. Leaflet's and the cluster
 * plugin's CSS are linked here with `?url`: a plain CSS import would be inlined into every page.
 *
 * What opening costs must not grow with the number of items (slow data, old phones): the map opens
 * on one count marker per neighbourhood (`points.json`, a few hundred bytes), and fetches a
 * neighbourhood's points (`points/<slug>.json`) only when the resident activates its marker or zooms
 * in far enough to see its centre. Count markers live in the cluster group with their count as
 * weight, so clusters add up the same whether a neighbourhood is loaded or not.
 */
import L from 'leaflet';
import leafletCss from 'leaflet/dist/leaflet.css?url';
import clusterCss from 'leaflet.markercluster/dist/MarkerCluster.css?url';
import clusterThemeCss from 'leaflet.markercluster/dist/MarkerCluster.Default.css?url';
import { unseenPoints, type MapPoint, type NeighbourhoodOverview } from '@passerelle/shared/map-density';
import type { MapConfig } from './map-config.ts';

/** From this zoom on, the neighbourhoods whose centre is in view load by themselves. */
const LOAD_ZOOM = 14;

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The cluster plugin's own look (small/medium/large), for clusters and neighbourhood counts alike. */
function countIcon(count: number, srText: string): L.DivIcon {
  const size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
  return L.divIcon({
    html: `<div><span><span aria-hidden="true">${count}</span><span class="imap-sr">${escapeHtml(srText)}</span></span></div>`,
    className: `marker-cluster marker-cluster-${size}`,
    iconSize: L.point(40, 40),
  });
}

function linkStylesheet(href: string): Promise<void> {
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    // A stylesheet that fails leaves the map ugly, not broken: go on either way.
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

/** Popup content built as DOM nodes: titles come from the CMS and are never parsed as HTML. */
function popupFor(point: MapPoint, config: MapConfig): HTMLElement {
  const box = document.createElement('div');
  const link = document.createElement('a');
  link.href = point.u;
  link.textContent = point.t;
  const kind = document.createElement('div');
  kind.textContent = point.k;
  box.append(link, kind);
  if (point.a && point.n) {
    const note = document.createElement('div');
    note.textContent = config.approximate.replace('{n}', point.n);
    box.append(note);
  }
  return box;
}

/** A focusable point whose popup takes the focus to its link, and gives it back when closed. */
function pointMarker(point: MapPoint, icon: L.DivIcon, config: MapConfig): L.Marker {
  const marker = L.marker([point.lat, point.lng], { icon, title: point.t });
  marker.bindPopup(() => popupFor(point, config));
  marker.on('popupopen', (e) => {
    const popup = e.popup.getElement();
    popup?.querySelector('a')?.focus();
    // Leaflet closes popups on Escape only while the map itself has focus, not the popup's link.
    // A property, not addEventListener: Leaflet reuses the popup's element each time it opens.
    if (popup) popup.onkeydown = (key) => key.key === 'Escape' && marker.closePopup();
  });
  marker.on('popupclose', () => {
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected || active.closest('.leaflet-popup')) {
      marker.getElement()?.focus();
    }
  });
  return marker;
}

/**
 * A neighbourhood's count, at its centroid. Leaflet makes it focusable (role=button, named by its
 * text); click, Enter or Space shows the neighbourhood's points.
 */
function neighbourhoodMarker(entry: NeighbourhoodOverview, config: MapConfig, activate: () => void): L.Marker {
  const label = (entry.c === 1 ? config.neighbourhoodOne : config.neighbourhoodMany)
    .replace('{n}', entry.n)
    .replace('{c}', String(entry.c));
  const marker = L.marker([entry.lat, entry.lng], { icon: countIcon(entry.c, label), title: label });
  marker.on('click', activate);
  marker.on('keypress', (event) => {
    const key = event.originalEvent;
    if (key.key !== 'Enter' && key.key !== ' ') return;
    key.preventDefault();
    activate();
  });
  return marker;
}

export async function openMap(container: HTMLElement, config: MapConfig, status: HTMLElement): Promise<void> {
  // The cluster plugin is a UMD script that extends the global `L`.
  (window as unknown as { L: typeof L }).L = L;
  const [overview, accessPoints] = await Promise.all([
    fetchJson<NeighbourhoodOverview[]>(config.points),
    // A layer that fails to load leaves the activities on the map: the list pages say the same.
    fetchJson<MapPoint[]>(config.accessPoints).catch(() => [] as MapPoint[]),
    import('leaflet.markercluster'),
    linkStylesheet(leafletCss),
    linkStylesheet(clusterCss),
    linkStylesheet(clusterThemeCss),
  ]);

  const map = L.map(container, { preferCanvas: true, maxZoom: 18 });
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 })
    .on('tileerror', () => {
      status.textContent = config.tileError;
    })
    .addTo(map);
  // Polite news of what the map is doing, for screen readers; `status` stays for problems.
  const announcer = document.createElement('p');
  announcer.className = 'imap-sr';
  announcer.setAttribute('role', 'status');
  container.after(announcer);

  // A neighbourhood's count marker weighs its count; a point weighs one.
  const weights = new WeakMap<L.Marker, number>();
  // Points are small DOM markers, not canvas circles: Leaflet makes a marker focusable
  // (role=button, named by its title) and opens its popup on Enter, so keyboards reach every point.
  const dot = L.divIcon({ className: 'imap-dot', iconSize: [24, 24] });
  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 50,
    iconCreateFunction: (group) => {
      const n = group.getAllChildMarkers().reduce((sum, marker) => sum + (weights.get(marker) ?? 1), 0);
      return countIcon(n, `${n} ${config.clusterLabel}`);
    },
  });
  // Clicking a cluster zooms in (or fans it out at full zoom); Enter on a focused cluster does the same.
  cluster.on('clusterkeypress', (event) => {
    const { originalEvent, layer } = event as Omit<L.LeafletKeyboardEvent, 'layer'> & { layer: L.MarkerCluster };
    if (originalEvent.key !== 'Enter') return;
    const bounds = layer.getBounds();
    if (map.getZoom() >= map.getMaxZoom() || bounds.getNorthEast().equals(bounds.getSouthWest())) {
      // Fanned-out points follow the cluster in the DOM; focus the first so Tab walks through them.
      cluster.once('spiderfied', (e) => e.markers[0]?.getElement()?.focus());
      layer.spiderfy();
    } else {
      layer.zoomToBounds({ padding: [24, 24] });
      // The cluster's icon disappears as the map zooms: keep focus on the map, not on <body>.
      container.focus();
    }
  });

  // Each neighbourhood file is fetched once; a failed one may be tried again.
  const loads = new Map<string, Promise<L.LatLngBounds | null>>();
  const shown = new Set<string>();
  const countMarkers = new Map<string, L.Marker>();
  const load = (entry: NeighbourhoodOverview): Promise<L.LatLngBounds | null> => {
    let pending = loads.get(entry.s);
    if (pending) return pending;
    const failed = config.neighbourhoodFailed.replace('{n}', entry.n);
    pending = fetchJson<MapPoint[]>(`${config.pointsDir}${entry.s}.json`).then(
      (points) => {
        if (status.textContent === failed) status.textContent = '';
        const marker = countMarkers.get(entry.s);
        if (marker) cluster.removeLayer(marker);
        cluster.addLayers(unseenPoints(points, shown).map((p) => pointMarker(p, dot, config)));
        const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lng] as L.LatLngTuple));
        return bounds.isValid() ? bounds : null;
      },
      () => {
        loads.delete(entry.s);
        status.textContent = failed;
        return null;
      },
    );
    loads.set(entry.s, pending);
    return pending;
  };
  // Only what the resident asked for is announced: neighbours loading as the view moves stay quiet.
  const activate = async (entry: NeighbourhoodOverview) => {
    announcer.textContent = config.neighbourhoodLoading.replace('{n}', entry.n);
    const bounds = await load(entry);
    announcer.textContent = bounds ? config.neighbourhoodShown.replace('{n}', entry.n) : '';
    if (!bounds) return;
    // The count marker that had the focus is gone: keep focus on the map, not on <body>.
    container.focus();
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  };
  for (const entry of overview) {
    const marker = neighbourhoodMarker(entry, config, () => void activate(entry));
    weights.set(marker, entry.c);
    countMarkers.set(entry.s, marker);
  }

  // The first view shows the counts only, never so close that a neighbourhood would load by itself:
  // opening the map costs the same for a hundred items or ten thousand.
  const start = L.latLngBounds(overview.map((e) => [e.lat, e.lng] as L.LatLngTuple));
  if (start.isValid()) map.fitBounds(start, { padding: [24, 24], maxZoom: LOAD_ZOOM - 1 });
  else map.setView([45.55, -73.6], 11);
  cluster.addLayers([...countMarkers.values()]);
  map.addLayer(cluster);

  // Free places to get online: few, never clustered with the activities, on by default. The layer
  // control is a plain labelled checkbox, always open, so a keyboard or a screen reader finds it.
  if (accessPoints.length > 0) {
    const square = L.divIcon({ className: 'imap-access', iconSize: [24, 24] });
    const access = L.layerGroup(accessPoints.map((p) => pointMarker(p, square, config))).addTo(map);
    L.control.layers(undefined, { [escapeHtml(config.accessLayer)]: access }, { collapsed: false }).addTo(map);
  }
  map.on('moveend', () => {
    if (map.getZoom() < LOAD_ZOOM) return;
    const view = map.getBounds();
    for (const entry of overview) if (view.contains([entry.lat, entry.lng])) void load(entry);
  });
}
