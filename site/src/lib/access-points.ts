import type { AccessPoint, Locale } from '@passerelle/shared';

/** `fr` → `français` / `French`, in the page's language (Intl knows the names; unknown codes stay as they are). */
export function languageNames(locale: Locale, codes: readonly string[]): string {
  const names = new Intl.DisplayNames(locale === 'fr' ? 'fr-CA' : 'en-CA', { type: 'language', fallback: 'code' });
  return codes.map((code) => names.of(code) ?? code).join(', ');
}

/** The access points of one neighbourhood, in name order (the store keeps them sorted). */
export function accessPointsIn(points: readonly AccessPoint[], neighbourhoodSlug: string): AccessPoint[] {
  return points.filter((p) => p.neighbourhoods.some((n) => n.slug === neighbourhoodSlug));
}
