import type { Core } from '@strapi/strapi';
import type { Locale } from '@passerelle/shared/locales';

/**
 * The balado episode the phone line plays: the most recently released published episode that has
 * a phone version (an MP3 made on transcoding, docs/balado.md), with its title in the caller's
 * language (French when it has none in English). None: the line does not offer it.
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

// Older episodes made before the phone version existed have none: the newest few are looked at.
const recent = 20;

export async function latestPhoneEpisode(strapi: Core.Strapi, language: Locale, webhookUrl: string): Promise<PhoneEpisode | null> {
  const newest = async (locale: Locale) =>
    (await strapi.documents('api::episode.episode').findMany({
      locale,
      status: 'published',
      fields: ['title', 'releaseDate'],
      populate: { phoneAudio: { fields: ['url'] } },
      sort: ['releaseDate:desc', 'id:desc'],
      limit: recent,
    } as never)) as unknown as EpisodeRow[];
  const inLanguage = await newest(language);
  const french = language === 'fr' ? inLanguage : await newest('fr');
  const episode = french.find((e) => e.phoneAudio?.url);
  if (!episode) return null;
  const url = new URL(episode.phoneAudio!.url, webhookUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const title = inLanguage.find((e) => e.documentId === episode.documentId)?.title ?? episode.title;
  return { title, url: url.toString() };
}
