import type { Core } from '@strapi/strapi';
import { publicAnswerCache } from '../../lib/public-answer-cache';
import { sendJson, type Ctx } from '../http/respond';
import { isWellFormedSlug } from '../published-lookup';
import { findPetition } from './petition-lookup';
import { confirmedCount, confirmedCounts } from './signatures';
import { cmsConfig } from '../../config';

/**
 * The public signature counts: `compte.json` (one petition, polled by the petition page's
 * enhancement) and `comptes.json` (all of them, read once per site build). Anyone may ask as often
 * as they like, so the answers are cached on the server for `PETITION_COUNT_CACHE_SECONDS` (30 by
 * default; 0 turns the cache off, as the tests and the e2e run do to see a new signature at once),
 * one computation per burst, and each count reads one index range (`ensureCountIndexes`).
 */
export interface PetitionTotals {
  confirmed: number;
  paper: number;
  total: number;
}

const SIGNATURE = 'api::participation.signature';

const countCacheMs = () => {
  const seconds = cmsConfig().participation.PETITION_COUNT_CACHE_SECONDS;
  return seconds > 0 ? seconds * 1000 : 0;
};

/** Confirmed online signatures, paper ones recorded by OCs, and their sum: the public count, uncached. */
export async function petitionTotals(strapi: Core.Strapi, petition: { documentId: string; paperSignatures: number }): Promise<PetitionTotals> {
  const confirmed = await confirmedCount(strapi, petition.documentId);
  return { confirmed, paper: petition.paperSignatures, total: confirmed + petition.paperSignatures };
}

/** By slug; `null` for a slug no published petition has (cached too, in its own smaller room). */
const counts = publicAnswerCache<PetitionTotals | null>({ ttlMs: countCacheMs, isMiss: (value) => value === null });
const everyCount = publicAnswerCache<Record<string, PetitionTotals>>({ ttlMs: countCacheMs, maxEntries: 1 });

export async function petitionCount(strapi: Core.Strapi, ctx: Ctx, slug: string): Promise<void> {
  const maxAge = countCacheMs() / 1000;
  // A slug that cannot exist costs nothing: no cache entry, no query.
  const body = isWellFormedSlug(slug)
    ? await counts.get(slug, async () => {
        const petition = await findPetition(strapi, slug, 'fr');
        return petition ? petitionTotals(strapi, petition) : null;
      })
    : null;
  if (!body) return sendJson(ctx, 404, { error: 'not found' });
  sendJson(ctx, 200, body, maxAge);
}

/**
 * Every published petition's count, keyed by slug: the site build reads it once instead of asking
 * petition by petition (3,000 requests at 10,000 items). Cached like the single count; the build
 * tolerates the same staleness as the page's enhancement.
 */
export async function allPetitionCounts(strapi: Core.Strapi, ctx: Ctx): Promise<void> {
  sendJson(ctx, 200, await everyCount.get('all', () => computeAllCounts(strapi)), 0);
}

async function computeAllCounts(strapi: Core.Strapi): Promise<Record<string, PetitionTotals>> {
  const petitions = (await strapi.db.query('api::petition.petition').findMany({
    where: { locale: 'fr', publishedAt: { $notNull: true } },
    select: ['documentId', 'slug', 'paperSignatures'],
  })) as Array<{ documentId: string; slug: string; paperSignatures: number | null }>;
  const confirmed = await confirmedCounts(strapi);
  const body: Record<string, PetitionTotals> = {};
  for (const p of petitions) {
    const online = confirmed.get(p.documentId) ?? 0;
    const paper = Number(p.paperSignatures ?? 0);
    body[p.slug] = { confirmed: online, paper, total: online + paper };
  }
  return body;
}

/** Forgets every cached count: an OC changed a petition (paper signatures, slug, publication). */
export function clearCountCache(): void {
  counts.clear();
  everyCount.clear();
}

/**
 * One count reads the index range of (status, petition) and nothing else: neither other
 * petitions' rows nor the same petition's pending or suspect ones (which anyone can add cheaply)
 * make it slower. The same index serves `comptes.json`'s grouped count. Re-run every boot.
 */
export async function ensureCountIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(SIGNATURE);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  await strapi.db.connection.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? (??, ??)', [
    `${meta.tableName}_count_idx`,
    meta.tableName,
    column('signatureStatus'),
    column('petitionDocumentId'),
  ]);
}
