import type { Core } from '@strapi/strapi';
import { allowsDevDefaults } from '../../config/env-secrets';
import { cmsConfig } from '../config';

/**
 * Development-only credentials, printed at boot so nobody has to guess them. Used only when
 * NODE_ENV is explicitly `development` or `test`: never on a server whose NODE_ENV was forgotten.
 */
export const DEV_ADMIN = { email: 'admin@passerelle.local', password: 'Passerelle-dev-2026!' } as const;

export async function ensureFirstAdmin(strapi: Core.Strapi): Promise<void> {
  const users = strapi.service('admin::user');
  if (await users.exists()) return;

  const development = allowsDevDefaults();
  let { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = cmsConfig().runtime;
  if (!email || !password) {
    if (!development) {
      strapi.log.warn(
        '[passerelle] aucun compte administrateur : définissez ADMIN_EMAIL et ADMIN_PASSWORD, ou créez-le sur /admin ' +
          '(no admin account: set ADMIN_EMAIL and ADMIN_PASSWORD).',
      );
      return;
    }
    email = DEV_ADMIN.email;
    password = DEV_ADMIN.password;
  }
  await users.createFirstAdmin({ email, password, firstname: 'Admin', lastname: 'Passerelle' });
  const shown = password === DEV_ADMIN.password ? ` / mot de passe de développement : ${password}` : '';
  strapi.log.info(`[passerelle] premier administrateur créé : ${email}${shown}`);
}
