import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Locale } from '@passerelle/shared/locales';
import { participationRoutes, participationUrl } from '@passerelle/shared/participation';
import type { Ctx } from '../http/respond';
import { sendNotFound } from '../http/pages';

/**
 * The balado episode the phone line plays: the most recently released published episode that has
 * a phone version (an MP3 made on transcoding, docs/balado.md), with its title in the caller's
 * language (French when it has none in English). None: the line does not offer it.
 *
 * The provider fetches the file from the public host it already calls (the voice webhook's), under
 * the write path: the only part of that host proxied to the CMS (`/uploads/` is not).
 */
export interface PhoneEpisode {
  title: string;
  /** Absolute http(s) URL of the MP3, as the provider's `<Play>` needs. */
  url: string;
}

interface EpisodeRow {
  documentId: string;
  title: string;
  phoneAudio?: { url: string } | null;
}

const EPISODE_UID = 'api::episode.episode';
// Older episodes made before the phone version existed have none: the newest few are looked at.
const recent = 20;

const newest = async (strapi: Core.Strapi, locale: Locale) =>
  (await strapi.documents(EPISODE_UID).findMany({
    locale,
    status: 'published',
    fields: ['title', 'releaseDate'],
    populate: { phoneAudio: { fields: ['url'] } },
    sort: ['releaseDate:desc', 'id:desc'],
    limit: recent,
  } as never)) as unknown as EpisodeRow[];

export async function latestPhoneEpisode(strapi: Core.Strapi, language: Locale, webhookUrl: string): Promise<PhoneEpisode | null> {
  const inLanguage = await newest(strapi, language);
  const french = language === 'fr' ? inLanguage : await newest(strapi, 'fr');
  const episode = french.find((e) => e.phoneAudio?.url);
  if (!episode) return null;
  const url = new URL(participationUrl(participationRoutes.phoneEpisodeAudio.path, episode.documentId), webhookUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const title = inLanguage.find((e) => e.documentId === episode.documentId)?.title ?? episode.title;
  return { title, url: url.toString() };
}

/** GET …/telephone/balado/<documentId>.mp3: a published episode's phone version, or the usual 404. */
export async function servePhoneEpisodeAudio(strapi: Core.Strapi, ctx: Ctx, documentId: string): Promise<void> {
  const found = /^[a-z0-9]{24}$/.test(documentId)
    ? ((await strapi.documents(EPISODE_UID).findFirst({ filters: { documentId }, locale: 'fr', status: 'published', fields: ['title'], populate: { phoneAudio: { fields: ['url'] } } } as never)) as unknown as EpisodeRow | null)
    : null;
  const url = found?.phoneAudio?.url;
  // Only a local upload is served from here; anything else is not ours to stream.
  if (!url || !url.startsWith('/uploads/')) return sendNotFound(ctx, 'fr');
  const file = path.join(strapi.dirs.static.public, path.normalize(url));
  const size = await stat(file).then((s) => s.size, () => null);
  if (size === null) return sendNotFound(ctx, 'fr');
  ctx.status = 200;
  ctx.set('Content-Type', 'audio/mpeg');
  ctx.set('Content-Length', String(size));
  // An episode's file never changes (a new recording is a new file, a new documentId's version).
  ctx.set('Cache-Control', 'public, max-age=86400');
  ctx.body = createReadStream(file);
}
