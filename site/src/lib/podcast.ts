import { episodeAudioPath, formatClock, podcastFeedPath, type Episode, type EpisodeMedia, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import type { AnnouncedFeed } from './subscriptions.ts';

/** Strapi stores sizes in kilobytes (1,000 bytes); residents read megabytes with one decimal: "6,8 Mo". */
export function sizeInWords(media: EpisodeMedia, locale: Locale): string {
  const megabytes = Math.max(0.1, media.size / 1000);
  const size = new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(megabytes);
  return t(locale, 'podcastMegabytes', { size });
}

/** "24 min" for people; the player shows the exact clock. Under a minute: "1 min". */
export function durationInWords(seconds: number, locale: Locale): string {
  return t(locale, 'podcastMinutes', { minutes: String(Math.max(1, Math.round(seconds / 60))) });
}

export const clock = formatClock;

export const audioHref = (media: EpisodeMedia) => episodeAudioPath(media.url);

/** The podcast feed, announced in the <head> of the balado's pages. */
export function podcastFeed(locale: Locale): AnnouncedFeed {
  return { href: podcastFeedPath(locale), type: 'application/rss+xml', title: t(locale, 'podcastFeedTitle') };
}

/** `sms:` with a prefilled message (RFC 5724 `body`): the person picks who to send it to. */
export function smsShareHref(locale: Locale, episode: Pick<Episode, 'title'>, url: string): string {
  return `sms:?&body=${encodeURIComponent(t(locale, 'podcastShareSmsBody', { title: episode.title, url }))}`;
}
