/** Lists show 20 items per page: small pages on slow connections, few pages to click through. */
export const PAGE_SIZE = 20;

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

export function pageItems<T>(items: readonly T[], page: number): T[] {
  return items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
}

/** `/evenements/` for page 1, `/evenements/2/` after. */
export function pagePath(base: string, page: number): string {
  return page === 1 ? base : `${base}${page}/`;
}

/** `getStaticPaths` entries for a `[...page].astro` route: page 1 has no segment. */
export function pageParams(total: number): Array<{ params: { page: string | undefined }; props: { page: number } }> {
  return Array.from({ length: pageCount(total) }, (_, i) => ({
    params: { page: i === 0 ? undefined : String(i + 1) },
    props: { page: i + 1 },
  }));
}
