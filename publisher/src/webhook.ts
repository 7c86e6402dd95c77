import { timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';

/** The header Strapi sends the shared secret in (set by cms/src/bootstrap/publisher-webhook.ts). */
export const SECRET_HEADER = 'x-passerelle-publisher-secret';

/** Strapi 5's webhook body (webhook-runner: `{ event, createdAt, ...info }`), only what we read. */
export const webhookBodySchema = z
  .object({
    event: z.string().min(1).max(100),
    createdAt: z.string().optional(),
    model: z.string().optional(),
    uid: z.string().optional(),
    entry: z
      .object({
        documentId: z.string().optional(),
        locale: z.string().nullable().optional(),
        publishedAt: z.string().nullable().optional(),
      })
      .passthrough()
      .optional(),
    media: z.object({}).passthrough().optional(),
  })
  .passthrough();

export type WebhookBody = z.infer<typeof webhookBodySchema>;

const BUILD_EVENTS = new Set(['entry.publish', 'entry.unpublish', 'entry.delete', 'entry.update', 'media.create', 'media.update', 'media.delete']);

/**
 * Whether an event can change the public site. In Strapi 5, editing a draft-and-publish entry
 * saves its draft (`entry.update` with `publishedAt: null`): nothing public changed until publish.
 * A newly uploaded file is on no public page until an entry using it is published (which sends
 * its own `entry.publish`); a replaced or deleted file may be, so those rebuild.
 */
export function decide(body: WebhookBody): { build: boolean; why: string } {
  if (!BUILD_EVENTS.has(body.event)) return { build: false, why: `event ${body.event} does not change the site` };
  if (body.event === 'entry.update' && body.entry && body.entry.publishedAt === null) {
    return { build: false, why: 'draft saved: nothing public changed' };
  }
  if (body.event === 'media.create') return { build: false, why: 'new file: public once an entry using it is published' };
  return { build: true, why: `${body.event}${body.model ? ` ${body.model}` : ''}` };
}

/** Constant-time comparison; hashing first makes both sides the same length. */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const EXPRESS_EVENTS = new Set(['entry.publish', 'entry.update', 'entry.unpublish', 'entry.delete']);

/**
 * The part of a webhook the express lane needs (express.ts), or null when it cannot help: media
 * changes, a draft saved, an entry without a documentId. What it cannot do, the full build does.
 */
export function expressEventFrom(body: WebhookBody): { event: string; uid: string; documentId: string; slug?: string; locale?: string } | null {
  if (!EXPRESS_EVENTS.has(body.event) || !body.entry?.documentId || !body.uid) return null;
  if (body.event === 'entry.update' && !body.entry.publishedAt) return null;
  const slug = typeof body.entry.slug === 'string' ? body.entry.slug : undefined;
  return { event: body.event, uid: body.uid, documentId: body.entry.documentId, slug, locale: body.entry.locale ?? undefined };
}

/**
 * What the publish ledger keeps of a webhook that changes the site (publish-ledger.ts): the entry
 * and the version (`updatedAt`) the site must show once the next build is live.
 */
export function ledgerEntryFrom(body: WebhookBody, reason: string): { reason: string; event: string; uid?: string; documentId?: string; locale?: string; updatedAt?: string } {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    reason,
    event: body.event,
    uid: text(body.uid),
    documentId: text(body.entry?.documentId),
    locale: text(body.entry?.locale),
    updatedAt: text(body.entry?.updatedAt),
  };
}
