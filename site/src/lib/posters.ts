import QRCode from 'qrcode';
import { formatDate, formatDateTime, formatRange, pathTo, posterPath, type ItemCollection, type Locale, type Neighbourhood } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { printedShortLink, shortLinkPath } from '@passerelle/shared/short-links';
import { describeItem, typeLabels } from './cards.ts';
import type { ItemsByType } from './items.ts';
import { calendarDateAsInstant } from './lifecycle.ts';
import type { PosterPageInput } from './poster-page.ts';
import { searchSnippet } from './text.ts';

/**
 * Posters (`/affiches/evenements/<slug>/`): one printed page per current item with a short code, for
 * CLSC walls, grocery stores and libraries. Everything on it is written out in words; the QR code
 * and the typed short link lead back to the item's page. Written after the build by
 * `integrations/poster-pages.ts`, from the template in `poster-page.ts`.
 */

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

export interface PosterSource<C extends ItemCollection> {
  locale: Locale;
  type: C;
  /** A current item with a short code (an archived item needs no poster). */
  item: ItemsByType[C][number] & { shortCode: string };
  /** True when the item exists in the other language: the language switch then leads to its poster. */
  inOtherLocale: boolean;
  /** The item's first neighbourhood, for its keypad number on the phone line. */
  firstNeighbourhood: Pick<Neighbourhood, 'phoneMenuNumber'> | undefined;
  site: URL;
  /** The platform's phone line (`PLATFORM_PHONE`), if any. */
  platformPhone: string | null;
  css: string;
}

/** Everything a poster says, worked out from its item: the input of `posterPage`. */
export async function posterPageInput<C extends ItemCollection>(source: PosterSource<C>): Promise<PosterPageInput> {
  const { locale, type, item, site } = source;
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  const link = posterLink(site, type, item.shortCode, locale);
  const phone = source.platformPhone;
  const keyword = item.neighbourhoods[0]?.name;
  // The phone line reads a neighbourhood's week by its keypad number: the item's first neighbourhood's.
  const phoneMenuNumber = source.firstNeighbourhood?.phoneMenuNumber ?? null;
  // A cancelled event's poster says so first: an old copy may still hang on a board, and a new print should warn.
  const cancelled = type === 'events' && 'cancelled' in item && item.cancelled;
  const cancellationNote = cancelled && 'cancellationNote' in item ? item.cancellationNote : null;
  const contactPhone = ('contact' in item ? item.contact?.phone : null) ?? item.organization?.phone ?? null;
  return {
    locale,
    path: posterPath(locale, type, item.slug),
    alternatePath: source.inOtherLocale ? posterPath(other, type, item.slug) : null,
    description: searchSnippet(describeItem(locale, type, item.summary)),
    title: t(locale, 'posterTitle', { title: item.title }),
    kind: `${t(locale, typeLabels[type].one)}${item.organization ? ` · ${item.organization.name}` : ''}`,
    heading: cancelled ? t(locale, 'cancelledItemTitle', { title: item.title }) : item.title,
    cancellation: cancelled ? { lead: t(locale, 'eventCancelledLead'), note: cancellationNote || null } : null,
    summary: item.summary,
    facts: posterFacts(type, item, locale),
    itemPath: pathTo(locale, type, item.slug),
    qrSvg: await qrSvg(link.url, t(locale, 'posterQrLabel', { link: link.printed })),
    printedLink: link.printed,
    reach: {
      contact: contactPhone ? t(locale, 'posterContactPhone', { phone: contactPhone }) : null,
      call: phone
        ? phoneMenuNumber && keyword
          ? t(locale, 'posterCallNeighbourhood', { phone, number: phoneMenuNumber, name: keyword })
          : t(locale, 'posterCall', { phone })
        : null,
      text: phone ? (keyword ? t(locale, 'posterText', { keyword, phone }) : t(locale, 'posterTextPostalCode', { phone })) : null,
    },
    css: source.css,
  };
}
