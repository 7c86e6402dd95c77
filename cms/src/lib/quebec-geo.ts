/**
 * Copy of `isInQuebec` from `shared/src/geo.ts`.
 *
 * Why a copy: `@passerelle/shared` ships TypeScript source with `.ts` import paths, which Strapi's
 * CommonJS `tsc` build cannot emit or require. The integration suite checks this copy against the
 * original (tests/integration/cms-rules.integration.test.ts), so they cannot drift apart silently.
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
