import type { Core } from '@strapi/strapi';
import { withLimitLock as withLocks } from '../limit-lock';
import { practitionerUid } from './sessions';

/**
 * The space's locks (docs/decisions/0045-limits-hold-under-bursts.md), on the shared helper
 * (../limit-lock.ts):
 *
 * - `{ member }`: the member's own row, `SELECT … FOR UPDATE` — the limits of what one member does;
 * - `{ key }`: an advisory lock on a name — a contact or an address asking to sign in, a contact
 *   being invited, who may not be a member.
 */
export type LimitLock = { member: string } | { key: string };

/** Runs `work` (its counts and its writes) in one transaction, after the locks that serialise it. */
export async function withLimitLock<T>(strapi: Core.Strapi, locks: LimitLock[], work: () => Promise<T>): Promise<T> {
  return withLocks(
    strapi,
    locks.map((item) => ('member' in item ? { row: { uid: practitionerUid, documentId: item.member } } : item)),
    work,
  );
}
