import QRCode from 'qrcode';
import { formatDate, formatDateTime, formatRange, itemCollections, segments, type ItemCollection, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { printedShortLink, shortLinkPath } from '@passerelle/shared/short-links';
import { itemsFor } from './content.ts';
import type { ItemsByType } from './items.ts';
import { calendarDateAsInstant } from './lifecycle.ts';

/**
 * Posters (`/affiches/evenements/<slug>/`): one printed page per current item with a short code, for
 * CLSC walls, grocery stores and libraries. Everything on it is written out in words; the QR code
 * and the typed short link lead back to the item's page.
 */

/** `getStaticPaths` for `[type]/[slug].astro`: current items that have a short code (an archived item needs no poster). */
export async function posterPaths(locale: Locale) {
  const paths = [];
  for (const type of itemCollections) {
    for (const item of await itemsFor(locale, type, 'current')) {
      if (item.shortCode) paths.push({ params: { type: segments[locale][type], slug: item.slug }, props: { type, slug: item.slug } });
    }
  }
  return paths;
}

/**
 * The QR code as inline SVG, made at build time: one path, black on white, a 4-module quiet zone,
 * error correction M (survives a crease or a smudge). Sized by CSS.
 */
export async function qrSvg(text: string, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const escaped = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return svg.replace('<svg ', `<svg role="img" aria-label="${escaped}" class="qr" `);
}

export interface PosterLink {
  /** What the QR code holds: the absolute short link. */
  url: string;
  /** What is typed out under it: `passerelle.example/e/7K2`. */
  printed: string;
}

export function posterLink(site: URL, type: ItemCollection, code: string, locale: Locale): PosterLink {
  return { url: new URL(shortLinkPath(type, code, locale), site).href, printed: printedShortLink(site, type, code, locale) };
}

export interface PosterFact {
  label: string;
  lines: string[];
}

/** When, where, accessibility and cost in words, per kind of item; a fact the item lacks is left out. */
export function posterFacts<C extends ItemCollection>(type: C, item: ItemsByType[C][number], locale: Locale): PosterFact[] {
  const facts: PosterFact[] = [];
  const add = (key: Parameters<typeof t>[1], ...lines: (string | null | undefined)[]) => {
    const kept = lines.filter((line): line is string => !!line);
    if (kept.length) facts.push({ label: t(locale, key), lines: kept });
  };
  const place = 'place' in item ? item.place : null;
  if (type === 'events') {
    const event = item as ItemsByType['events'][number];
    add('when', formatRange(event.startsAt, event.endsAt, locale));
  } else if (type === 'calls') {
    const call = item as ItemsByType['calls'][number];
    if (call.startsAt) add('when', formatRange(call.startsAt, call.endsAt, locale));
    if (call.deadline) add('deadline', formatDate(calendarDateAsInstant(call.deadline), locale));
  } else if (type === 'consultations') {
    const consultation = item as ItemsByType['consultations'][number];
    add('opensOn', formatDateTime(consultation.opensAt, locale));
    add('closesOn', formatDateTime(consultation.closesAt, locale));
  } else {
    const petition = item as ItemsByType['petitions'][number];
    add('when', t(locale, 'signaturePeriod', { from: formatDate(petition.opensAt, locale), to: formatDate(petition.closesAt, locale) }));
  }
  if (place) {
    add('where', place.venueName, place.address, place.transitHint);
    add('accessibility', place.accessibilityNotes);
  }
  if ('cost' in item) add('cost', item.cost);
  return facts;
}
