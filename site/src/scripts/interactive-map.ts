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

  const map = L.map(container, { preferCanvas: true });
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 })
    .on('tileerror', () => {
      status.textContent = config.tileError;
    })
    .addTo(map);

  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  cluster.addLayers(
    points.map((p) =>
      L.circleMarker([p.lat, p.lng], { radius: 8, color: '#fff', weight: 2, fillColor: '#12372a', fillOpacity: 0.9 })
        .bindPopup(() => popupFor(p, config)),
    ),
  );
  map.addLayer(cluster);

  const bounds = cluster.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  else map.setView([45.55, -73.6], 11);
}
