import {
  formatDate,
  formatRange,
  outcomeOf,
  pathTo,
  segments,
  type ItemCollection,
  type Locale,
  type NeighbourhoodRef,
} from '@passerelle/shared';
import { t, enumKey } from '@passerelle/shared/i18n';
import type { ItemsByType } from './items.ts';
import { itemDescription } from './text.ts';
import { calendarDateAsInstant, consultationState, petitionIsCurrent } from './lifecycle.ts';
import { buildTime } from './now.ts';

/** What one line of a list shows, whatever the type of item. */
export interface Card {
  href: string;
  title: string;
  summary: string;
  /** `datetime` is machine-readable; `text` is the date in words, with its context ("Ouverte jusqu’au …"). */
  when: { datetime: string; text: string } | null;
  neighbourhoods: NeighbourhoodRef[];
  /** Said before the date, in bold: "Annulé" for a cancelled event. */
  status: string | null;
  /** "Résultat publié" on a petition or consultation whose outcome is posted. */
  outcome: string | null;
}

export function toCard<C extends ItemCollection>(type: C, item: ItemsByType[C][number], locale: Locale, now = buildTime): Card {
  return {
    href: pathTo(locale, type, item.slug),
    title: item.title,
    summary: item.summary,
    when: whenOf(type, item, locale, now),
    neighbourhoods: item.neighbourhoods,
    status: 'cancelled' in item && item.cancelled ? t(locale, 'eventCancelled') : null,
    outcome: 'outcomeStatus' in item && outcomeOf(item) ? t(locale, 'outcomePublished') : null,
  };
}

function whenOf(type: ItemCollection, item: ItemsByType[ItemCollection][number], locale: Locale, now: Date): Card['when'] {
  const day = (iso: string) => formatDate(iso, locale);
  if (type === 'events' && 'place' in item && 'startsAt' in item && item.startsAt) {
    return { datetime: item.startsAt, text: formatRange(item.startsAt, item.endsAt, locale) };
  }
  if (type === 'calls' && 'deadline' in item) {
    if (item.deadline) {
      return { datetime: item.deadline, text: t(locale, 'answerBefore', { date: formatDate(calendarDateAsInstant(item.deadline), locale) }) };
    }
    return item.startsAt ? { datetime: item.startsAt, text: formatRange(item.startsAt, item.endsAt, locale) } : null;
  }
  if (type === 'consultations' && 'questions' in item) {
    const state = consultationState(item, now);
    if (state === 'open') return { datetime: item.closesAt, text: t(locale, 'openUntil', { date: day(item.closesAt) }) };
    if (state === 'upcoming') return { datetime: item.opensAt, text: t(locale, 'opensFrom', { date: day(item.opensAt) }) };
    return { datetime: item.closesAt, text: t(locale, 'closedOn', { date: day(item.closesAt) }) };
  }
  if (type === 'petitions' && 'demand' in item) {
    if (petitionIsCurrent(item, now)) return { datetime: item.closesAt, text: t(locale, 'signUntil', { date: day(item.closesAt) }) };
    return { datetime: item.closesAt, text: `${t(locale, enumKey('petitionStatus', item.status))} (${day(item.closesAt)})` };
  }
  return null;
}

/** Names used per type in headings, links and Pagefind's "type" filter. */
export const typeLabels = {
  events: { one: 'typeEvent', current: 'currentEvents', archive: 'archiveEvents', all: 'allEvents', nav: 'navEvents' },
  calls: { one: 'typeCall', current: 'currentCalls', archive: 'archiveCalls', all: 'allCalls', nav: 'navCalls' },
  consultations: { one: 'typeConsultation', current: 'currentConsultations', archive: 'archiveConsultations', all: 'allConsultations', nav: 'navConsultations' },
  petitions: { one: 'typePetition', current: 'currentPetitions', archive: 'archivePetitions', all: 'allPetitions', nav: 'navPetitions' },
} as const;

/** The meta description of an item's page (and its poster): its summary, completed when short. */
export function describeItem(locale: Locale, type: ItemCollection, summary: string): string {
  return itemDescription(summary, t(locale, 'itemDescriptionMore', { kind: t(locale, typeLabels[type].one) }));
}

export function archivePath(locale: Locale, type: ItemCollection): string {
  return `${pathTo(locale, type)}${segments[locale].archive}/`;
}
