import type { Core } from '@strapi/strapi';
import { posterPath } from '@passerelle/shared';
import { z } from 'zod';
import { participationConfig } from '../participation/config';

/**
 * The « Imprimer une affiche » link of the Content Manager's edit view (cms/src/admin/PosterPanel.tsx).
 * The site writes a poster for each published item (site/src/lib/posters.ts); its address comes from
 * the same `posterPath` here, on the public site (PUBLIC_SITE_URL). The published version decides,
 * not the draft on screen: its slug is the one on the site.
 */
const posterModels = {
  'api::event.event': 'events',
  'api::call.call': 'calls',
  'api::consultation.consultation': 'consultations',
  'api::petition.petition': 'petitions',
} as const;

export type PosterModel = keyof typeof posterModels;

/** What the panel shows: the link, or why there is none yet. */
export type PosterLinkAnswer = { url: string } | { missing: 'not-published' | 'no-slug' };

export const posterLinkRequest = z.object({
  model: z.enum(Object.keys(posterModels) as [PosterModel, ...PosterModel[]]),
  documentId: z.string().regex(/^[a-z0-9]{1,64}$/),
  locale: z.enum(['fr', 'en']).default('fr'),
});

export async function posterLink(strapi: Core.Strapi, request: z.infer<typeof posterLinkRequest>): Promise<PosterLinkAnswer> {
  const published = (await strapi
    .documents(request.model)
    .findOne({ documentId: request.documentId, locale: request.locale, status: 'published', fields: ['slug'] } as never)) as
    | { slug?: string | null }
    | null;
  if (!published) return { missing: 'not-published' };
  if (!published.slug) return { missing: 'no-slug' };
  const path = posterPath(request.locale, posterModels[request.model], published.slug);
  return { url: `${participationConfig().siteUrl}${path}` };
}
