import type { Core } from '@strapi/strapi';
import { allowsDevDefaults, requiredSecret } from './env-secrets';
import { parseCmsEnv } from '../src/config';
import { smtpSchema } from '../src/config/schema';

/**
 * Outside development, GET /graphql in a browser gets this instead of a landing page. (Apollo's
 * "production" landing page still loads its script from Apollo's CDN and links to its explorer.)
 */
const noLandingPage = {
  async serverWillStart() {
    return {
      async renderLandingPage() {
        return {
          html:
            '<!doctype html><html lang="fr-CA"><meta charset="utf-8"><title>GraphQL</title>' +
            '<p>API GraphQL de Passerelle : envoyez vos requêtes en POST. / Passerelle GraphQL API: send queries with POST.</p></html>',
        };
      },
    };
  },
};

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  // Developer tools (the Apollo Sandbox landing page, introspection, stack traces in errors) only
  // where development defaults are allowed: not "anything but production", which includes staging.
  const devTools = allowsDevDefaults();
  const mail = parseCmsEnv(smtpSchema, process.env);
  return {
    graphql: {
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        landingPage: devTools ? true : () => noLandingPage,
        // Public, anonymous API: keep one request cheap. The site loader pages at 200.
        depthLimit: 6,
        defaultLimit: 100,
        maxLimit: 200,
        apolloServer: {
          introspection: devTools,
          includeStacktraceInErrorResponses: devTools,
          // Apollo's own CORS would answer `*` to any page; strapi::cors (our origins only,
          // config/middlewares.ts) has already run for this route.
          cors: false,
        },
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
    upload: {
      config: {
        // Phone photos are 3–8 MB; 15 MB leaves room without inviting videos.
        sizeLimit: 15 * 1024 * 1024,
        // The site uses at most the 500 px format (and 320 px for small screens); Strapi's default
        // 750/1000 px formats would only cost disk space and upload time.
        breakpoints: { small: 500, xsmall: 320 },
        // Checked on the detected type, not the declared one. Only pictures sharp can re-encode (so
        // their metadata can be stripped): HEIC is refused with a message rather than stored with its
        // GPS, and SVG (scripts) is refused outright. Nothing in the content types takes other files.
        security: { allowedTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'] },
      },
    },
    i18n: {
      config: { defaultLocale: 'fr' },
    },
    // SMTP when SMTP_HOST is set; otherwise bootstrap swaps in the dev outbox (src/participation/messages).
    email: {
      config: mail.SMTP_HOST
        ? {
            provider: 'nodemailer',
            providerOptions: {
              host: mail.SMTP_HOST,
              port: mail.SMTP_PORT,
              secure: mail.SMTP_SECURE,
              ...(mail.SMTP_USER ? { auth: { user: mail.SMTP_USER, pass: mail.SMTP_PASSWORD ?? '' } } : {}),
            },
            settings: {
              defaultFrom: mail.EMAIL_FROM,
              // Without EMAIL_FROM, replies go to the bare no-reply address, as they always have.
              defaultReplyTo: mail.EMAIL_REPLY_TO ?? (env('EMAIL_FROM') ? mail.EMAIL_FROM : 'no-reply@passerelle.local'),
            },
          }
        : {
            provider: 'sendmail', // never used: replaced by the outbox at bootstrap
            settings: { defaultFrom: mail.EMAIL_FROM },
          },
    },
  };
};
