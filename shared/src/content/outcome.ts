import { z } from 'zod';
import { optionalText } from './common.ts';

/**
 * "What changed": what came of a petition or a consultation, posted by the OC once it is known.
 * Three flat fields in the CMS (the status and the date are the same in both languages, the text is
 * translated); the site reads them as one `outcome`, or null when there is none yet.
 */
export const petitionOutcomeStatuses = ['delivered', 'answered', 'won', 'refused'] as const;
export const consultationOutcomeStatuses = ['decided'] as const;
export const outcomeStatuses = [...petitionOutcomeStatuses, ...consultationOutcomeStatuses] as const;
export type OutcomeStatus = (typeof outcomeStatuses)[number];

/** Short enough for one screen on an old phone, and for the gist of it in a text message. */
export const OUTCOME_TEXT_MAX_LENGTH = 600;

export const outcomeSelection = `outcomeStatus outcomeText outcomeDate`;

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export interface Outcome<S extends OutcomeStatus = OutcomeStatus> {
  status: S;
  text: string | null;
  /** A calendar day (`2026-11-20`), no time: the day the answer came or the decision was taken. */
  date: string;
}

/** The three GraphQL fields as one value; an outcome needs a status and a date (the CMS requires both together). */
export function outcomeShape<S extends readonly [OutcomeStatus, ...OutcomeStatus[]]>(statuses: S) {
  return {
    outcomeStatus: z.enum(statuses).nullish().transform((v) => v ?? null),
    outcomeText: optionalText.pipe(z.string().max(OUTCOME_TEXT_MAX_LENGTH).nullable()),
    outcomeDate: calendarDate.nullish().transform((v) => v ?? null),
  };
}

export function outcomeOf<S extends OutcomeStatus>(item: { outcomeStatus: S | null; outcomeText: string | null; outcomeDate: string | null }): Outcome<S> | null {
  if (!item.outcomeStatus || !item.outcomeDate) return null;
  return { status: item.outcomeStatus, text: item.outcomeText, date: item.outcomeDate };
}

/**
 * What makes an outcome news: its status and its date, the same in both languages. Residents who
 * asked to be kept informed are told once per revision; a corrected text is not news.
 */
export function outcomeRevision(outcome: Pick<Outcome, 'status' | 'date'>): string {
  return `${outcome.status}-${outcome.date}`;
}
