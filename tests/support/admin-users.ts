import { expect } from 'vitest';
import { api, type StartedStrapi } from './strapi.ts';

/**
 * Admin users for tests that go through the admin API as the panel does. Strapi allows five login
 * attempts per five minutes per email and address: log each user in once per suite and keep the JWT.
 */
export const ADMIN_TEST_PASSWORD = 'Admin-users-test-2026!';

export async function adminLogin(app: StartedStrapi, email: string, password = ADMIN_TEST_PASSWORD): Promise<string> {
  const { status, body } = await api(app.baseUrl, '/admin/login', { body: { email, password } });
  expect(status, `login ${email}`).toBe(200);
  return body.data.token as string;
}

/** Creates an active admin user in the role with this code (stock or Passerelle) and logs it in. */
export async function adminUserToken(app: StartedStrapi, roleCode: string, email: string): Promise<string> {
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  expect(role, `admin role ${roleCode}`).toBeTruthy();
  await app.strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: roleCode,
    password: ADMIN_TEST_PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  return adminLogin(app, email);
}

/** The Content Manager's collection-type API, as the admin panel calls it. */
export const contentManagerPath = (uid: string, rest = '') => `/content-manager/collection-types/${uid}${rest}`;
