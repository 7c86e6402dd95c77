import type { IncomingMessage } from 'node:http';

/** What every write-path answer carries: no caching of personal data, our own strict CSP. */
const headers = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/** The few members of Koa's context the write path uses (Koa's types are not a cms dependency). */
export interface Ctx {
  method: string;
  path: string;
  querystring: string;
  req: IncomingMessage;
  ip: string;
  status: number;
  type: string;
  body: unknown;
  /** Koa's per-request state: the route pattern and the form's outcome, for the request log and metrics. */
  state?: Record<string, unknown>;
  get(field: string): string;
  set(field: string | Record<string, string>, value?: string): void;
}

export function sendHtml(ctx: Ctx, status: number, html: string): void {
  ctx.status = status;
  ctx.set(headers);
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = html;
}

export function seeOther(ctx: Ctx, location: string): void {
  ctx.status = 303;
  ctx.set(headers);
  ctx.set('Location', location);
  ctx.body = '';
}

/** A page's address typed without its last slash: for good, to the one with it. */
export function movedPermanently(ctx: Ctx, location: string): void {
  ctx.status = 301;
  ctx.set(headers);
  ctx.set('Location', location);
  ctx.body = '';
}

export function sendJson(ctx: Ctx, status: number, body: unknown, cacheSeconds = 0): void {
  ctx.status = status;
  ctx.set(headers);
  ctx.set('Cache-Control', cacheSeconds > 0 ? `public, max-age=${cacheSeconds}` : 'no-store');
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = JSON.stringify(body);
}

/** A bodiless answer (a provider's webhook reads only the status). */
export function sendStatus(ctx: Ctx, status: number): void {
  ctx.status = status;
  ctx.set(headers);
  ctx.body = '';
}

/** An iCalendar file: private like every page of the space (no-store), offered as a download. */
export function sendCalendar(ctx: Ctx, filename: string, ics: string): void {
  ctx.status = 200;
  ctx.set(headers);
  ctx.set('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`);
  ctx.type = 'text/calendar; charset=utf-8';
  ctx.body = ics;
}
