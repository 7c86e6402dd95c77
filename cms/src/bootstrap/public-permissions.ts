import type { Core } from '@strapi/strapi';
import { contentTypeUids } from '@passerelle/shared/content';
import { privateContentTypes, staffContentTypes } from '../participation/private-content-types';

/** Everything the anonymous public may do: read the eight public types. Nothing else. */
export const publicActions: string[] = contentTypeUids.flatMap((uid) => [`${uid}.find`, `${uid}.findOne`]);

// A private collection listed as public by mistake stops the boot instead of leaking people's data.
const leaked = publicActions.filter((action) => [...privateContentTypes, ...staffContentTypes].some((uid) => action.startsWith(`${uid}.`)));
if (leaked.length > 0) throw new Error(`Public permissions must never include private collections: ${leaked.join(', ')}`);

/**
 * Rewrites the Public role's permissions on every boot so they equal `publicActions`: a permission
 * ticked by mistake in the admin panel (upload, users, create…) is removed at the next start.
 * Residents have no accounts, so self-registration is switched off as well.
 */
export async function applyPublicPermissions(strapi: Core.Strapi): Promise<void> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('users-permissions Public role is missing');

  const permissionQuery = strapi.db.query('plugin::users-permissions.permission');
  const current: Array<{ id: number; action: string }> = await permissionQuery.findMany({
    where: { role: role.id },
    select: ['id', 'action'],
  });
  const extra = current.filter((p) => !publicActions.includes(p.action));
  if (extra.length > 0) {
    await permissionQuery.deleteMany({ where: { id: { $in: extra.map((p) => p.id) } } });
    strapi.log.info(`[passerelle] removed ${extra.length} extra Public permission(s): ${extra.map((p) => p.action).join(', ')}`);
  }
  const have = new Set(current.map((p) => p.action));
  for (const action of publicActions) {
    if (!have.has(action)) await permissionQuery.create({ data: { action, role: role.id } });
  }

  const store = strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' });
  const advanced = ((await store.get()) ?? {}) as Record<string, unknown>;
  if (advanced.allow_register !== false) await store.set({ value: { ...advanced, allow_register: false } });
}
