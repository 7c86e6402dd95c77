/**
 * The interactive map, loaded only after the resident asks for it. Leaflet's and the cluster
 * plugin's CSS are linked here with `?url`: a plain CSS import would be inlined into every page.
 */
import L from 'leaflet';
import leafletCss from 'leaflet/dist/leaflet.css?url';
import clusterCss from 'leaflet.markercluster/dist/MarkerCluster.css?url';
import clusterThemeCss from 'leaflet.markercluster/dist/MarkerCluster.Default.css?url';
import type { MapPoint } from '@passerelle/shared/map-density';
import type { MapConfig } from './map-toggle.ts';

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
    const popup = (e as L.PopupEvent).popup.getElement();
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

export async function openMap(container: HTMLElement, config: MapConfig, status: HTMLElement): Promise<void> {
  // The cluster plugin is a UMD script that extends the global `L`.
  (window as unknown as { L: typeof L }).L = L;
  const [points] = await Promise.all([
    fetch(config.points).then((r) => {
      if (!r.ok) throw new Error(`points: HTTP ${r.status}`);
      return r.json() as Promise<MapPoint[]>;
    }),
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

  // Points are small DOM markers, not canvas circles: Leaflet makes a marker focusable
  // (role=button, named by its title) and opens its popup on Enter, so keyboards reach every point.
  const dot = L.divIcon({ className: 'imap-dot', iconSize: [24, 24] });
  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 50,
    iconCreateFunction: (group) => {
      const n = group.getChildCount();
      const size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
      return L.divIcon({
        html: `<div><span>${n}<span class="imap-sr"> ${config.clusterLabel}</span></span></div>`,
        className: `marker-cluster marker-cluster-${size}`,
        iconSize: L.point(40, 40),
      });
    },
  });
  cluster.addLayers(points.map((p) => pointMarker(p, dot, config)));
  // Clicking a cluster zooms in (or fans it out at full zoom); Enter on a focused cluster does the same.
  cluster.on('clusterkeypress', (event) => {
    const { originalEvent, layer } = event as L.LeafletKeyboardEvent & { layer: L.MarkerCluster };
    if (originalEvent.key !== 'Enter') return;
    const bounds = layer.getBounds();
    if (map.getZoom() >= map.getMaxZoom() || bounds.getNorthEast().equals(bounds.getSouthWest())) {
      // Fanned-out points follow the cluster in the DOM; focus the first so Tab walks through them.
      cluster.once('spiderfied', (e) => (e as L.MarkerClusterSpiderfyEvent).markers[0]?.getElement()?.focus());
      layer.spiderfy();
    } else {
      layer.zoomToBounds({ padding: [24, 24] });
      // The cluster's icon disappears as the map zooms: keep focus on the map, not on <body>.
      container.focus();
    }
  });
  map.addLayer(cluster);

  const bounds = cluster.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  else map.setView([45.55, -73.6], 11);
}
