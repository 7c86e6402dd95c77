import type { Boundary } from './content/neighbourhood.ts';

/**
 * Pure helpers behind the map page: how many current items sit in each neighbourhood,
 * how big each neighbourhood's circle is, how circles are pushed apart so none hides another
 * (a "cluster-free" layout for the build-time SVG), and the compact points the interactive map loads
 * (a small per-neighbourhood overview first, then one neighbourhood's points at a time).
 * Which items are "current" is the site's rule (site/src/lib/lifecycle.ts), not decided here.
 */

interface NeighbourhoodRefLike {
  slug: string;
}

/** Number of items per neighbourhood slug; an item in two neighbourhoods counts in both. */
export function countByNeighbourhood(
  items: ReadonlyArray<{ neighbourhoods: ReadonlyArray<NeighbourhoodRefLike> }>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    for (const slug of new Set(item.neighbourhoods.map((n) => n.slug))) {
      counts.set(slug, (counts.get(slug) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Circle radius whose AREA grows with the count (the eye compares areas, not radii): `min` for an
 * empty neighbourhood, `max` for the busiest one.
 */
export function densityRadius(count: number, maxCount: number, min = 6, max = 22): number {
  if (maxCount <= 0 || count <= 0) return min;
  const share = Math.min(count, maxCount) / maxCount;
  return Math.round(Math.sqrt(min * min + (max * max - min * min) * share) * 10) / 10;
}

export interface Circle {
  x: number;
  y: number;
  r: number;
}

/**
 * Pushes overlapping circles apart (a few rounds of pairwise relaxation) and keeps them inside the
 * drawing. Deterministic: same input, same picture, so builds are reproducible.
 */
export function spreadCircles<C extends Circle>(
  circles: ReadonlyArray<C>,
  width: number,
  height: number,
  gap = 2,
  rounds = 60,
): C[] {
  const out = circles.map((c) => ({ ...c }));
  const clamp = (c: Circle) => {
    c.x = Math.min(Math.max(c.x, c.r), width - c.r);
    c.y = Math.min(Math.max(c.y, c.r), height - c.r);
  };
  out.forEach(clamp);
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let dist = Math.hypot(dx, dy);
        const wanted = a.r + b.r + gap;
        if (dist >= wanted) continue;
        if (dist < 1e-6) {
          // Same centre: separate along a fixed, index-dependent direction.
          dx = Math.cos(j);
          dy = Math.sin(j);
          dist = 1;
        }
        const push = (wanted - dist) / 2 / dist;
        a.x -= dx * push;
        a.y -= dy * push;
        b.x += dx * push;
        b.y += dy * push;
        clamp(a);
        clamp(b);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out.map((c) => ({ ...c, x: Math.round(c.x * 10) / 10, y: Math.round(c.y * 10) / 10 }));
}

type Projector = (lat: number, lng: number) => [number, number];

/** Every ring of a Polygon or MultiPolygon, as [lng, lat] pairs. */
function ringsOf(boundary: Boundary): Array<Array<[number, number]>> {
  return boundary.type === 'Polygon' ? boundary.coordinates : boundary.coordinates.flat();
}

/**
 * SVG path data for a boundary, in whole pixels, dropping points closer than `minStep` pixels to
 * the previous one: neighbourhood outlines from open data carry far more detail than a 600-pixel
 * overview can show, and every digit costs bytes on a slow connection.
 */
export function boundaryPath(boundary: Boundary, project: Projector, minStep = 2): string {
  const parts: string[] = [];
  for (const ring of ringsOf(boundary)) {
    const kept: Array<[number, number]> = [];
    for (const [lng, lat] of ring) {
      const [x, y] = project(lat, lng);
      const p: [number, number] = [Math.round(x), Math.round(y)];
      const last = kept[kept.length - 1];
      if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= minStep) kept.push(p);
    }
    const first = kept[0];
    const last = kept[kept.length - 1];
    // GeoJSON rings repeat their first point at the end; `Z` already closes the shape.
    if (first && last && kept.length > 1 && Math.hypot(first[0] - last[0], first[1] - last[1]) < minStep) kept.pop();
    if (kept.length >= 3) parts.push('M' + kept.map(([x, y]) => `${x} ${y}`).join('L') + 'Z');
  }
  return parts.join('');
}

/** All [lat, lng] vertices of a boundary, to fit the drawing around outlines and not just centroids. */
export function boundaryPoints(boundary: Boundary): Array<{ lat: number; lng: number }> {
  return ringsOf(boundary).flatMap((ring) => ring.map(([lng, lat]) => ({ lat, lng })));
}

/**
 * One point of the interactive map, with short keys because the file is downloaded on slow data:
 * `t` title, `u` page URL, `k` localized type name, `a` = 1 when placed at the neighbourhood's
 * centroid because the item has no address (the popup then says the place is approximate),
 * `n` that neighbourhood's name.
 */
export interface MapPoint {
  lat: number;
  lng: number;
  t: string;
  u: string;
  k: string;
  a?: 1;
  n?: string;
}

export interface PointSource {
  title: string;
  url: string;
  typeName: string;
  place: { lat: number; lng: number } | null;
  neighbourhoods: ReadonlyArray<NeighbourhoodRefLike>;
}

/** Coordinates to five decimals (about a metre): enough for a map, and shorter files. */
const roundCoord = (v: number) => Math.round(v * 1e5) / 1e5;

/**
 * The interactive map's points split by neighbourhood, so the map loads one neighbourhood at a time
 * and its first view costs the same whatever the number of items. An item with a place goes into
 * each of its neighbourhoods' files (or, with none known, the nearest neighbourhood's) at that place;
 * an item without one is shown at the centroid of each of its neighbourhoods. Every known
 * neighbourhood gets an entry, empty or not, in the order given.
 */
export function pointsByNeighbourhood(
  items: ReadonlyArray<PointSource>,
  centroids: ReadonlyMap<string, { lat: number; lng: number; name: string }>,
): Map<string, MapPoint[]> {
  const out = new Map<string, MapPoint[]>([...centroids.keys()].map((slug) => [slug, []]));
  for (const item of items) {
    const base = { t: item.title, u: item.url, k: item.typeName };
    const slugs = [...new Set(item.neighbourhoods.map((n) => n.slug))].filter((slug) => centroids.has(slug));
    if (item.place) {
      const point = { lat: roundCoord(item.place.lat), lng: roundCoord(item.place.lng), ...base };
      const homes = slugs.length > 0 ? slugs : [nearestCentroid(item.place, centroids)].filter((s) => s !== undefined);
      for (const slug of homes) out.get(slug)!.push(point);
      continue;
    }
    for (const slug of slugs) {
      const c = centroids.get(slug)!;
      out.get(slug)!.push({ lat: roundCoord(c.lat), lng: roundCoord(c.lng), ...base, a: 1, n: c.name });
    }
  }
  return out;
}

function nearestCentroid(
  place: { lat: number; lng: number },
  centroids: ReadonlyMap<string, { lat: number; lng: number }>,
): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  // Squared degrees with longitude shrunk by cos(latitude): exact enough to pick a neighbour.
  const shrink = Math.cos((place.lat * Math.PI) / 180);
  for (const [slug, c] of centroids) {
    const d = (c.lat - place.lat) ** 2 + ((c.lng - place.lng) * shrink) ** 2;
    if (d < bestDistance) [best, bestDistance] = [slug, d];
  }
  return best;
}

/**
 * What the interactive map downloads when it opens: one entry per neighbourhood that has points,
 * with short keys (`s` slug, `n` name, `c` number of points in its file). A few hundred bytes
 * whether the site holds a hundred items or ten thousand.
 */
export interface NeighbourhoodOverview {
  s: string;
  n: string;
  lat: number;
  lng: number;
  c: number;
}

export function overviewPoints(
  neighbourhoods: ReadonlyArray<{ slug: string; name: string; lat: number; lng: number }>,
  byNeighbourhood: ReadonlyMap<string, ReadonlyArray<MapPoint>>,
): NeighbourhoodOverview[] {
  return neighbourhoods.flatMap((n) => {
    const c = byNeighbourhood.get(n.slug)?.length ?? 0;
    return c > 0 ? [{ s: n.slug, n: n.name, lat: roundCoord(n.lat), lng: roundCoord(n.lng), c }] : [];
  });
}

/** Identity of a point on the map: the same item at the same spot, whichever file it came from. */
export function pointKey(point: Pick<MapPoint, 'u' | 'lat' | 'lng'>): string {
  return `${point.u}@${point.lat},${point.lng}`;
}

/** The points not shown yet, remembering them in `shown` (items listed in two loaded neighbourhoods). */
export function unseenPoints(points: ReadonlyArray<MapPoint>, shown: Set<string>): MapPoint[] {
  return points.filter((p) => {
    const key = pointKey(p);
    if (shown.has(key)) return false;
    shown.add(key);
    return true;
  });
}
