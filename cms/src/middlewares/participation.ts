import type { Core } from '@strapi/strapi';
import { participationMiddleware } from '../participation/http/router';

/** `global::participation` in config/middlewares.ts, placed before strapi::body (see router.ts). */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => participationMiddleware(strapi);
