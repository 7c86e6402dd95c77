import type { Core } from '@strapi/strapi';

/**
 * `GET /_ready`: whether this instance should get traffic — its boot (migrations, bootstrap) is
 * done, it is not stopping, and its database answers a trivial query within READY_DB_TIMEOUT_MS.
 * A load balancer (nginx) takes the instance out while it answers 503. `GET /_health` (Strapi's
 * own, 204) stays the liveness probe: no database, so a database outage does not get every
 * instance restarted. Bodies say nothing else: no versions, hosts or error text.
 */
export const READY_DB_TIMEOUT_MS = 2_000;

type Knex = { raw(sql: string): PromiseLike<unknown> };

const ready = new WeakSet<object>();
/** One database check at a time per instance: probes during an outage do not pile up connections. */
const inflight = new WeakMap<object, Promise<boolean>>();

export function markReady(strapi: object): void {
  ready.add(strapi);
}

export function markNotReady(strapi: object): void {
  ready.delete(strapi);
}

function databaseAnswers(knex: Knex): Promise<boolean> {
  return Promise.resolve(knex.raw('select 1')).then(
    () => true,
    () => false,
  );
}

export async function isReady(strapi: Core.Strapi, timeoutMs = READY_DB_TIMEOUT_MS): Promise<boolean> {
  if (!ready.has(strapi)) return false;
  let check = inflight.get(strapi);
  if (!check) {
    check = databaseAnswers(strapi.db.connection as unknown as Knex).finally(() => inflight.delete(strapi));
    inflight.set(strapi, check);
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([check, late]);
  } finally {
    clearTimeout(timer);
  }
}

type RouterCtx = { status: number; body: unknown; set(field: string, value: string): void };

/** Beside Strapi's `/_health`, on its router: before any auth, and answered the same to anyone. */
export function registerReadinessRoute(strapi: Core.Strapi): void {
  const router = strapi.server.router as unknown as { get(path: string, handler: (ctx: RouterCtx) => Promise<void>): void };
  router.get('/_ready', async (ctx) => {
    const ok = await isReady(strapi);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = ok ? 200 : 503;
    ctx.body = { status: ok ? 'ready' : 'unavailable' };
  });
}
