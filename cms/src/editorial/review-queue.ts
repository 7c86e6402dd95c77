import type { Core } from '@strapi/strapi';
import { entryAdminUrl } from './admin-url';
import { currentAdminUser, displayName, isReviewer, REVIEWED_TYPES, typeLabels, type ReviewedType } from './review-status';

export interface ReviewQueueItem {
  type: 'event' | 'call';
  documentId: string;
  locale: string;
  title: string;
  neighbourhoods: string[];
  updatedAt: string;
  author: { name: string; email: string | null };
  adminUrl: string;
}

interface QueueRow {
  documentId: string;
  locale: string;
  title: string;
  updatedAt: string;
  neighbourhoods?: Array<{ name?: string | null }> | null;
  createdBy?: { firstname?: string | null; lastname?: string | null; email?: string | null } | null;
}

/** Drafts waiting for an OC, oldest first; one line per document (French version when there is one). */
export async function reviewQueue(strapi: Core.Strapi): Promise<ReviewQueueItem[]> {
  const items: ReviewQueueItem[] = [];
  for (const uid of REVIEWED_TYPES) {
    // Drafts are the rows without publishedAt; every locale, merged per document below.
    const rows = (await strapi.db.query(uid).findMany({
      where: { reviewStatus: 'to_review', publishedAt: null },
      select: ['documentId', 'title', 'updatedAt', 'locale'],
      populate: { neighbourhoods: { select: ['name'] }, createdBy: { select: ['firstname', 'lastname', 'email'] } },
    })) as unknown as QueueRow[];
    const byDocument = new Map<string, QueueRow>();
    for (const row of rows) {
      const kept = byDocument.get(row.documentId);
      if (!kept || (row.locale === 'fr' && kept.locale !== 'fr')) byDocument.set(row.documentId, row);
    }
    for (const row of byDocument.values()) items.push(toItem(strapi, uid, row));
  }
  return items.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}

function toItem(strapi: Core.Strapi, uid: ReviewedType, row: QueueRow): ReviewQueueItem {
  return {
    type: typeLabels[uid].key,
    documentId: row.documentId,
    locale: row.locale,
    title: row.title,
    neighbourhoods: (row.neighbourhoods ?? []).map((n) => n.name ?? '').filter(Boolean),
    updatedAt: new Date(row.updatedAt).toISOString(),
    author: { name: displayName(row.createdBy), email: row.createdBy?.email ?? null },
    adminUrl: entryAdminUrl(strapi, uid, row.documentId, row.locale),
  };
}

/**
 * GET /passerelle/review-queue on the admin API: signed-in admin users only (admin JWT), and of
 * those only OCs and super admins — a community group sees its own drafts in the Content Manager.
 */
export function registerReviewQueueRoute(strapi: Core.Strapi): void {
  strapi.server.routes({
    type: 'admin',
    prefix: '',
    routes: [
      {
        method: 'GET',
        path: '/passerelle/review-queue',
        handler: async (ctx) => {
          const user = currentAdminUser(ctx);
          if (!user || !isReviewer(user)) {
            return ctx.forbidden('Réservé aux organisateur·trice·s communautaires (OCs only).');
          }
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { data: await reviewQueue(strapi) };
        },
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        // Strapi sets `info.type` from the router's type when it registers the route.
        info: {},
      },
    ],
  });
}
