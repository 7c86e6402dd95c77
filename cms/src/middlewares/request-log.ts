import type { Core } from '@strapi/strapi';
import { cmsMetrics } from '../operations/metrics';
import { requestIdFor } from '../operations/request-id';
import { routePatternOf } from '../operations/route-pattern';
import { fromTrustedProxy } from '../participation/http/client-ip';
import type { Ctx } from '../participation/http/respond';
import { reportedOutcome } from '../participation/outcomes';

/**
 * `global::request-log`, in place of `strapi::logger` (config/middlewares.ts). For each request:
 * - a request id (a trusted proxy's `X-Request-Id`, else ours), echoed in the answer's `X-Request-Id`;
 * - one log line: `METHOD path (ms) status [request id]`, with the path only — query strings carry
 *   live secrets (the confirmation and cancel links' `jeton`, the code page's `ref`). With
 *   LOG_FORMAT=json the same line also carries method, route pattern, path, status, duration and
 *   request id as fields (cms/src/logging/log-format.ts);
 * - the metrics: the request by route pattern and status, its duration, and what a form did.
 */
type KoaCtx = Ctx & { state: Record<string, unknown>; _matchedRoute?: unknown };

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const metrics = cmsMetrics(strapi);
  return async (ctx: KoaCtx, next: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    const requestId = requestIdFor(ctx.get('x-request-id'), fromTrustedProxy(ctx));
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    let status = 0;
    try {
      await next();
      status = ctx.status;
    } catch (error) {
      // Koa answers an error that reaches it with its own status, 500 unless the error says.
      status = Number((error as { status?: unknown })?.status) || 500;
      throw error;
    } finally {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const route = routePatternOf(ctx);
      metrics.observeRequest({ method: ctx.method, route, status, seconds: ms / 1000 });
      const outcome = reportedOutcome(ctx);
      if (outcome) metrics.countOutcome(outcome.form, outcome.outcome);
      strapi.log.http(`${ctx.method} ${ctx.path} (${Math.ceil(ms)} ms) ${status} [${requestId}]`, {
        request: { method: ctx.method, route, path: ctx.path, status, durationMs: Math.round(ms * 10) / 10, requestId },
      });
    }
  };
};
