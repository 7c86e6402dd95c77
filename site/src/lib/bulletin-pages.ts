import type { Locale } from '@passerelle/shared';
import { siteBuildConfig } from '../config.ts';
import { bulletinDoc, bulletinText, selectBulletin, type BulletinDoc } from './bulletins.ts';
import { entryBySlug, siteContent } from './content.ts';
import { buildTime } from './now.ts';
import { slugPaths } from './static-paths.ts';

/** A neighbourhood's bulletin from the build's content, clock and PLATFORM_PHONE: the page and the text file read it. */
export async function bulletinFor(locale: Locale, slug: string, site: URL | undefined): Promise<BulletinDoc> {
  const hood = (await entryBySlug(locale, 'neighbourhoods', slug))!;
  return bulletinDoc(selectBulletin(await siteContent(locale), slug, buildTime), {
    locale,
    slug,
    name: hood.name,
    site: site ?? new URL('http://127.0.0.1:4321'),
    now: buildTime,
    phone: siteBuildConfig().platformPhone,
    phoneMenuNumber: hood.phoneMenuNumber ?? null,
  });
}

/** `getStaticPaths` of the bulletins: one per neighbourhood. */
export const bulletinPaths = (locale: Locale) => slugPaths(locale, 'neighbourhoods');

/** `bulletin.txt`: UTF-8 plain text, said so in the type (a host that guesses would pick Latin-1). */
export async function bulletinTextResponse(locale: Locale, slug: string, site: URL | undefined): Promise<Response> {
  return new Response(bulletinText(await bulletinFor(locale, slug, site), locale), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
