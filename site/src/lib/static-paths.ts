import type { ItemCollection, Locale } from '@passerelle/shared';
import { itemsFor, siteContent, type Period, type SiteContent } from './content.ts';
import { pageParams } from './paginate.ts';

/** `getStaticPaths` for a paginated list (`[...page].astro`). */
export async function listPaths(locale: Locale, type: ItemCollection, period: Period) {
  return pageParams((await itemsFor(locale, type, period)).length);
}

/** `getStaticPaths` for one page per entry (`[slug].astro`). */
export async function slugPaths(locale: Locale, collection: keyof SiteContent) {
  const entries = (await siteContent(locale))[collection] as Array<{ slug: string }>;
  return entries.map((entry) => ({ params: { slug: entry.slug }, props: { slug: entry.slug } }));
}

/** `getStaticPaths` for the printable signature sheets: only petitions still open for signatures. */
export async function openPetitionPaths(locale: Locale) {
  const open = await itemsFor(locale, 'petitions', 'current');
  return open.filter((p) => p.status === 'open').map((p) => ({ params: { slug: p.slug }, props: { slug: p.slug } }));
}
