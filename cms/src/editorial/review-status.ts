import { z } from 'zod';

/**
 * The "to review" state (Community Edition has no review workflows): a non-localized enum on the
 * types a community group may draft. Kept out of the site's GraphQL selections on purpose.
 */
export const REVIEWED_TYPES = ['api::event.event', 'api::call.call'] as const;
export type ReviewedType = (typeof REVIEWED_TYPES)[number];

export const isReviewedType = (uid: string): uid is ReviewedType => (REVIEWED_TYPES as readonly string[]).includes(uid);

export const reviewStatuses = ['draft', 'to_review', 'changes_requested', 'approved'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/** Role codes from bootstrap/admin-roles.ts, plus Strapi's own super admin. */
export const ORGANIZER_ROLE = 'passerelle-community-organizer';
export const GROUP_ROLE = 'passerelle-community-group';
export const SUPER_ADMIN_ROLE = 'strapi-super-admin';

/** Statuses only a reviewer may set: a group marks its draft ready, an OC decides. */
export const reviewerOnlyStatuses: readonly ReviewStatus[] = ['changes_requested', 'approved'];

export const typeLabels: Record<ReviewedType, { fr: string; en: string; key: 'event' | 'call' }> = {
  'api::event.event': { fr: 'événement', en: 'event', key: 'event' },
  'api::call.call': { fr: 'appel à participation', en: 'call to participate', key: 'call' },
};

const adminUser = z.object({
  id: z.union([z.number(), z.string()]),
  firstname: z.string().nullish(),
  lastname: z.string().nullish(),
  email: z.string().nullish(),
  roles: z.array(z.object({ code: z.string() })).default([]),
});
export type AdminUser = z.infer<typeof adminUser>;

/** What Strapi's auth leaves on a request's `state`: only the parts we read (the user is checked by `adminUser`). */
export interface RequestState {
  user?: unknown;
  userAbility?: unknown;
  auth?: { strategy?: { name?: string } };
}

/** The admin user behind the current request, if the request came through the admin API. */
export function currentAdminUser(request: { state?: RequestState } | undefined): AdminUser | undefined {
  const state = request?.state;
  if (!state?.user || state.auth?.strategy?.name !== 'admin') return undefined;
  const parsed = adminUser.safeParse(state.user);
  return parsed.success ? parsed.data : undefined;
}

export const isReviewer = (user: AdminUser) => user.roles.some((r) => r.code === ORGANIZER_ROLE || r.code === SUPER_ADMIN_ROLE);

export const displayName = (user: { firstname?: string | null; lastname?: string | null; email?: string | null } | null | undefined) =>
  [user?.firstname, user?.lastname].filter(Boolean).join(' ') || user?.email || 'inconnu·e (unknown)';
