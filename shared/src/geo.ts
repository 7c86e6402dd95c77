/**
 * Geography helpers. Québec's bounding box is generous on purpose (it includes the whole province,
 * from the Ontario border to the Magdalen Islands and Nunavik): it exists to catch swapped or
 * mistyped coordinates ("45.5, 73.6" without the minus sign), not to draw borders.
 */
export const QUEBEC_BBOX = { minLat: 44.9, maxLat: 62.6, minLng: -79.8, maxLng: -57.1 } as const;

export function isInQuebec(lat: number, lng: number): boolean {
  return (
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat >= QUEBEC_BBOX.minLat &&
    lat <= QUEBEC_BBOX.maxLat &&
    lng >= QUEBEC_BBOX.minLng &&
    lng <= QUEBEC_BBOX.maxLng
  );
}

/** Canadian FSA (forward sortation area): letter, digit, letter. Québec FSAs start with G, H or J. */
const FSA_PATTERN = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]$/;

/** "h2x 1y4" / "H2X1Y4" / "h2x" → "H2X"; anything else → null. */
export function toFsa(postalCode: string): string | null {
  const compact = postalCode.replace(/[\s-]+/g, '').toUpperCase();
  const fsa = compact.slice(0, 3);
  if (!FSA_PATTERN.test(fsa)) return null;
  if (compact.length !== 3 && !/^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(compact)) return null;
  return fsa;
}

/** `geo:` URI (RFC 5870) opens the place in the phone's own map app, with no map on our page. */
export function geoUri(lat: number, lng: number, label?: string): string {
  const coords = `${lat.toFixed(6)},${lng.toFixed(6)}`;
  return label ? `geo:${coords}?q=${coords}(${encodeURIComponent(label)})` : `geo:${coords}`;
}

export interface Bounds {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

export function boundsOf(points: ReadonlyArray<{ lat: number; lng: number }>): Bounds | null {
  if (points.length === 0) return null;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  for (const { lat, lng } of points) {
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    minLng = Math.min(minLng, lng);
    maxLng = Math.max(maxLng, lng);
  }
  return { minLat, maxLat, minLng, maxLng };
}

/**
 * Equirectangular projection scaled by cos(latitude): accurate enough at neighbourhood scale and
 * cheap to compute at build time for the inline SVG overview map.
 */
export function makeProjection(bounds: Bounds, width: number, padding = 24) {
  const midLat = ((bounds.minLat + bounds.maxLat) / 2) * (Math.PI / 180);
  const kx = Math.cos(midLat);
  const spanX = Math.max((bounds.maxLng - bounds.minLng) * kx, 1e-6);
  const spanY = Math.max(bounds.maxLat - bounds.minLat, 1e-6);
  const scale = (width - 2 * padding) / spanX;
  const height = Math.round(spanY * scale + 2 * padding);
  return {
    width,
    height,
    // An arrow function: callers pass `projection.project` on its own (boundaryPath).
    project: (lat: number, lng: number): [number, number] => {
      const x = padding + (lng - bounds.minLng) * kx * scale;
      const y = padding + (bounds.maxLat - lat) * scale;
      return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
    },
  };
}
