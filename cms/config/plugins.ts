import type { Core } from '@strapi/strapi';
import { requiredSecret } from './env-secrets';

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const production = env('NODE_ENV') === 'production';
  return {
    graphql: {
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        landingPage: !production,
        // Public, anonymous API: keep one request cheap. The site loader pages at 200.
        depthLimit: 6,
        defaultLimit: 100,
        maxLimit: 200,
        apolloServer: { introspection: !production },
      },
    },
    'users-permissions': {
      config: {
        jwtSecret: requiredSecret(env, 'JWT_SECRET', 'dev-only-users-permissions-jwt-secret'),
        jwt: { expiresIn: '7d' },
        // Residents never sign up: accounts are for editors, who use the admin panel.
        register: { allowedFields: [] },
      },
    },
    i18n: {
      config: { defaultLocale: 'fr' },
    },
  };
};
