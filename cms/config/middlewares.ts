import type { Core } from '@strapi/strapi';
import { ourOrigins } from '../src/participation/http/origins';

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  // Strapi's default CORS reflects any Origin with credentials: a page on any site could then use
  // an editor's refresh cookie (POST /admin/access-token) and read the token. Our origins only.
  const origins = ourOrigins({
    PUBLIC_URL: env('PUBLIC_URL', ''),
    PUBLIC_SITE_URL: env('PUBLIC_SITE_URL', ''),
    ALLOWED_ORIGINS: env('ALLOWED_ORIGINS', ''),
  }).all;
  return [
    // Who the client is, once, for everything below (src/middlewares/client-address.ts).
    'global::client-address',
    // Method, path and status only: query strings carry tokens (src/middlewares/request-log.ts).
    'global::request-log',
    'strapi::errors',
    // The residents' write path (/participer/): its own body limit (16 KB), HTML answers, no JSON.
    'global::participation',
    'strapi::security',
    { name: 'strapi::cors', config: { origin: origins, credentials: true } },
    'strapi::poweredBy',
    'strapi::query',
    // Urlencoded bodies elsewhere get the same 16 KB ceiling as the write path.
    { name: 'strapi::body', config: { formLimit: '16kb' } },
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};
