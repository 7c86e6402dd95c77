import { randomInt } from 'node:crypto';
import { drawShortCode, isShortCode, SHORT_CODE_MAX_LENGTH, SHORT_CODE_MIN_LENGTH } from '@passerelle/shared/short-links';
import type { DocumentMiddleware, StrapiInstance } from './types';

/**
 * Every event, call, consultation and petition gets a short code (`/e/7K2`) when it is created,
 * kept for good: posters are printed with it. One code per document, the same on every row of it
 * (each locale, draft and published), written straight to those rows so that no locale or
 * publication state can be left without it or with another one. Nobody edits a code: a write that
 * names one has it dropped.
 */
export const shortLinkedTypes = ['api::event.event', 'api::call.call', 'api::consultation.consultation', 'api::petition.petition'] as const;
type ShortLinkedType = (typeof shortLinkedTypes)[number];
const isShortLinked = (uid: string): uid is ShortLinkedType => (shortLinkedTypes as readonly string[]).includes(uid);

/** Draws above this many taken codes per length before trying a longer code. */
const DRAWS_PER_LENGTH = 4;

async function freeCode(strapi: StrapiInstance, uid: ShortLinkedType): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const length = Math.min(SHORT_CODE_MAX_LENGTH, SHORT_CODE_MIN_LENGTH + Math.floor(attempt / DRAWS_PER_LENGTH));
    const code = drawShortCode(length, (size) => randomInt(size));
    if ((await strapi.db.query(uid).count({ where: { shortCode: code } })) === 0) return code;
  }
}

/** The document's code, drawn and written to its rows when it has none (or a row lacks it). */
export async function ensureShortCode(strapi: StrapiInstance, uid: ShortLinkedType, documentId: string): Promise<string | null> {
  const rows = (await strapi.db.query(uid).findMany({ where: { documentId }, select: ['id', 'shortCode'] })) as { id: number; shortCode: string | null }[];
  if (rows.length === 0) return null;
  const code = rows.map((row) => row.shortCode).find(isShortCode) ?? (await freeCode(strapi, uid));
  if (rows.some((row) => row.shortCode !== code)) {
    await strapi.db.query(uid).updateMany({ where: { documentId }, data: { shortCode: code } });
  }
  return code;
}

export function assignShortCodes(strapi: StrapiInstance): DocumentMiddleware {
  return async (ctx, next) => {
    if (!isShortLinked(ctx.uid) || !['create', 'update', 'publish'].includes(ctx.action)) return next();
    const data = ctx.params?.data as Record<string, unknown> | undefined;
    if (data && 'shortCode' in data) delete data.shortCode;
    const result = await next();
    const documentId = (result as { documentId?: string } | null)?.documentId ?? (ctx.params?.documentId as string | undefined);
    if (documentId) await ensureShortCode(strapi, ctx.uid, documentId);
    return result;
  };
}

/**
 * Items made before short codes existed get theirs at boot, once: a database where every item has
 * one answers this with one query per type.
 */
export async function backfillShortCodes(strapi: StrapiInstance): Promise<number> {
  let assigned = 0;
  for (const uid of shortLinkedTypes) {
    const rows = (await strapi.db.query(uid).findMany({ where: { shortCode: { $null: true } }, select: ['documentId'] })) as { documentId: string }[];
    for (const documentId of new Set(rows.map((row) => row.documentId))) {
      await ensureShortCode(strapi, uid, documentId);
      assigned += 1;
    }
  }
  if (assigned > 0) strapi.log.info(`[short-links] ${assigned} items given a short code`);
  return assigned;
}
