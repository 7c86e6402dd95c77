import { eventPagePath, petitionPagePath } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';

/**
 * The one place a text message gets an item's link: its canonical page on the public site. When
 * short links exist, they replace this helper's answer and every reply follows.
 */
export function itemLink(kind: 'event' | 'petition', slug: string, locale: Locale): string {
  const path = kind === 'event' ? eventPagePath(locale, slug) : petitionPagePath(locale, slug);
  return `${participationConfig().siteUrl}${path}`;
}

/** Short dates for a screen of 160 characters: `sam. 12 déc., 18 h 30` / `Sat, Dec 12, 6:30 p.m.`. */
export function shortWhen(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'America/Toronto',
  }).format(new Date(iso));
}

export function shortDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { day: 'numeric', month: 'long', timeZone: 'America/Toronto' }).format(new Date(iso));
}
