import type { Core } from '@strapi/strapi';
import { ORGANIZER_ROLE, SUPER_ADMIN_ROLE } from '../editorial/review-status';
import { contentTypeUids } from '@passerelle/shared/content';
import { locales } from '@passerelle/shared/locales';
import { privateContentTypes, staffContentTypes } from '../participation/private-content-types';

const explorer = (verb: string) => `plugin::content-manager.explorer.${verb}`;
const IS_CREATOR = 'admin::is-creator';

interface RoleDefinition {
  code: string;
  name: string;
  description: string;
  permissions: Array<{ action: string; subject?: string; conditions?: string[] }>;
}

const mediaLibrary = (conditions: string[] = []) => [
  { action: 'plugin::upload.read', conditions },
  { action: 'plugin::upload.assets.create' },
  { action: 'plugin::upload.assets.update', conditions },
  { action: 'plugin::upload.assets.download' },
  { action: 'plugin::upload.assets.copy-link' },
];

export const passerelleRoles: RoleDefinition[] = [
  {
    code: 'passerelle-community-organizer',
    name: 'Organisateur·trice communautaire',
    description: 'OC du CISSS/CIUSSS : rédige, révise et publie tous les contenus, en français et en anglais.',
    permissions: [
      ...contentTypeUids.flatMap((subject) =>
        ['create', 'read', 'update', 'delete', 'publish'].map((verb) => ({ action: explorer(verb), subject })),
      ),
      ...mediaLibrary(),
      // The practitioners' space: OCs invite members and make round tables.
      ...staffContentTypes.flatMap((subject) => ['create', 'read', 'update', 'delete'].map((verb) => ({ action: explorer(verb), subject }))),
    ],
  },
  {
    code: 'passerelle-community-group',
    name: 'Groupe communautaire',
    description:
      'Groupe local : propose ses événements et appels à participation ; une OC les révise et les publie.',
    permissions: [
      ...(['api::event.event', 'api::call.call'] as const).flatMap((subject) => [
        { action: explorer('create'), subject },
        { action: explorer('read'), subject, conditions: [IS_CREATOR] },
        { action: explorer('update'), subject, conditions: [IS_CREATOR] },
      ]),
      // Read-only taxonomies so the relation pickers in the editor are not empty.
      ...(['api::neighbourhood.neighbourhood', 'api::topic.topic', 'api::organization.organization'] as const).map(
        (subject) => ({ action: explorer('read'), subject }),
      ),
      ...mediaLibrary([IS_CREATOR]),
    ],
  },
];

/**
 * Fields of public types that are staff routing information, not content: only OCs (who maintain
 * them) and the super admin read them in the Content Manager. Every other role's permissions on
 * these types list every field but these.
 */
export const staffOnlyFields: Readonly<Record<string, readonly string[]>> = {
  'api::neighbourhood.neighbourhood': ['ocEmails'],
};
const STAFF_ROLES: readonly string[] = [SUPER_ADMIN_ROLE, ORGANIZER_ROLE];

function withoutStaffOnlyFields(roleCode: string | undefined, subject: string | null, fields: unknown): unknown {
  const hidden = subject ? staffOnlyFields[subject] : undefined;
  if (!hidden || !Array.isArray(fields) || STAFF_ROLES.includes(roleCode ?? '')) return fields;
  return fields.filter((field) => !hidden.includes(String(field)));
}

/**
 * Creates (once) and then re-applies the two Community Edition roles, so their permissions are
 * exactly what this file says on every boot; then takes residents' data away from every role but
 * super admin (`restrictPrivateData`).
 */
export async function applyAdminRoles(strapi: Core.Strapi): Promise<void> {
  const roleService = strapi.service('admin::role');
  const actionProvider = strapi.service('admin::permission').actionProvider;
  const contentTypeService = strapi.service('admin::content-type');

  for (const definition of passerelleRoles) {
    let role = await strapi.db.query('admin::role').findOne({ where: { code: definition.code } });
    if (!role) {
      role = await roleService.create({ name: definition.name, code: definition.code, description: definition.description });
      strapi.log.info(`[passerelle] created admin role "${definition.name}"`);
    }
    const permissions = definition.permissions.map(({ action, subject, conditions = [] }) => {
      const applies: string[] = actionProvider.get(action)?.options?.applyToProperties ?? [];
      const properties: Record<string, unknown> = {};
      if (subject && applies.includes('fields')) {
        const fields = contentTypeService.getNestedFields(strapi.contentTypes[subject as keyof typeof strapi.contentTypes], {
          components: strapi.components,
        });
        properties.fields = withoutStaffOnlyFields(definition.code, subject, fields);
      }
      if (subject && applies.includes('locales')) properties.locales = [...locales];
      return { action, subject: subject ?? null, properties, conditions };
    });
    await roleService.assignPermissions(role.id, permissions);
  }
  await restrictPrivateData(strapi);
}

type PermissionRow = { id: number; subject: string | null; properties: { fields?: unknown } | null; role: { code?: string } | null };

/**
 * Strapi's stock Editor and Author roles come with full rights on every collection, the private
 * ones included, and any role made later in the admin panel can be given them: assigning such a
 * role would hand a staffer residents' data. At every boot, every role but super admin (the person
 * in charge of personal information) loses its permissions on the private collections and the
 * incident register, and the staff-only fields of public types. Between boots, the permission
 * engine ignores such permissions anyway (`guardPrivateCollections`).
 */
export async function restrictPrivateData(strapi: Core.Strapi): Promise<void> {
  const permissions = strapi.db.query('admin::permission');
  const rows = (await permissions.findMany({
    where: { subject: { $in: [...privateContentTypes, ...staffContentTypes, ...Object.keys(staffOnlyFields)] } },
    select: ['id', 'subject', 'properties'],
    populate: { role: { select: ['code'] } },
  })) as PermissionRow[];
  const privateSubjects = new Set<string>(privateContentTypes);
  const staffSubjects = new Set<string>(staffContentTypes);
  const removed = rows.filter(
    (row) =>
      (privateSubjects.has(row.subject ?? '') && row.role?.code !== SUPER_ADMIN_ROLE) ||
      (staffSubjects.has(row.subject ?? '') && !STAFF_ROLES.includes(row.role?.code ?? '')),
  );
  if (removed.length > 0) {
    await permissions.deleteMany({ where: { id: { $in: removed.map((row) => row.id) } } });
    strapi.log.info(`[passerelle] removed ${removed.length} permission(s) on private collections from roles other than super admin`);
  }
  for (const row of rows) {
    if (privateSubjects.has(row.subject ?? '') || staffSubjects.has(row.subject ?? '')) continue;
    const fields = row.properties?.fields;
    const kept = withoutStaffOnlyFields(row.role?.code, row.subject, fields);
    if (Array.isArray(fields) && Array.isArray(kept) && kept.length !== fields.length) {
      await permissions.update({ where: { id: row.id }, data: { properties: { ...row.properties, fields: kept } } });
    }
  }
}

const SUPER_ADMIN_ONLY = 'passerelle-super-admin-only';
const STAFF_ONLY = 'passerelle-staff-only';

/**
 * Between boots, a role edited in the admin panel may hold a permission on a private collection.
 * Every admin request builds its ability from the user's permissions through Strapi's permission
 * engine; for private collections, this replaces whatever conditions the permission has with one
 * that holds for super admins only, so for anyone else the permission counts for nothing (the
 * Content Manager answers 403, the homepage widgets and relation pickers see nothing). Conditions
 * can only be registered during bootstrap.
 */
export async function guardPrivateCollections(strapi: Core.Strapi): Promise<void> {
  const permissionService = strapi.service('admin::permission');
  await permissionService.conditionProvider.register({
    name: SUPER_ADMIN_ONLY,
    displayName: 'Super-administrateur·trice seulement (données personnelles)',
    category: 'Passerelle',
    handler: (user: { roles?: Array<{ code?: string }> } | undefined) => Boolean(user?.roles?.some((role) => role.code === SUPER_ADMIN_ROLE)),
  });
  // The practitioners' space's members and tables: OCs manage them too.
  await permissionService.conditionProvider.register({
    name: STAFF_ONLY,
    displayName: 'OC ou super-administrateur·trice seulement (espace intervenant·e·s)',
    category: 'Passerelle',
    handler: (user: { roles?: Array<{ code?: string }> } | undefined) => Boolean(user?.roles?.some((role) => STAFF_ROLES.includes(role.code ?? ''))),
  });
  const privateSubjects = new Set<string>(privateContentTypes);
  const staffSubjects = new Set<string>(staffContentTypes);
  permissionService.engine.hooks['format.permission'].register((permission: { subject?: string | null; conditions?: string[] }) => {
    if (permission.subject && privateSubjects.has(permission.subject)) return { ...permission, conditions: [`api::${SUPER_ADMIN_ONLY}`] };
    if (permission.subject && staffSubjects.has(permission.subject)) return { ...permission, conditions: [`api::${STAFF_ONLY}`] };
    return permission;
  });
}
