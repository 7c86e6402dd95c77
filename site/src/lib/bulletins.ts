import {
  calendarDay,
  formatDate,
  formatRange,
  pathTo,
  zonedDate,
  zonedDateTime,
  type CommunityEvent,
  type Consultation,
  type ItemCollection,
  type Locale,
  type Petition,
} from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { printedShortLink } from '@passerelle/shared/short-links';
import type { ItemsByType } from './items.ts';
import { consultationState, eventIsCurrent, petitionIsCurrent } from './lifecycle.ts';
import { typeLabels } from './cards.ts';
import { searchSnippet } from './text.ts';

/**
 * The weekly bulletin of a neighbourhood (`/quartiers/<slug>/bulletin/` and `bulletin.txt`): what
 * the build knows of this week and next week, in words, for paper, a newsletter or community radio.
 * Pure: the page and the text file both render `bulletinDoc()`, so they say the same thing.
 */

/** The two calendar weeks a bulletin covers: Monday of the build's week (Québec time) to Sunday of the next. */
export interface BulletinWeeks {
  /** `YYYY-MM-DD` of that Monday. */
  from: string;
  /** `YYYY-MM-DD` of the Sunday 13 days later. */
  to: string;
  /** The instant the window ends: midnight at the start of the Monday after `to`, Québec time. */
  end: Date;
}

export function bulletinWeeks(now: Date): BulletinWeeks {
  const [y, m, d] = calendarDay(now).split('-').map(Number) as [number, number, number];
  const sinceMonday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return { from: zonedDate(now, -sinceMonday), to: zonedDate(now, 13 - sinceMonday), end: zonedDateTime(now, 14 - sinceMonday, '00:00') };
}

/** At most this many of each section on paper, so a busy neighbourhood still prints on one sheet, both sides. */
export const BULLETIN_LIMITS = { events: 7, open: 6 } as const;

export type OpenItem = { type: 'consultations'; item: Consultation } | { type: 'petitions'; item: Petition };

export interface BulletinSelection {
  weeks: BulletinWeeks;
  events: CommunityEvent[];
  /** Events of the window left off the bulletin by the limit. */
  moreEvents: number;
  open: OpenItem[];
  moreOpen: number;
}

type BulletinItems = Pick<ItemsByType, 'events' | 'consultations' | 'petitions'>;

/**
 * What a neighbourhood's bulletin lists at `now`: events not over yet that start before the window
 * ends, soonest first; consultations and petitions open now or opening before the window ends, those
 * open now first, each group by closing date. Then capped, counting what was left off.
 */
export function selectBulletin(items: BulletinItems, slug: string, now: Date, limits: { events: number; open: number } = BULLETIN_LIMITS): BulletinSelection {
  const weeks = bulletinWeeks(now);
  const here = (item: { neighbourhoods: { slug: string }[] }) => item.neighbourhoods.some((n) => n.slug === slug);
  const before = (iso: string) => Date.parse(iso) < weeks.end.getTime();
  const events = items.events
    .filter((e) => here(e) && eventIsCurrent(e, now) && before(e.startsAt))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const open: OpenItem[] = [
    ...items.consultations
      .filter((c) => here(c) && consultationState(c, now) !== 'closed' && before(c.opensAt))
      .map((item) => ({ type: 'consultations' as const, item })),
    ...items.petitions.filter((p) => here(p) && petitionIsCurrent(p, now) && before(p.opensAt)).map((item) => ({ type: 'petitions' as const, item })),
  ];
  const later = (o: OpenItem) => (Date.parse(o.item.opensAt) > now.getTime() ? 1 : 0);
  open.sort((a, b) => later(a) - later(b) || Date.parse(a.item.closesAt) - Date.parse(b.item.closesAt));
  return {
    weeks,
    events: events.slice(0, limits.events),
    moreEvents: Math.max(0, events.length - limits.events),
    open: open.slice(0, limits.open),
    moreOpen: Math.max(0, open.length - limits.open),
  };
}

/** One item as printed: its title, facts in words, and a link to type (`passerelle.example/e/7K2`). */
export interface BulletinEntry {
  title: string;
  lines: string[];
  /** The link printed under it: the short link, or the page's address when the item has no code. */
  link: string;
  /** The item's page on this site, for the screen. */
  href: string;
}

export interface BulletinSection {
  heading: string;
  entries: BulletinEntry[];
  /** "Et 3 de plus sur …" when the limit left some off. */
  more: string | null;
  /** What the section says when it has nothing. */
  empty: string;
}

export interface BulletinDoc {
  title: string;
  weeks: string;
  madeOn: string;
  events: BulletinSection;
  open: BulletinSection;
  offline: { heading: string; lines: string[] };
  /** The neighbourhood's page: in the QR code (`url`) and typed out (`printed`). */
  page: { url: string; printed: string };
}

export interface BulletinContext {
  locale: Locale;
  /** The neighbourhood: its slug and its name in `locale` (also the word to text). */
  slug: string;
  name: string;
  site: URL;
  now: Date;
  /** PLATFORM_PHONE: the number to call and to text; null leaves those lines out. */
  phone: string | null;
  /** The neighbourhood's number on the phone line's keypad, said after the number to call. */
  phoneMenuNumber?: number | null;
}

/** An address as printed on paper: no scheme, no trailing slash. */
export function printedUrl(url: URL): string {
  return `${url.host}${url.pathname.replace(/\/$/, '')}`;
}

function itemLink(site: URL, type: ItemCollection, item: { slug: string; shortCode: string | null }, locale: Locale): string {
  return item.shortCode ? printedShortLink(site, type, item.shortCode, locale) : printedUrl(new URL(pathTo(locale, type, item.slug), site));
}

function registration(event: CommunityEvent, locale: Locale): string | null {
  const phone = event.contact?.phone ?? event.organization?.phone ?? null;
  switch (event.registrationMode) {
    case 'none':
      return t(locale, 'registrationNone');
    case 'form':
      return t(locale, 'bulletinRegisterForm');
    case 'external':
      return t(locale, 'bulletinRegisterExternal');
    case 'phone':
      return phone ? `${t(locale, 'registrationPhone')} ${phone}` : null;
  }
}

function eventEntry(event: CommunityEvent, { locale, site }: BulletinContext): BulletinEntry {
  const colon = t(locale, 'colon');
  // Place and cost are free text of any length in the CMS: cut at a word, so the sheet holds.
  const lines = [formatRange(event.startsAt, event.endsAt, locale), searchSnippet(`${event.place.venueName}, ${event.place.address}`, 140)];
  const link = itemLink(site, 'events', event, locale);
  const href = pathTo(locale, 'events', event.slug);
  // Cancelled: still listed, since someone may have planned to go; said in the title and instead of cost and registration.
  if (event.cancelled) {
    lines.push(t(locale, 'eventCancelledLead'));
    return { title: t(locale, 'cancelledItemTitle', { title: event.title }), lines, link, href };
  }
  if (event.cost) lines.push(`${t(locale, 'cost')}${colon} ${searchSnippet(event.cost, 80)}`);
  const register = registration(event, locale);
  if (register) lines.push(register);
  return { title: event.title, lines, link, href };
}

function openEntry({ type, item }: OpenItem, { locale, site, now }: BulletinContext): BulletinEntry {
  const date = (iso: string) => formatDate(iso, locale);
  const when =
    Date.parse(item.opensAt) > now.getTime()
      ? t(locale, 'opensFrom', { date: date(item.opensAt) })
      : t(locale, type === 'consultations' ? 'openUntil' : 'signUntil', { date: date(item.closesAt) });
  return {
    title: item.title,
    lines: [`${t(locale, typeLabels[type].one)}, ${when.charAt(0).toLowerCase()}${when.slice(1)}`],
    link: itemLink(site, type, item, locale),
    href: pathTo(locale, type, item.slug),
  };
}

/** The bulletin in words, once for both the printed page and the text file. */
export function bulletinDoc(selection: BulletinSelection, context: BulletinContext): BulletinDoc {
  const { locale, slug, name, site, now, phone, phoneMenuNumber } = context;
  const pageUrl = new URL(pathTo(locale, 'neighbourhoods', slug), site);
  const page = { url: pageUrl.href, printed: printedUrl(pageUrl) };
  const day = (ymd: string) => formatDate(`${ymd}T12:00:00Z`, locale);
  const more = (count: number) => (count > 0 ? t(locale, 'bulletinMore', { count, link: page.printed }) : null);
  const offline: string[] = [];
  if (phone) {
    const call = phoneMenuNumber ? t(locale, 'neighbourhoodPhoneLine', { phone, number: phoneMenuNumber }) : t(locale, 'bulletinCall', { phone });
    offline.push(call, t(locale, 'bulletinText', { keyword: name, phone }));
  }
  return {
    title: t(locale, 'bulletinTitle', { name }),
    weeks: t(locale, 'bulletinWeeks', { from: day(selection.weeks.from), to: day(selection.weeks.to) }),
    madeOn: t(locale, 'bulletinMadeOn', { date: formatDate(now, locale), link: page.printed }),
    events: {
      heading: t(locale, 'bulletinEvents'),
      entries: selection.events.map((e) => eventEntry(e, context)),
      more: more(selection.moreEvents),
      empty: t(locale, 'bulletinNoEvents'),
    },
    open: {
      heading: t(locale, 'bulletinOpen'),
      entries: selection.open.map((o) => openEntry(o, context)),
      more: more(selection.moreOpen),
      empty: t(locale, 'bulletinNoOpen'),
    },
    offline: { heading: t(locale, 'bulletinOfflineTitle'), lines: offline },
    page,
  };
}

export const TEXT_WIDTH = 80;

/**
 * Words into lines of at most `width` characters (code points), continuation lines indented.
 * A no-break space never breaks; a word longer than a line is cut.
 */
export function wrapText(text: string, width = TEXT_WIDTH, indent = '', firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  const room = () => width - [...line].length;
  for (let word of text.split(/[ \t\n]+/).filter(Boolean)) {
    if (!empty && [...word].length + 1 <= room()) {
      line += ` ${word}`;
      continue;
    }
    if (!empty) {
      lines.push(line);
      line = indent;
    }
    while ([...word].length > width - [...line].length) {
      const cut = width - [...line].length;
      lines.push(line + [...word].slice(0, cut).join(''));
      word = [...word].slice(cut).join('');
      line = indent;
    }
    line += word;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

/**
 * The bulletin as plain text (UTF-8, lines of at most 80 characters, no markup): to paste into a
 * newsletter or read on the radio. Dates in words; entries numbered, their facts indented.
 */
export function bulletinText(doc: BulletinDoc, locale: Locale): string {
  const out: string[] = [...wrapText(doc.title), ...wrapText(doc.weeks), ...wrapText(doc.madeOn), ''];
  const para = (text: string) => out.push(...wrapText(text), '');
  for (const section of [doc.events, doc.open]) {
    out.push('', section.heading.toUpperCase(), '');
    if (section.entries.length === 0) para(section.empty);
    section.entries.forEach((entry, i) => {
      const number = `${i + 1}. `;
      const indent = ' '.repeat(number.length);
      out.push(...wrapText(entry.title, TEXT_WIDTH, indent, number));
      for (const line of [...entry.lines, t(locale, 'bulletinDetails', { link: entry.link })]) out.push(...wrapText(line, TEXT_WIDTH, indent, indent));
      out.push('');
    });
    if (section.more) para(section.more);
  }
  out.push('', doc.offline.heading.toUpperCase(), '');
  for (const line of [...doc.offline.lines, t(locale, 'bulletinWebText', { link: doc.page.printed })]) para(line);
  // One blank line between paragraphs, two before a heading, none at the end.
  return `${out.join('\n').replace(/\n{4,}/g, '\n\n\n').trimEnd()}\n`;
}
