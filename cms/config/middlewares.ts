export default [
  'global::request-log',
  'strapi::errors',
  // The residents' write path (/participer/): its own body limit (16 KB), HTML answers, no JSON.
  'global::participation',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // Urlencoded bodies elsewhere get the same 16 KB ceiling as the write path.
  { name: 'strapi::body', config: { formLimit: '16kb' } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
