import { hostname } from 'node:os';
import { randomBytes, createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { cmsConfig } from '../../config';
import { claimDueMessages, outboxTable, type ClaimedMessage } from './claim';
import { messageTransports, onMessageQueued } from './send';
import type { OutboxSettings } from './settings';
import { SmsSendError } from './sms-provider';
import { htmlFromText } from './email-html';
import { isOptedOut } from '../sms/opt-outs';

/**
 * The worker inside each CMS process: claims due messages (messages/claim.ts), sends each with the
 * transport of its channel, and records the outcome.
 * - sent: the provider took it; its id is kept, and the recipient, subject, text and attachments
 *   are erased at once (Law 25: what stays is the kind, the recipient's hash, status and times);
 * - a retryable failure (SMS provider 429/5xx or unreachable, SMTP 4xx or connection trouble):
 *   pending again after an exponential backoff with jitter, until `maxAttempts`;
 * - anything else, or the last try: dead, with the provider's error codes only, for the OCs'
 *   admin widget (which can send it again).
 *
 * Delivery is at least once: a process that dies after the provider accepted a message but before
 * it recorded so leaves the message claimed; once the lease runs out another process sends it
 * again. Twilio takes no idempotency key, so that window (one send's duration) can deliver a
 * message twice; email carries a Message-ID derived from the key, which mail systems deduplicate.
 */
export interface DeliveryOutcome {
  sent: number;
  retried: number;
  dead: number;
}

/**
 * Exponential backoff with "equal jitter": between half and all of base·2^(tries−1), capped at
 * `maxMs` (OUTBOX_RETRY_MAX_MS), which bounds how long the queue waits once a provider is back.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

export interface Failure {
  retryable: boolean;
  /** Codes only: provider, HTTP/SMTP status, error code. Never an address, a number or text. */
  code: string;
}

export function classifyFailure(channel: 'email' | 'sms', error: unknown): Failure {
  if (channel === 'sms') {
    if (error instanceof SmsSendError) return { retryable: error.retryable, code: error.message.slice(0, 200) };
    return { retryable: true, code: 'sms: unexpected error' };
  }
  // nodemailer's messages quote the refused address: keep only its codes.
  const { code, responseCode, command } = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  const parts = [typeof code === 'string' ? code : null, typeof responseCode === 'number' ? `SMTP ${responseCode}` : null, typeof command === 'string' ? command : null];
  const text = `smtp: ${parts.filter(Boolean).join(', ') || 'unknown error'}`.slice(0, 200);
  // 5xx is a permanent refusal (RFC 5321); 4xx and connection trouble may pass later.
  if (typeof responseCode === 'number') return { retryable: responseCode < 500, code: text };
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return { retryable: false, code: text };
  return { retryable: true, code: text };
}

/** `<hash@domain>`: stable per message, so a mail system can drop a second copy. */
export function messageIdFor(idempotencyKey: string): string {
  const from = cmsConfig().messages.EMAIL_FROM;
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'passerelle.local';
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

async function send(strapi: Core.Strapi, message: ClaimedMessage): Promise<{ provider: string; id: string }> {
  if (!message.recipient || message.body === null) throw new SmsSendError('outbox', null, null, false, 'message without recipient or text');
  const transports = messageTransports();
  if (message.channel === 'sms') {
    const receipt = await transports.sms.send({ to: message.recipient, body: message.body });
    return { provider: transports.sms.name, id: receipt.id };
  }
  const messageId = messageIdFor(message.idempotencyKey);
  await strapi
    .plugin('email')
    .service('email')
    .send({
      to: message.recipient,
      subject: message.subject ?? '',
      text: message.body,
      html: htmlFromText(message.body),
      attachments: message.attachments ?? [],
      messageId,
      headers: listUnsubscribeHeaders(message.kind, message.body),
    });
  return { provider: transports.emailProvider, id: messageId };
}

/**
 * Alerts carry RFC 2369's `List-Unsubscribe` with their stop link, and RFC 8058's one-click
 * `List-Unsubscribe-Post`: mail apps show an "unsubscribe" button that posts to the link, which
 * stops the alert at once (participation/alerts/handlers.ts). The link is the one the text ends with.
 */
export function listUnsubscribeHeaders(kind: string, body: string): Record<string, string> {
  if (kind !== 'alert-digest' && kind !== 'alert-new-item') return {};
  const links = body.match(/https?:\/\/\S+\/participer\/alertes\/arreter\?\S+/g);
  const link = links?.[links.length - 1];
  return link ? { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
}

/** Sends one claimed message and records what happened, if this owner still holds it. */
export async function deliver(strapi: Core.Strapi, owner: string, message: ClaimedMessage, settings: OutboxSettings): Promise<'sent' | 'retried' | 'dead'> {
  const { table, column } = outboxTable(strapi);
  const knex = strapi.db.connection;
  const mine = () => knex(table).where('id', message.id).andWhere(column('leaseOwner'), owner);
  // Opted out after this message was queued (ARRET/STOP): it never leaves, and its text goes now.
  if (message.channel === 'sms' && message.recipient && message.kind !== 'sms-opt-out-confirmation' && (await isOptedOut(strapi, message.recipient))) {
    await mine().update({
      [column('deliveryStatus')]: 'dead',
      [column('lastError')]: 'recipient opted out (ARRET/STOP)',
      [column('updatedAt')]: new Date(),
      [column('leaseOwner')]: null,
      [column('leaseUntilMs')]: null,
      [column('recipient')]: null,
      [column('body')]: null,
    });
    return 'dead';
  }
  try {
    const receipt = await send(strapi, message);
    await mine().update({
      [column('deliveryStatus')]: 'sent',
      [column('providerName')]: receipt.provider,
      [column('providerMessageId')]: receipt.id,
      [column('sentAt')]: new Date(),
      [column('updatedAt')]: new Date(),
      [column('lastError')]: null,
      [column('leaseOwner')]: null,
      [column('leaseUntilMs')]: null,
      // Law 25: sent, so nothing of the message itself is needed any more.
      [column('recipient')]: null,
      [column('subject')]: null,
      [column('body')]: null,
      [column('attachments')]: null,
    });
    return 'sent';
  } catch (error) {
    const failure = classifyFailure(message.channel, error);
    const dead = !failure.retryable || message.attempts >= settings.maxAttempts;
    await mine().update({
      [column('deliveryStatus')]: dead ? 'dead' : 'pending',
      [column('lastError')]: failure.code,
      [column('updatedAt')]: new Date(),
      [column('nextAttemptAtMs')]: Date.now() + (dead ? 0 : retryDelayMs(message.attempts, settings.retryBaseMs, settings.retryMaxMs)),
      [column('leaseOwner')]: null,
      [column('leaseUntilMs')]: null,
    });
    const log = dead ? strapi.log.error.bind(strapi.log) : strapi.log.warn.bind(strapi.log);
    log(`[messages] ${message.kind} ${message.channel} #${message.id} try ${message.attempts}: ${failure.code}; ${dead ? 'dead (shown to OCs in the admin)' : 'will retry'}`);
    return dead ? 'dead' : 'retried';
  }
}

/** Claims and sends until nothing is due. */
export async function drainOutbox(strapi: Core.Strapi, owner: string, settings: OutboxSettings): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { sent: 0, retried: 0, dead: 0 };
  for (;;) {
    const claimed = await claimDueMessages(strapi, owner, { leaseMs: settings.leaseMs });
    if (claimed.length === 0) return outcome;
    for (const message of claimed) outcome[await deliver(strapi, owner, message, settings)] += 1;
  }
}

export function newWorkerId(): string {
  return `${hostname().slice(0, 32)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export interface OutboxWorker {
  readonly owner: string;
  /** Resolves once the current round, if any, is over; no round starts after. */
  stop(): Promise<void>;
}

/**
 * Polls every `pollMs` and whenever a message is committed. One round at a time in a process;
 * a round that fails (database briefly away) is logged and the next poll tries again.
 */
export function startOutboxWorker(strapi: Core.Strapi, settings: OutboxSettings, owner: string = newWorkerId()): OutboxWorker {
  let stopped = false;
  let round: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  const run = (): void => {
    if (stopped) return;
    if (round) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    round = drainOutbox(strapi, owner, settings)
      .then(() => undefined)
      .catch((error: unknown) => {
        strapi.log.error(`[messages] outbox round failed: ${(error as { code?: string })?.code ?? (error as Error)?.name ?? 'error'}`);
      })
      .finally(() => {
        round = null;
        if (stopped) return;
        if (again) {
          again = false;
          setImmediate(run);
        } else timer = setTimeout(run, settings.pollMs);
      });
  };
  const unsubscribe = onMessageQueued(run);
  timer = setTimeout(run, 0);

  return {
    owner,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}
