import { participationPaths } from '@passerelle/shared/participation/paths';

/**
 * Confirmed online signatures plus paper ones, read at build time from the CMS's public count
 * endpoint (the same one the page's enhancement polls). Once per slug per build: both locales
 * share the number.
 */
export interface PetitionCount {
  confirmed: number;
  paper: number;
  total: number;
}

const counts = new Map<string, Promise<PetitionCount>>();

async function fetchCount(slug: string): Promise<PetitionCount> {
  const base = (process.env.CMS_URL ?? 'http://127.0.0.1:1337').replace(/\/+$/, '');
  const response = await fetch(base + participationPaths.count(slug));
  if (!response.ok) throw new Error(`petition count for "${slug}": HTTP ${response.status} from ${base}`);
  const body = (await response.json()) as PetitionCount;
  if (![body.confirmed, body.paper, body.total].every((n) => Number.isInteger(n) && n >= 0)) {
    throw new Error(`petition count for "${slug}": unexpected answer ${JSON.stringify(body)}`);
  }
  return body;
}

export function petitionCount(slug: string): Promise<PetitionCount> {
  let count = counts.get(slug);
  if (!count) counts.set(slug, (count = fetchCount(slug)));
  return count;
}
