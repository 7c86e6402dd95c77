import { z } from 'zod';

/**
 * A closure of an access point (holiday break, renovations): a range of calendar days, both
 * included, and a short reason in each language. The logic that reads them is in closures.ts.
 */

/** An access point has at most this many closures: a list an OC can read at a glance, and a bound for the CMS. */
export const maxClosures = 20;
/** Closures starting within this many days are announced. */
export const closureNoticeDays = 14;
/** Reasons are short, so they fit in a text message. */
export const maxClosureReason = 80;

const dayString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
  .refine((d) => {
    const time = Date.parse(`${d}T12:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(d);
  }, 'not a calendar day');
const reason = z
  .string()
  .max(maxClosureReason)
  .nullish()
  .transform((v) => (v && v.trim() ? v.trim() : null));

export const closureSchema = z
  .object({ startDate: dayString, endDate: dayString, reasonFr: reason, reasonEn: reason })
  .refine((c) => c.endDate >= c.startDate, { message: 'endDate must be on or after startDate' });
export type Closure = z.infer<typeof closureSchema>;

export const closureSelection = 'closures { startDate endDate reasonFr reasonEn } closedOnQuebecHolidays';
