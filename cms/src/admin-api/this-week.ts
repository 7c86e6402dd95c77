import type { Core } from '@strapi/strapi';
import { calendarDay } from '@passerelle/shared/dates';

/**
 * "Cette semaine": the published events of today and the six days after (calendar days in
 * Québec), with how many seats are taken and how many wait, for the OCs' homepage widget. Counts
 * only: never a name or a contact. Cancelled events stay listed (marked), as on the site.
 */
export interface WeekEvent {
  documentId: string;
  title: string;
  startsAt: string;
  cancelled: boolean;
  registrationMode: string;
  capacity: number | null;
  /** People (a registration may bring several) confirmed. */
  registered: number;
  /** People on the waiting list. */
  waitlisted: number;
}

export interface ThisWeek {
  from: string;
  to: string;
  events: WeekEvent[];
}

const DAY_MS = 86_400_000;

/** Today's date in Québec, then the six next dates, counted on the calendar (DST-proof). */
export function weekDays(now: Date): string[] {
  const [y, m, d] = calendarDay(now).split('-').map(Number) as [number, number, number];
  return Array.from({ length: 7 }, (_, k) => new Date(Date.UTC(y, m - 1, d + k)).toISOString().slice(0, 10));
}

export async function eventsThisWeek(strapi: Core.Strapi, now: Date = new Date()): Promise<ThisWeek> {
  const days = weekDays(now);
  const inWeek = new Set(days);
  // A day either side of the window, then the exact calendar days in Québec's time zone.
  const found = (await strapi.documents('api::event.event').findMany({
    status: 'published',
    locale: 'fr',
    fields: ['title', 'startsAt', 'cancelled', 'registrationMode', 'capacity'],
    filters: { startsAt: { $gte: new Date(now.getTime() - DAY_MS).toISOString(), $lte: new Date(now.getTime() + 8 * DAY_MS).toISOString() } },
    sort: 'startsAt:asc',
    limit: 500,
  } as any)) as Array<Record<string, any>>;
  const events = found.filter((event) => inWeek.has(calendarDay(String(event.startsAt))));

  const seats = new Map<string, { registered: number; waitlisted: number }>();
  if (events.length > 0) {
    const rows = (await strapi.db.query('api::participation.registration').findMany({
      where: { eventDocumentId: { $in: events.map((e) => String(e.documentId)) }, registrationStatus: { $in: ['confirmed', 'waitlisted'] } },
      select: ['eventDocumentId', 'registrationStatus', 'people'],
    })) as Array<{ eventDocumentId: string; registrationStatus: string; people: number | null }>;
    for (const row of rows) {
      const count = seats.get(row.eventDocumentId) ?? { registered: 0, waitlisted: 0 };
      const people = Number(row.people ?? 1);
      if (row.registrationStatus === 'confirmed') count.registered += people;
      else count.waitlisted += people;
      seats.set(row.eventDocumentId, count);
    }
  }

  return {
    from: days[0]!,
    to: days[6]!,
    events: events.map((event) => ({
      documentId: String(event.documentId),
      title: String(event.title),
      startsAt: new Date(event.startsAt).toISOString(),
      cancelled: event.cancelled === true,
      registrationMode: String(event.registrationMode ?? 'none'),
      capacity: typeof event.capacity === 'number' ? event.capacity : null,
      ...(seats.get(String(event.documentId)) ?? { registered: 0, waitlisted: 0 }),
    })),
  };
}
