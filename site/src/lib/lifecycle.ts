import {
  calendarDay,
  type CallToParticipate,
  type CommunityEvent,
  type Consultation,
  type ItemCollection,
  type Petition,
} from '@passerelle/shared';
import type { ItemsByType } from './items.ts';
import { buildTime } from './now.ts';

/** Where an item stands at a given moment: decides list vs archive, and the order of each. */

export function eventIsCurrent(e: CommunityEvent, now: Date): boolean {
  return new Date(e.endsAt ?? e.startsAt) >= now;
}

/** A call stays open until the end of its deadline day, or until it ends; with no dates, while published. */
export function callIsCurrent(c: CallToParticipate, now: Date): boolean {
  if (c.deadline) return c.deadline >= calendarDay(now);
  const end = c.endsAt ?? c.startsAt;
  return end ? new Date(end) >= now : true;
}

export type ConsultationState = 'upcoming' | 'open' | 'closed';
export function consultationState(c: Consultation, now: Date): ConsultationState {
  if (new Date(c.closesAt) <= now) return 'closed';
  return new Date(c.opensAt) > now ? 'upcoming' : 'open';
}

export function petitionIsCurrent(p: Petition, now: Date): boolean {
  return p.status === 'open' && new Date(p.closesAt) > now;
}

/** The date an item is sorted by: soonest first among current items, latest first in the archive. */
export const sortDate = {
  events: (e: CommunityEvent) => e.startsAt,
  calls: (c: CallToParticipate) => (c.deadline ? `${c.deadline}T23:59:59Z` : (c.startsAt ?? c.publishedAt ?? c.updatedAt)),
  consultations: (c: Consultation) => c.closesAt,
  petitions: (p: Petition) => p.closesAt,
} as const;

export const isCurrent = {
  events: eventIsCurrent,
  calls: callIsCurrent,
  consultations: (c: Consultation, now: Date) => consultationState(c, now) !== 'closed',
  petitions: petitionIsCurrent,
} as const;

/** A calendar date (`YYYY-MM-DD`) as a Date at noon in Québec, so formatting never slips a day. */
export function calendarDateAsInstant(day: string): Date {
  return new Date(`${day}T12:00:00-05:00`);
}

export type Period = 'current' | 'archive';

/** Current items soonest first; archived items latest first. */
export function byPeriod<C extends ItemCollection>(
  type: C,
  items: readonly ItemsByType[C][number][],
  period: Period,
  now: Date = buildTime,
): ItemsByType[C][number][] {
  const current = isCurrent[type] as (item: ItemsByType[C][number], now: Date) => boolean;
  const dateOf = sortDate[type] as (item: ItemsByType[C][number]) => string;
  const keep = items.filter((item) => current(item, now) === (period === 'current'));
  if (period === 'archive') return keep.sort((a, b) => Date.parse(dateOf(b)) - Date.parse(dateOf(a)));
  // Among current items, what residents can act on today comes before what opens later.
  const later = (item: ItemsByType[C][number]) => (actionableLater(type, item, now) ? 1 : 0);
  return keep.sort((a, b) => later(a) - later(b) || Date.parse(dateOf(a)) - Date.parse(dateOf(b)));
}

/** Consultations and petitions that have not opened yet: listed after the open ones. */
function actionableLater(type: ItemCollection, item: ItemsByType[ItemCollection][number], now: Date): boolean {
  if (type === 'consultations' || type === 'petitions') return new Date((item as Consultation | Petition).opensAt) > now;
  return false;
}
