import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built site the browser tests run against (scripts/test.sh builds it from the seeded CMS). */
export const siteDist = resolve(process.env.SITE_DIST ?? fileURLToPath(new URL('../../site/dist', import.meta.url)));
export const siteUrl = process.env.SITE_URL ?? 'http://127.0.0.1:4321';

export function builtFiles(ext: string, dir = siteDist): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...builtFiles(ext, full));
    else if (name.endsWith(ext)) out.push(full);
  }
  return out.sort();
}

/** `/evenements/x/` for `<dist>/evenements/x/index.html`. */
export function urlPathOf(file: string): string {
  const rel = relative(siteDist, file).split(sep).join('/');
  return '/' + rel.replace(/index\.html$/, '');
}

/** Every page path listed in the built sitemap (absolute URLs rewritten to paths). */
export function sitemapPaths(): string[] {
  const file = join(siteDist, 'sitemap.xml');
  if (!existsSync(file)) return [];
  const xml = readFileSync(file, 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(siteDist, path), 'utf8')) as T;
}
