import { z } from 'zod';
import { cmsConfig } from '../config';

/**
 * The publisher's build status, read server-side for the admin homepage widget "Publication du
 * site". The browser never talks to the publisher: it lives on a private network and its page
 * shows build logs. Only the fields the widget shows are validated, so a newer publisher that adds
 * fields keeps working; a publisher that is unset, down, slow or answering nonsense gives
 * `{ reachable: false, reason }` — never an error page in the admin.
 */
const TIMEOUT_MS = 2_000;
const LOG_TAIL_CHARS = 2_000;

const attempt = z.object({ id: z.string(), finishedAt: z.string(), pageCount: z.number().optional() });

export const publisherStatusSchema = z.object({
  current: z.string().nullable(),
  lastSuccess: attempt.nullable(),
  lastFailure: attempt.extend({ reason: z.string(), logTail: z.string().default('') }).nullable(),
  recent: z.array(z.object({ id: z.string(), ok: z.boolean(), finishedAt: z.string() })).default([]),
  queue: z.object({ state: z.enum(['idle', 'waiting', 'building', 'building-then-again']), pending: z.array(z.string()) }),
  building: z.object({ id: z.string(), startedAt: z.string(), reasons: z.array(z.string()) }).nullable(),
});

export type PublisherStatusAnswer =
  | { reachable: false; reason: 'not-configured' | 'unreachable' | 'invalid-answer'; checkedAt: string }
  | {
      reachable: true;
      checkedAt: string;
      statusPageUrl: string;
      /** The build the site serves now and when it finished (null when no build is live yet). */
      live: { id: string; finishedAt: string | null } | null;
      lastSuccess: { id: string; finishedAt: string; pageCount: number | null } | null;
      lastFailure: { id: string; finishedAt: string; reason: string; logTail: string } | null;
      /** The last failure is newer than the last success: the site shows an older version. */
      failedLast: boolean;
      queue: { state: z.infer<typeof publisherStatusSchema>['queue']['state']; pending: number };
      building: { id: string; startedAt: string } | null;
    };

/**
 * PUBLISHER_URL is the webhook address (`http://host:port/webhooks/strapi`, docs/configuration.md); the status
 * lives next to it at `/status.json` and `/status`. A URL without that suffix is taken as the
 * publisher's base address.
 */
export function publisherBaseUrl(env: { PUBLISHER_URL?: string } = cmsConfig().publishing): string | null {
  const raw = env.PUBLISHER_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/webhooks\/strapi$/, '');
  return `${url.origin}${path}`;
}

export async function readPublisherStatus(env: { PUBLISHER_URL?: string } = cmsConfig().publishing, now = new Date()): Promise<PublisherStatusAnswer> {
  const checkedAt = now.toISOString();
  const base = publisherBaseUrl(env);
  if (!base) return { reachable: false, reason: 'not-configured', checkedAt };

  let body: unknown;
  try {
    const response = await fetch(`${base}/status.json`, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    if (!response.ok) return { reachable: false, reason: 'unreachable', checkedAt };
    body = await response.json();
  } catch (error) {
    // A body that is not JSON is the publisher's fault; a refused connection or timeout is not.
    const invalid = error instanceof SyntaxError;
    return { reachable: false, reason: invalid ? 'invalid-answer' : 'unreachable', checkedAt };
  }
  const parsed = publisherStatusSchema.safeParse(body);
  if (!parsed.success) return { reachable: false, reason: 'invalid-answer', checkedAt };
  return summarize(parsed.data, `${base}/status`, checkedAt);
}

function summarize(status: z.infer<typeof publisherStatusSchema>, statusPageUrl: string, checkedAt: string): PublisherStatusAnswer {
  const { current, lastSuccess, lastFailure } = status;
  const liveFinishedAt =
    current === null
      ? null
      : lastSuccess?.id === current
        ? lastSuccess.finishedAt
        : (status.recent.find((r) => r.id === current && r.ok)?.finishedAt ?? null);
  return {
    reachable: true,
    checkedAt,
    statusPageUrl,
    live: current === null ? null : { id: current, finishedAt: liveFinishedAt },
    lastSuccess: lastSuccess && { id: lastSuccess.id, finishedAt: lastSuccess.finishedAt, pageCount: lastSuccess.pageCount ?? null },
    lastFailure: lastFailure && {
      id: lastFailure.id,
      finishedAt: lastFailure.finishedAt,
      reason: lastFailure.reason,
      logTail: lastFailure.logTail.slice(-LOG_TAIL_CHARS),
    },
    failedLast: lastFailure !== null && (lastSuccess === null || lastFailure.finishedAt > lastSuccess.finishedAt),
    queue: { state: status.queue.state, pending: status.queue.pending.length },
    building: status.building && { id: status.building.id, startedAt: status.building.startedAt },
  };
}
