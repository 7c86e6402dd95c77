import { signPreviewQuery } from '../../site/server/preview.mjs';

/** Draft preview helpers: scripts/test.sh gives the CMS, the site server and the tests the same values. */
export const cmsUrl = process.env.CMS_URL ?? 'http://127.0.0.1:1337';
export const previewSecret = process.env.PREVIEW_SECRET ?? '';
const apiToken = process.env.PREVIEW_API_TOKEN ?? '';

/** The draft's documentId, read as the preview reads it: with the read-only token, status DRAFT. */
export async function draftDocumentId(query: string, slug: string): Promise<string> {
  const response = await fetch(`${cmsUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` },
    body: JSON.stringify({
      query: `query($slug: String!) { ${query}(locale: "fr", status: DRAFT, filters: { slug: { eq: $slug } }) { documentId publishedAt } }`,
      variables: { slug },
    }),
  });
  const body = (await response.json()) as { data?: Record<string, Array<{ documentId: string; publishedAt: string | null }>> };
  const found = body.data?.[query]?.[0];
  if (!found || found.publishedAt !== null) throw new Error(`draft ${slug} not found with the preview token: ${JSON.stringify(body)}`);
  return found.documentId;
}

/** A preview path with exactly these parameters (to try unsigned or altered links). */
export const previewPath = (params: Record<string, string>) => `/apercu/?${new URLSearchParams(params)}`;

/**
 * A preview path as the CMS hands it to an admin who may read the document: signed with
 * PREVIEW_SECRET for this type, document, locale and status, valid `expiresIn` seconds (negative:
 * already expired). The CMS's and the site's signatures agree: tests/security/preview-access.
 */
export function signedPreviewPath(
  target: { type: string; documentId: string; locale: string; status?: string },
  { secret = previewSecret, expiresIn = 600 }: { secret?: string; expiresIn?: number } = {},
): string {
  const { type, documentId, locale, status = 'draft' } = target;
  return `/apercu/?${signPreviewQuery(secret, { type, documentId, locale, status }, Math.floor(Date.now() / 1000) + expiresIn)}`;
}
