import { consultationResultsSchema, type ConsultationResults } from '@passerelle/shared/participation/consultation-results';
import { participationPaths } from '@passerelle/shared/participation/paths';

/**
 * Aggregated answers of a closed consultation, read at build time from the CMS's public results
 * endpoint, per locale (option labels are translated). When the CMS cannot be reached or answers
 * something unexpected, the page shows only the OCs' written results: a build never fails for it.
 */
const cache = new Map<string, Promise<ConsultationResults | null>>();

async function fetchResults(slug: string, locale: 'fr' | 'en'): Promise<ConsultationResults | null> {
  const base = (process.env.CMS_URL ?? 'http://127.0.0.1:1337').replace(/\/+$/, '');
  try {
    const response = await fetch(`${base}${participationPaths.results(slug)}?locale=${locale}`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return consultationResultsSchema.parse(await response.json());
  } catch (error) {
    console.warn(`[consultation-results] "${slug}" (${locale}): ${(error as Error).message} — showing the written results only`);
    return null;
  }
}

export function consultationResults(slug: string, locale: 'fr' | 'en'): Promise<ConsultationResults | null> {
  const key = `${locale}:${slug}`;
  let results = cache.get(key);
  if (!results) cache.set(key, (results = fetchResults(slug, locale)));
  return results;
}
