import type { Core } from '@strapi/strapi';

/**
 * `global::request-log`, in place of `strapi::logger` (config/middlewares.ts): the same line,
 * `METHOD path (ms) status`, but with the path only. Query strings carry live secrets — the
 * confirmation and cancel links' `jeton`, the code page's `ref` — that must not sit in the logs.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: { method: string; path: string; status: number }, next: () => Promise<unknown>) => {
    const start = Date.now();
    await next();
    strapi.log.http(`${ctx.method} ${ctx.path} (${Math.ceil(Date.now() - start)} ms) ${ctx.status}`);
  };
