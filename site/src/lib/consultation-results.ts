import { consultationResultsSchema, type ConsultationResults } from '@passerelle/shared/participation/consultation-results';
import { participationPaths } from '@passerelle/shared/participation/paths';
import { z } from 'zod';
import { siteBuildConfig } from '../config.ts';

/**
 * Aggregated answers of closed consultations, read at build time from the CMS: every closed
 * consultation's results in one request per locale (option labels are translated), not one per
 * consultation. When the CMS cannot be reached or answers something unexpected, the pages show only
 * the OCs' written results: a build never fails for it.
 */
const allResultsSchema = z.record(z.string(), consultationResultsSchema);
const byLocale = new Map<'fr' | 'en', Promise<Map<string, ConsultationResults> | null>>();

async function fetchAllResults(locale: 'fr' | 'en'): Promise<Map<string, ConsultationResults> | null> {
  const base = siteBuildConfig().cmsUrl;
  try {
    const response = await fetch(`${base}${participationPaths.allResults}?locale=${locale}`, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Map(Object.entries(allResultsSchema.parse(await response.json())));
  } catch (error) {
    console.warn(`[consultation-results] (${locale}): ${(error as Error).message} — showing the written results only`);
    return null;
  }
}

/** A consultation the CMS does not list (closed a moment ago, after the request) shows its written results only. */
export async function consultationResults(slug: string, locale: 'fr' | 'en'): Promise<ConsultationResults | null> {
  let all = byLocale.get(locale);
  if (!all) byLocale.set(locale, (all = fetchAllResults(locale)));
  return (await all)?.get(slug) ?? null;
}
