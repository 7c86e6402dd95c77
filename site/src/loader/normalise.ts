import { contentTypes, type CollectionName } from '@passerelle/shared';

/** What the content store keeps for one CMS document in one locale. */
export interface NormalisedEntry {
  /** The store id, `<locale>/<slug>`: pages look entries up by it. */
  id: string;
  data: Record<string, unknown> & { slug: string; documentId?: string };
}

export type Normalised = { ok: true; entry: NormalisedEntry } | { ok: false; label: string; issues: string };

/**
 * One GraphQL node, as `collectionQuery` fetches it, turned into exactly what the store keeps:
 * parsed and shaped by the shared zod schema. The content loader and the on-demand renderer both
 * call this, so a preview shows what the next build would.
 */
export function normaliseNode(collection: CollectionName, locale: string, node: unknown): Normalised {
  const definition = contentTypes[collection];
  const parsed = definition.schema.safeParse(node);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, label: describeNode(node), issues };
  }
  const data = parsed.data as NormalisedEntry['data'];
  return { ok: true, entry: { id: `${locale}/${data.slug}`, data } };
}

export function describeNode(node: unknown): string {
  const record = (node ?? {}) as { slug?: unknown; documentId?: unknown };
  const slug = typeof record.slug === 'string' && record.slug ? record.slug : '(no slug)';
  const documentId = typeof record.documentId === 'string' ? record.documentId : '(no documentId)';
  return `"${slug}" (documentId ${documentId})`;
}
