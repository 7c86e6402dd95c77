import type { Core } from '@strapi/strapi';
import { localeCodes, publicContentTypes } from '../lib/public-content-types';

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
      ...publicContentTypes.flatMap((subject) =>
        ['create', 'read', 'update', 'delete', 'publish'].map((verb) => ({ action: explorer(verb), subject })),
      ),
      ...mediaLibrary(),
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
 * Creates (once) and then re-applies the two Community Edition roles, so their permissions are
 * exactly what this file says on every boot.
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
        properties.fields = contentTypeService.getNestedFields(strapi.contentTypes[subject as keyof typeof strapi.contentTypes], {
          components: strapi.components,
        });
      }
      if (subject && applies.includes('locales')) properties.locales = [...localeCodes];
      return { action, subject: subject ?? null, properties, conditions };
    });
    await roleService.assignPermissions(role.id, permissions);
  }
}
