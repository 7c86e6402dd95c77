import { participationPaths } from '@passerelle/shared/participation/paths';
import { siteBuildConfig } from '../config.ts';

/**
 * Confirmed online signatures plus paper ones, read at build time from the CMS: every petition's
 * count in one request per build (`comptes.json`), which the page's enhancement then refreshes from
 * the per-petition `compte.json`. Both locales share the number.
 */
export interface PetitionCount {
  confirmed: number;
  paper: number;
  total: number;
}

let all: Promise<Map<string, PetitionCount>> | undefined;

/** One request per build for every petition (the CMS groups the counts in one query). */
async function fetchAllCounts(): Promise<Map<string, PetitionCount>> {
  const base = siteBuildConfig().cmsUrl;
  const response = await fetch(base + participationPaths.allCounts);
  if (!response.ok) throw new Error(`petition counts: HTTP ${response.status} from ${base}${participationPaths.allCounts}`);
  const body = (await response.json()) as Record<string, PetitionCount>;
  for (const [slug, c] of Object.entries(body)) {
    if (![c?.confirmed, c?.paper, c?.total].every((n) => Number.isInteger(n) && n >= 0)) {
      throw new Error(`petition count for "${slug}": unexpected answer ${JSON.stringify(c)}`);
    }
  }
  return new Map(Object.entries(body));
}

/** A petition the CMS does not count yet (published a moment ago) has no signature yet. */
export async function petitionCount(slug: string): Promise<PetitionCount> {
  all ??= fetchAllCounts();
  return (await all).get(slug) ?? { confirmed: 0, paper: 0, total: 0 };
}
