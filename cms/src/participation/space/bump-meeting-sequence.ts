import type { Core } from '@strapi/strapi';
import type { DocumentMiddleware } from '../../document-middlewares/types';
import { peerSessionUid } from './peer-sessions';
import { meetingUid } from './sessions';

/** What a calendar shows of a meeting, or of a peer session: a change to any of these must reach subscribed calendars. */
const CALENDAR_FIELDS: Record<string, readonly string[]> = {
  [meetingUid]: ['title', 'startsAt', 'endsAt', 'place', 'callIn', 'agenda'],
  [peerSessionUid]: ['title', 'startsAt', 'endsAt', 'place', 'callIn', 'description'],
};

/** Dates compare as instants (the admin sends `…T23:00:00.000Z`, the database may hold a number or another spelling). */
function sameValue(before: unknown, after: unknown): boolean {
  const blank = (value: unknown) => value === null || value === undefined || value === '';
  if (blank(before) && blank(after)) return true;
  if (blank(before) || blank(after)) return false;
  const asTime = (value: unknown) => (value instanceof Date ? value.getTime() : typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : NaN);
  const [a, b] = [asTime(before), asTime(after)];
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a === b;
  // The calendar fields are strings and dates; anything else (a nested object) counts as a change.
  return (typeof before === 'string' || typeof before === 'number') && (typeof after === 'string' || typeof after === 'number') && String(before) === String(after);
}

/**
 * A meeting's (or a peer session's) calendar `SEQUENCE` grows whenever its time, place, call-in, title or agenda changes,
 * whoever changes it: the space's form or an OC in the admin (which sends the stored `sequence`
 * back unchanged with the rest of the form). Without it a subscribed calendar keeps the old time.
 * A write that sets a higher sequence itself keeps it; a write that changes nothing shown keeps the
 * old one, so saving the minutes or the attendance does not make calendars fetch again.
 */
export function bumpMeetingSequence(strapi: Core.Strapi): DocumentMiddleware {
  return async (ctx, next) => {
    const fields = CALENDAR_FIELDS[ctx.uid];
    if (!fields || ctx.action !== 'update') return next();
    const data = (ctx.params.data ?? {}) as Record<string, unknown>;
    const documentId = ctx.params.documentId as string | undefined;
    if (!documentId || !fields.some((field) => field in data)) return next();
    const stored = (await strapi.db.query(ctx.uid).findOne({ where: { documentId }, select: ['sequence', ...fields] })) as Record<string, unknown> | null;
    if (!stored) return next();
    const changed = fields.some((field) => field in data && !sameValue(stored[field], data[field]));
    const current = Number(stored.sequence ?? 0);
    const asked = Number(data.sequence);
    if (changed && !(Number.isInteger(asked) && asked > current)) ctx.params.data = { ...data, sequence: current + 1 };
    return next();
  };
}
