import {
  calendarFilePath,
  feedFilePath,
  localeTags,
  outcomeOf,
  pathTo,
  slugify,
  type CommunityEvent,
  type Consultation,
  type FeedScope,
  type FollowScope,
  type Locale,
  type Neighbourhood,
  type Organization,
  type Petition,
  type Topic,
} from '@passerelle/shared';
import { buildAtom, type AtomEntry } from '@passerelle/shared/atom';
import { icsEventLines, icsHeaderLines, icsText, sequenceFrom, type IcsEvent } from '@passerelle/shared/ics';
import { t, type MessageKey } from '@passerelle/shared/i18n';
import { outcomeDay, outcomeStatusLabel } from '@passerelle/shared/participation';
import type { ItemsByType } from './items.ts';
import { cancellationLine, eventIcsTitle } from './event-ics.ts';

/**
 * Subscription calendars (.ics) and Atom feeds for everything, each neighbourhood, each CLSC
 * territory, each topic and each organization, plus a feed per kind of item and one of outcomes.
 * Pure: the build integration (integrations/calendar-files.ts) writes what this returns, and the
 * calendars page lists the same scopes.
 *
 * Sizes are bounded whatever the number of items (a calendar app or a feed reader on a metered plan
 * fetches these again every few hours): a calendar holds the next 60 days and stops before 50 KB; a
 * feed holds the last 50 entries and stops before 30 KB.
 */
export const CALENDAR_DAYS = 60;
export const CALENDAR_MAX_BYTES = 50 * 1024;
export const FEED_MAX_ENTRIES = 50;
export const FEED_MAX_BYTES = 30 * 1024;
/** Calendar apps poll subscriptions on their own schedule; this asks for about twice a day. */
const REFRESH_HOURS = 12;

export interface SubscriptionContent extends ItemsByType {
  neighbourhoods: Neighbourhood[];
  topics: Topic[];
  organizations: Organization[];
}

export interface Subscription {
  scope: FollowScope;
  /** The scope's name in words: "Villeray", "CLSC de Saint-Michel", "Tout Passerelle". */
  name: string;
  calendarPath: string;
  feedPath: string;
}

export interface SubscriptionFile {
  path: string;
  body: string;
}

type AnyItem = ItemsByType[keyof ItemsByType][number];
type Kind = keyof ItemsByType;
type Indexed = { kind: Kind; item: AnyItem };

/** The territories named by the neighbourhoods, each with its slug and its neighbourhoods. */
export function territoriesOf(neighbourhoods: readonly Neighbourhood[]): { slug: string; name: string; neighbourhoods: Set<string> }[] {
  const byName = new Map<string, Set<string>>();
  for (const n of neighbourhoods) {
    const set = byName.get(n.territory) ?? new Set<string>();
    set.add(n.slug);
    byName.set(n.territory, set);
  }
  return [...byName].map(([name, slugs]) => ({ slug: slugify(name), name, neighbourhoods: slugs }));
}

/** Every scope one can follow, in the order the calendars page lists them. */
export function subscriptionsOf(content: SubscriptionContent, locale: Locale): Subscription[] {
  const one = (scope: FollowScope, name: string): Subscription => ({
    scope,
    name,
    calendarPath: calendarFilePath(locale, scope),
    feedPath: feedFilePath(locale, scope),
  });
  return [
    one({ kind: 'all' }, t(locale, 'followEverything')),
    ...territoriesOf(content.neighbourhoods).map((ter) => one({ kind: 'territories', slug: ter.slug }, ter.name)),
    ...content.neighbourhoods.map((n) => one({ kind: 'neighbourhoods', slug: n.slug }, n.name)),
    ...content.topics.map((topic) => one({ kind: 'topics', slug: topic.slug }, topic.name)),
    ...content.organizations.map((o) => one({ kind: 'organizations', slug: o.slug }, o.name)),
  ];
}

/** A scope's key in the index below. */
const keyOf = (scope: FollowScope) => (scope.kind === 'all' ? 'all' : `${scope.kind}:${scope.slug}`);

/**
 * Every scope's items, in one pass over the items: at 10,000 items and hundreds of organizations,
 * filtering the whole list once per scope would cost a scope count times more.
 */
export function itemsByScope(content: SubscriptionContent): Map<string, Indexed[]> {
  const index = new Map<string, Indexed[]>();
  const add = (key: string, entry: Indexed) => {
    const list = index.get(key);
    if (list) list.push(entry);
    else index.set(key, [entry]);
  };
  const territoryOf = new Map(territoriesOf(content.neighbourhoods).flatMap((ter) => [...ter.neighbourhoods].map((slug) => [slug, ter.slug] as const)));
  for (const kind of ['events', 'calls', 'consultations', 'petitions'] as const) {
    for (const item of content[kind] as AnyItem[]) {
      const entry = { kind, item };
      add('all', entry);
      const territories = new Set<string>();
      for (const n of item.neighbourhoods) {
        add(`neighbourhoods:${n.slug}`, entry);
        const territory = territoryOf.get(n.slug);
        if (territory) territories.add(territory);
      }
      for (const territory of territories) add(`territories:${territory}`, entry);
      for (const topic of item.topics) add(`topics:${topic.slug}`, entry);
      if (item.organization) add(`organizations:${item.organization.slug}`, entry);
    }
  }
  return index;
}

// --- Calendars ---------------------------------------------------------------------------------

function calendarEvent(event: CommunityEvent, locale: Locale, site: string | URL): IcsEvent {
  const url = new URL(pathTo(locale, 'events', event.slug), site).href;
  return {
    uid: `${event.documentId}@passerelle`,
    start: event.startsAt,
    end: event.endsAt,
    summary: eventIcsTitle(event, locale),
    // The summary and the page: the whole body would make the file grow with every long text.
    description: [cancellationLine(event, locale), event.summary, url].filter(Boolean).join('\n\n'),
    location: `${event.place.venueName}, ${event.place.address}`,
    geo: { lat: event.place.lat, lng: event.place.lng },
    url,
    stamp: new Date(event.updatedAt),
    sequence: sequenceFrom(event.updatedAt),
    // Kept in the calendar, cancelled: subscribed calendars then mark or drop their copy.
    status: event.cancelled ? 'CANCELLED' : 'CONFIRMED',
  };
}

/** The events a calendar holds: not yet over, starting within CALENDAR_DAYS, soonest first. */
export function calendarWindow(events: readonly CommunityEvent[], now: Date): CommunityEvent[] {
  const until = now.getTime() + CALENDAR_DAYS * 86_400_000;
  return events
    .filter((e) => new Date(e.endsAt ?? e.startsAt).getTime() >= now.getTime() && new Date(e.startsAt).getTime() <= until)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.slug.localeCompare(b.slug));
}

const encoder = new TextEncoder();
const utf8Bytes = (text: string) => encoder.encode(text).length;

export function subscriptionCalendar(
  events: readonly CommunityEvent[],
  name: string,
  locale: Locale,
  site: string | URL,
  now: Date,
  /** Each event's text, shared by the calendars one build writes: an event is in five or more of them. */
  eventTexts: Map<CommunityEvent, string> = new Map(),
): string {
  const head = icsText(icsHeaderLines({ name, zone: true, refreshHours: REFRESH_HOURS }));
  const foot = icsText(['END:VCALENDAR']);
  let size = utf8Bytes(head) + utf8Bytes(foot);
  const parts = [head];
  for (const event of calendarWindow(events, now)) {
    let text = eventTexts.get(event);
    if (text === undefined) {
      text = icsText(icsEventLines(calendarEvent(event, locale, site), true));
      eventTexts.set(event, text);
    }
    size += utf8Bytes(text);
    if (size > CALENDAR_MAX_BYTES) break; // the next events are further away: they will come
    parts.push(text);
  }
  parts.push(foot);
  return parts.join('');
}

// --- Feeds -------------------------------------------------------------------------------------

const kindLabel: Record<Kind, MessageKey> = { events: 'typeEvent', calls: 'typeCall', consultations: 'typeConsultation', petitions: 'typePetition' };
const kindTitle: Record<Kind | 'outcomes', MessageKey> = {
  events: 'navEvents',
  calls: 'navCalls',
  consultations: 'navConsultations',
  petitions: 'navPetitions',
  outcomes: 'feedOutcomes',
};

function feedEntry(kind: Kind, item: AnyItem, locale: Locale, site: string | URL): AtomEntry {
  // A cancellation changes the entry (same id, later `updated`): readers show it as news again.
  const cancelled = kind === 'events' && (item as CommunityEvent).cancelled;
  return {
    id: `urn:passerelle:${kind}:${item.documentId}`,
    title: t(locale, 'feedEntryTitle', { kind: t(locale, cancelled ? 'feedCancelledEvent' : kindLabel[kind]), title: item.title }),
    url: new URL(pathTo(locale, kind, item.slug), site).href,
    updated: item.updatedAt,
    published: item.publishedAt ?? null,
    summary: cancelled ? (cancellationLine(item as CommunityEvent, locale) ?? item.summary) : item.summary,
    categories: [kind, ...item.neighbourhoods.map((n) => n.name), ...item.topics.map((topic) => topic.name)],
  };
}

/**
 * An outcome as one entry: the OC's posted outcome (its status, day and text) when there is one,
 * else a petition's answer or a consultation's results. One entry per item, updated in place when
 * the outcome changes.
 */
function outcomeEntry(kind: 'petitions' | 'consultations', item: Petition | Consultation, locale: Locale, site: string | URL): AtomEntry {
  const outcome = outcomeOf(item);
  const text = kind === 'petitions' ? (item as Petition).response : (item as Consultation).results;
  const posted = outcome ? `${t(locale, 'outcomeOn', { status: outcomeStatusLabel(locale, outcome.status), date: outcomeDay(outcome.date, locale) })}.` : null;
  return {
    ...feedEntry(kind, item, locale, site),
    id: `urn:passerelle:outcome:${item.documentId}`,
    title: t(locale, 'feedEntryTitle', { kind: t(locale, 'feedOutcome'), title: item.title }),
    summary: posted ? (outcome!.text ? `${posted} ${outcome!.text}` : posted) : (text ?? item.summary),
  };
}

const hasOutcome = (item: Petition | Consultation) => outcomeOf(item) !== null;

const publishedOf = ({ item }: Indexed) => item.publishedAt ?? item.updatedAt;
/** Newest first, by the date alone: only the kept ones then become entries. */
const newestFirst = (a: Indexed, b: Indexed) => publishedOf(b).localeCompare(publishedOf(a)) || a.item.documentId.localeCompare(b.item.documentId);

function entriesFor(
  content: SubscriptionContent,
  index: Map<string, Indexed[]>,
  scope: FeedScope,
  locale: Locale,
  site: string | URL,
): AtomEntry[] {
  if (scope.kind === 'type') {
    if (scope.type === 'outcomes') {
      return [
        ...content.petitions.filter((p) => p.response || hasOutcome(p)).map((p) => outcomeEntry('petitions', p, locale, site)),
        ...content.consultations.filter((c) => c.results || hasOutcome(c)).map((c) => outcomeEntry('consultations', c, locale, site)),
      ].sort((a, b) => String(b.updated).localeCompare(String(a.updated)) || a.id.localeCompare(b.id));
    }
    const kind = scope.type;
    return (content[kind] as AnyItem[])
      .map((item) => ({ kind, item }))
      .sort(newestFirst)
      .slice(0, FEED_MAX_ENTRIES)
      .map((entry) => feedEntry(entry.kind, entry.item, locale, site));
  }
  return [...(index.get(keyOf(scope)) ?? [])]
    .sort(newestFirst)
    .slice(0, FEED_MAX_ENTRIES)
    .map(({ kind, item }) => feedEntry(kind, item, locale, site));
}

export function subscriptionFeed(
  content: SubscriptionContent,
  index: Map<string, Indexed[]>,
  scope: FeedScope,
  title: string,
  pagePath: string,
  locale: Locale,
  site: string | URL,
  now: Date,
): string {
  const selfUrl = new URL(feedFilePath(locale, scope), site).href;
  const all = entriesFor(content, index, scope, locale, site).slice(0, FEED_MAX_ENTRIES);
  const feedOf = (entries: AtomEntry[]) =>
    buildAtom({
      id: selfUrl,
      title,
      selfUrl,
      pageUrl: new URL(pagePath, site).href,
      language: localeTags[locale],
      author: t(locale, 'siteName'),
      updated: entries.reduce<string>((latest, e) => (String(e.updated) > latest ? String(e.updated) : latest), '') || now,
      entries,
    });
  // Fewest entries dropped to fit: the oldest go first.
  let entries = all;
  let xml = feedOf(entries);
  while (utf8Bytes(xml) > FEED_MAX_BYTES && entries.length > 0) {
    entries = entries.slice(0, -1);
    xml = feedOf(entries);
  }
  return xml;
}

// --- Every file ------------------------------------------------------------------------------------

/** The page a scope's feed belongs to, and the feed's title. */
function scopePage(subscription: Subscription, locale: Locale): string {
  const { scope } = subscription;
  return scope.kind === 'all' || scope.kind === 'territories' ? pathTo(locale, 'calendars') : pathTo(locale, scope.kind, scope.slug);
}

export function subscriptionFiles(content: SubscriptionContent, locale: Locale, site: string | URL, now: Date): SubscriptionFile[] {
  const files: SubscriptionFile[] = [];
  const siteName = t(locale, 'siteName');
  const index = itemsByScope(content);
  const eventTexts = new Map<CommunityEvent, string>();
  for (const subscription of subscriptionsOf(content, locale)) {
    const inScope = index.get(keyOf(subscription.scope)) ?? [];
    const events = inScope.filter((entry) => entry.kind === 'events').map((entry) => entry.item as CommunityEvent);
    const name = `${subscription.name} — ${siteName}`;
    files.push({ path: subscription.calendarPath, body: subscriptionCalendar(events, name, locale, site, now, eventTexts) });
    files.push({
      path: subscription.feedPath,
      body: subscriptionFeed(content, index, subscription.scope, name, scopePage(subscription, locale), locale, site, now),
    });
  }
  for (const type of ['events', 'calls', 'consultations', 'petitions', 'outcomes'] as const) {
    const scope: FeedScope = { kind: 'type', type };
    const page = type === 'outcomes' ? pathTo(locale, 'calendars') : pathTo(locale, type);
    files.push({
      path: feedFilePath(locale, scope),
      body: subscriptionFeed(content, index, scope, `${t(locale, kindTitle[type])} — ${siteName}`, page, locale, site, now),
    });
  }
  return files;
}

/** The feeds a page announces in its `<head>` (feed readers and calendar apps find them from the page's address). */
export interface AnnouncedFeed {
  href: string;
  type: 'application/atom+xml' | 'application/rss+xml' | 'text/calendar';
  title: string;
}

export function announcedFeeds(locale: Locale, scope: FeedScope, name: string): AnnouncedFeed[] {
  const feeds: AnnouncedFeed[] = [{ href: feedFilePath(locale, scope), type: 'application/atom+xml', title: t(locale, 'feedOf', { name }) }];
  if (scope.kind !== 'type') feeds.push({ href: calendarFilePath(locale, scope), type: 'text/calendar', title: t(locale, 'calendarOf', { name }) });
  else if (scope.type === 'events') feeds.push({ href: calendarFilePath(locale, { kind: 'all' }), type: 'text/calendar', title: t(locale, 'calendarOf', { name }) });
  return feeds;
}
