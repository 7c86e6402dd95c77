import type { Core } from '@strapi/strapi';
import { spaceRules } from '@passerelle/shared/participation';
import { participationConfig } from '../config';
import { hmac, newToken, safeEqualHex, sha256 } from '../crypto';
import { arrivedOverTls } from '../http/client-ip';
import type { Ctx } from '../http/respond';

/**
 * Sessions of the practitioners' space. The browser holds a random 256-bit token in a cookie
 * (HttpOnly, SameSite=Lax, Path=/, Secure and `__Host-` over TLS); the database holds only its
 * SHA-256, the member it belongs to, and when it was made and last used. A session unused for
 * `idleHours`, or older than `maxDays`, or whose member is no longer active, is over and deleted
 * when it is next presented (and by the retention job otherwise).
 *
 * Every form carries a CSRF token: an HMAC of the session token (signed-in forms), or of a random
 * "form" cookie set by the page (the sign-in forms, before there is a session). SameSite=Lax and
 * the write path's cross-site check already stop most forged posts; the token stops the rest.
 */
export const practitionerUid = 'api::practitioners.practitioner';
export const roundTableUid = 'api::practitioners.round-table';
export const sessionUid = 'api::practitioners.practitioner-session';
export const signInUid = 'api::practitioners.practitioner-sign-in';
export const meetingUid = 'api::practitioners.meeting';
export const calendarTokenUid = 'api::practitioners.calendar-token';

const hourMs = 3_600_000;
export const idleMs = spaceRules.idleHours * hourMs;
export const maxAgeMs = spaceRules.maxDays * 24 * hourMs;
/** Last-seen times are written at most this often: a page view is not a database write. */
const touchEveryMs = 60_000;

export async function ensureSpaceIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  for (const [uid, name, attributes, unique] of [
    [sessionUid, 'token_uq', ['tokenHash'], true],
    [sessionUid, 'member_idx', ['practitionerDocumentId'], false],
    [signInUid, 'ref_idx', ['refHash'], false],
    [signInUid, 'secret_idx', ['secretHash'], false],
    [signInUid, 'contact_idx', ['contactHash', 'submittedAtMs'], false],
    [signInUid, 'ip_idx', ['ipHash', 'submittedAtMs'], false],
    [calendarTokenUid, 'token_uq', ['tokenHash'], true],
    [calendarTokenUid, 'member_idx', ['practitionerDocumentId', 'roundTableDocumentId'], false],
  ] as const) {
    const meta = strapi.db.metadata.get(uid);
    const columns = attributes.map((a) => (meta.attributes[a] as { columnName?: string }).columnName ?? a);
    await knex.raw(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`, [`${meta.tableName}_${name}`, meta.tableName, ...columns]);
  }
}

/** Over TLS the cookies are `Secure` and `__Host-` (no subdomain can plant or read them). */
function overTls(ctx: Ctx): boolean {
  return participationConfig().httpsPublic || arrivedOverTls(ctx);
}

function cookieName(ctx: Ctx, base: 'espace' | 'formulaire'): string {
  return `${overTls(ctx) ? '__Host-' : ''}passerelle-${base}`;
}

function readCookie(ctx: Ctx, name: string): string | null {
  for (const part of (ctx.get('cookie') || '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,64}$/.test(value) ? value : null;
    }
  }
  return null;
}

function cookieHeader(ctx: Ctx, name: string, value: string, maxAgeSeconds?: number): string {
  return [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', ...(overTls(ctx) ? ['Secure'] : []), ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : [])].join('; ');
}

export interface SpaceMember {
  documentId: string;
  name: string;
}

export interface SpaceSession {
  id: number;
  token: string;
  member: SpaceMember;
}

/** The member behind a session cookie, or null (no cookie, unknown, idle, too old, member gone or inactive). */
export async function currentSession(strapi: Core.Strapi, ctx: Ctx, now = Date.now()): Promise<SpaceSession | null> {
  const token = readCookie(ctx, cookieName(ctx, 'espace'));
  if (!token) return null;
  const row = (await strapi.db.query(sessionUid).findOne({ where: { tokenHash: sha256(token) } })) as
    | { id: number; practitionerDocumentId: string; createdAtMs: string | number; lastSeenAtMs: string | number }
    | null;
  if (!row) return null;
  const expired = Number(row.lastSeenAtMs) + idleMs <= now || Number(row.createdAtMs) + maxAgeMs <= now;
  const member = expired ? null : await activeMember(strapi, row.practitionerDocumentId);
  if (!member) {
    await strapi.db.query(sessionUid).delete({ where: { id: row.id } });
    return null;
  }
  if (now - Number(row.lastSeenAtMs) > touchEveryMs) await strapi.db.query(sessionUid).update({ where: { id: row.id }, data: { lastSeenAtMs: now }, select: ['id'] });
  return { id: row.id, token, member };
}

export async function activeMember(strapi: Core.Strapi, documentId: string): Promise<SpaceMember | null> {
  const row = (await strapi.db.query(practitionerUid).findOne({ where: { documentId, active: true }, select: ['documentId', 'name'] })) as SpaceMember | null;
  return row;
}

/** A new session for a member: the cookie is set on `ctx`. */
export async function openSession(strapi: Core.Strapi, ctx: Ctx, memberDocumentId: string, now = Date.now()): Promise<void> {
  // A session this browser already had ends here: signing in again never leaves an old token alive.
  const previous = readCookie(ctx, cookieName(ctx, 'espace'));
  if (previous) await strapi.db.query(sessionUid).deleteMany({ where: { tokenHash: sha256(previous) } });
  const token = newToken(32);
  await strapi.db.query(sessionUid).create({ data: { tokenHash: sha256(token), practitionerDocumentId: memberDocumentId, createdAtMs: now, lastSeenAtMs: now }, select: ['id'] });
  // Signing in is the member's activity that keeps their record (retention of inactive members):
  // the clock starts again, and a warning already sent no longer stands.
  await strapi.db.query(practitionerUid).update({ where: { documentId: memberDocumentId }, data: { lastActiveAtMs: now, inactivityWarnedAtMs: null }, select: ['id'] });
  // No Max-Age: the cookie goes with the browser; the server's idle and absolute limits decide the rest.
  ctx.set('Set-Cookie', cookieHeader(ctx, cookieName(ctx, 'espace'), token));
}

export async function closeSession(strapi: Core.Strapi, ctx: Ctx, session: SpaceSession): Promise<void> {
  await strapi.db.query(sessionUid).delete({ where: { id: session.id } });
  ctx.set('Set-Cookie', cookieHeader(ctx, cookieName(ctx, 'espace'), 'deleted-deleted-deleted', 0));
}

/** "Sign out everywhere": every session of this member, this one included, and their calendar addresses (a lost phone holds those too). */
export async function closeEverySession(strapi: Core.Strapi, ctx: Ctx, session: SpaceSession): Promise<number> {
  const { count } = await strapi.db.query(sessionUid).deleteMany({ where: { practitionerDocumentId: session.member.documentId } });
  await strapi.db.query(calendarTokenUid).deleteMany({ where: { practitionerDocumentId: session.member.documentId } });
  ctx.set('Set-Cookie', cookieHeader(ctx, cookieName(ctx, 'espace'), 'deleted-deleted-deleted', 0));
  return count;
}

/** Every session of a member: when the member is made inactive or erased. */
export async function closeSessionsOf(strapi: Core.Strapi, memberDocumentId: string): Promise<number> {
  const { count } = await strapi.db.query(sessionUid).deleteMany({ where: { practitionerDocumentId: memberDocumentId } });
  await strapi.db.query(calendarTokenUid).deleteMany({ where: { practitionerDocumentId: memberDocumentId } });
  return count;
}

const csrfFor = (binding: string) => hmac(`space-csrf:${binding}`);

/** The CSRF token of a signed-in page's forms. */
export function sessionCsrf(session: SpaceSession): string {
  return csrfFor(`session:${session.token}`);
}

/**
 * The CSRF token of a sign-in page's form, bound to the browser's "form" cookie (set here when
 * the browser has none yet).
 */
export function browserCsrf(ctx: Ctx): string {
  const name = cookieName(ctx, 'formulaire');
  let value = readCookie(ctx, name);
  if (!value) {
    value = newToken(24);
    ctx.set('Set-Cookie', cookieHeader(ctx, name, value));
  }
  return csrfFor(`browser:${value}`);
}

function sameToken(expected: string, given: string | undefined): boolean {
  return typeof given === 'string' && /^[a-f0-9]{64}$/.test(given) && safeEqualHex(expected, given);
}

/** A sign-in form's token matches this browser's "form" cookie. */
export function browserCsrfValid(ctx: Ctx, given: string | undefined): boolean {
  const value = readCookie(ctx, cookieName(ctx, 'formulaire'));
  return value !== null && sameToken(csrfFor(`browser:${value}`), given);
}

export function sessionCsrfValid(session: SpaceSession, given: string | undefined): boolean {
  return sameToken(sessionCsrf(session), given);
}
