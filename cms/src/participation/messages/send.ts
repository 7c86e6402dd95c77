import type { Core } from '@strapi/strapi';
import { canonicalEmail, fitSmsKeepingLink, normaliseEmail, normalisePhone } from '@passerelle/shared/participation';
import { hmac } from '../crypto';
import { appendToOutbox } from './outbox';
import { outboxEmailProvider } from './outbox-email-provider';
import type { MessageSettings } from './settings';
import type { SmsProvider } from './sms-provider';
import { telnyxSmsProvider } from './telnyx';
import { twilioSmsProvider } from './twilio';
import { isOptedOut } from '../sms/opt-outs';

/**
 * The two ways the write path talks to residents, through the durable outbox: a message is a row
 * of `outbound-message` written in the same database transaction as what caused it (a signature,
 * a registration, a promotion from the waiting list…), and the worker of every CMS process
 * (messages/worker.ts) sends it a moment later. So a slow or absent mail server or SMS provider
 * never loses a resident's confirmation and never slows their page: the request commits, the
 * message waits for the provider, retried with backoff.
 *
 * Emails leave through Strapi's email plugin (SMTP via nodemailer, or the dev outbox in
 * development); text messages through an `SmsProvider` (Twilio or Telnyx, or the dev outbox), both chosen
 * at boot from `MessageSettings`.
 */
export const outboxUid = 'api::participation.outbound-message';

/** What a message is for: kept after sending (with the status and times), never its text. */
export type MessageKind =
  | 'petition-confirmation'
  | 'petition-already-signed'
  | 'rsvp-confirmation'
  | 'rsvp-resend'
  | 'waiting-list-promotion'
  /** The day before the event (events/reminders.ts): one per registration and event date. */
  | 'event-reminder'
  /** An event published cancelled (events/cancellation.ts): one per registration and channel. */
  | 'event-cancelled'
  | 'interest-forward'
  | 'proposal-notification'
  | 'proposal-published'
  | 'review-request'
  | 'review-changes-requested'
  /** The answer to a resident's text message (participation/sms/). */
  | 'sms-reply'
  /** An item, or the places to get online just heard, the phone line was asked to send by text (participation/voice/). */
  | 'voice-item'
  /** "You will receive nothing more": the one message a number that texted ARRET/STOP still gets. */
  | 'sms-opt-out-confirmation'
  /** Alerts by neighbourhood (participation/alerts/): the double opt-in, the weekly digest, a new item right away. */
  | 'alert-confirmation'
  | 'alert-digest'
  | 'alert-new-item'
  /** A petition's or consultation's outcome, once per person who asked for news and per revision (participation/outcome-news.ts). */
  | 'outcome'
  /** A sign-in link or code for the practitioners' space (participation/space/). */
  | 'space-sign-in'
  /** A meeting's agenda, or its minutes, sent to each member of its table on the coordination's explicit action (participation/space/meeting-mailings.ts). */
  | 'space-agenda'
  | 'space-minutes'
  /** An invitation to a round table, with a one-time link that signs in (participation/space/invitations.ts). */
  | 'space-invitation'
  /** Requests for a hand in the space (participation/space/hands-notices.ts): a new request, a reply, the weekly digest. */
  | 'space-hand'
  | 'space-hand-reply'
  | 'space-hand-digest'
  /** A message in a table's or a resource's thread (participation/space/hands-notices.ts), told at once. */
  | 'space-thread'
  /** A seat at a members-only peer session, freed and given to the next on its waiting list (participation/space/peer-sessions.ts). */
  | 'space-peer-seat'
  /** Everyone registered or waiting for a peer session, told once when its date or place changes, or when it is cancelled or deleted. */
  | 'space-peer-changed'
  | 'space-peer-cancelled'
  /** A member who has not signed in for a long time, told once per period that signing in keeps their account (participation/space/inactive-members.ts). */
  | 'space-inactive-warning';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

/**
 * What makes a message unique: its kind and what caused it (a signature's id and its new token,
 * a registration's id…). The same key twice is the same message: the unique index refuses it.
 * It also goes to providers that deduplicate (the email's Message-ID).
 */
export interface MessageOrigin {
  kind: MessageKind;
  key: string;
}

export const outboxSmsProvider: SmsProvider = {
  name: 'dev-outbox',
  async send({ to, body }) {
    return { id: appendToOutbox({ channel: 'sms', to, text: body }).id };
  },
};

type Log = Pick<Core.Strapi['log'], 'warn' | 'error' | 'info'>;

let smsProvider: SmsProvider = outboxSmsProvider;
let emailProviderName = 'dev-outbox';
let log: Log = { warn: (m: string) => console.warn(m), error: (m: string) => console.error(m), info: (m: string) => console.info(m) } as Log;
const wakeListeners = new Set<() => void>();

function smsProviderFor(sms: MessageSettings['sms']): SmsProvider {
  if (sms.provider === 'twilio') return twilioSmsProvider(sms);
  if (sms.provider === 'telnyx') return telnyxSmsProvider(sms);
  return outboxSmsProvider;
}

/** bootstrap(): installs the transports the settings name. */
export function configureMessages(strapi: Core.Strapi, settings: MessageSettings): void {
  log = strapi.log;
  if (settings.email === 'dev-outbox') strapi.plugin('email').provider = outboxEmailProvider;
  emailProviderName = settings.email === 'dev-outbox' ? 'dev-outbox' : 'smtp';
  smsProvider = smsProviderFor(settings.sms);
}

/** The transports the worker sends through. */
export function messageTransports(): { sms: SmsProvider; emailProvider: string } {
  return { sms: smsProvider, emailProvider: emailProviderName };
}

/** The worker listens here so a committed message leaves at once rather than at the next poll. */
export function onMessageQueued(listener: () => void): () => void {
  wakeListeners.add(listener);
  return () => wakeListeners.delete(listener);
}

export function wakeOutboxWorkers(): void {
  for (const wake of wakeListeners) wake();
}

/** The recipient as it is kept once the message is sent: a keyed hash, for erasure by person. */
export function recipientHash(channel: 'email' | 'sms', to: string): string {
  if (channel === 'sms') return hmac(`sms:${normalisePhone(to) ?? to}`);
  const email = normaliseEmail(to);
  return hmac(`email:${email ? canonicalEmail(email) : to.toLowerCase()}`);
}

async function enqueue(
  strapi: Core.Strapi,
  channel: 'email' | 'sms',
  origin: MessageOrigin,
  message: { to: string; subject?: string; text: string; attachments?: EmailMessage['attachments'] },
): Promise<void> {
  const now = Date.now();
  // Joins the caller's transaction when there is one (Strapi keeps it per async context), so the
  // message exists exactly when the row that caused it does; a rollback takes both.
  await strapi.db.transaction(async ({ onCommit }) => {
    await strapi.db.query(outboxUid).create({
      data: {
        channel,
        messageKind: origin.kind,
        idempotencyKey: `${origin.kind}:${channel}:${origin.key}`,
        recipient: message.to,
        recipientHash: recipientHash(channel, message.to),
        subject: message.subject ?? null,
        body: message.text,
        attachments: message.attachments && message.attachments.length > 0 ? message.attachments : null,
        deliveryStatus: 'pending',
        attempts: 0,
        nextAttemptAtMs: now,
        queuedAtMs: now,
      },
    });
    onCommit(wakeOutboxWorkers);
  });
}

/**
 * Marks as superseded the messages of one origin still waiting in the outbox (keys starting with
 * `kind:channel:keyPrefix:`), in the caller's transaction, erasing their recipient and body: a
 * message being sent right now (`sending`) is left to finish.
 */
export async function supersedePending(strapi: Core.Strapi, channel: 'email' | 'sms', origin: { kind: MessageOrigin['kind']; key: string }): Promise<number> {
  const prefix = `${origin.kind}:${channel}:${origin.key}:`;
  const { count } = await strapi.db.query(outboxUid).updateMany({
    where: { idempotencyKey: { $startsWith: prefix }, deliveryStatus: 'pending' },
    data: { deliveryStatus: 'superseded', recipient: null, subject: null, body: null, attachments: null },
  });
  return count;
}

/** Queues one email, in the caller's transaction. */
export async function queueEmail(strapi: Core.Strapi, origin: MessageOrigin, message: EmailMessage): Promise<void> {
  await enqueue(strapi, 'email', origin, message);
}

/**
 * Queues one text message, in the caller's transaction; `false` (and a log line without personal
 * data) when the number cannot receive one, or opted out of every text (ARRET/STOP: sms/opt-outs.ts).
 */
export async function queueSms(strapi: Core.Strapi, origin: MessageOrigin, to: string, text: string): Promise<boolean> {
  const e164 = normalisePhone(to);
  if (!e164) {
    log.error('[messages] text message not queued: the number is not a North-American number');
    return false;
  }
  if (origin.kind !== 'sms-opt-out-confirmation' && (await isOptedOut(strapi, e164))) {
    log.info(`[messages] ${origin.kind} text message not queued: the number opted out (ARRET/STOP)`);
    return false;
  }
  // Never more than three segments (shared/src/participation/sms-length.ts): a link ending the text stays whole.
  await enqueue(strapi, 'sms', origin, { to: e164, text: fitSmsKeepingLink(text) });
  return true;
}

/** One message of a batch (a digest run): its origin, channel, recipient and words. */
export interface BatchMessage {
  origin: MessageOrigin;
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
  /** Not sent before this time (ms): a notice held back so that the next ones about the same item fold into it (fold.ts). */
  notBeforeMs?: number;
}

/**
 * Many messages in one insert, in the caller's transaction (a digest run's batch: all of it or none,
 * so a run that stops resumes without doubles or gaps). Texts to numbers that opted out, or that
 * are not North-American numbers, are left out, as `queueSms` would. Returns how many were queued.
 */
export async function queueMany(strapi: Core.Strapi, messages: readonly BatchMessage[]): Promise<number> {
  const phones = new Map<string, string>();
  for (const m of messages) if (m.channel === 'sms') phones.set(m.to, normalisePhone(m.to) ?? '');
  const hashes = [...new Set([...phones.values()].filter(Boolean).map((p) => recipientHash('sms', p)))];
  const optedOut = new Set<string>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = (await strapi.db.query('api::participation.sms-opt-out').findMany({ where: { phoneHash: { $in: hashes.slice(i, i + 500) } }, select: ['phoneHash'] })) as Array<{ phoneHash: string }>;
    for (const row of rows) optedOut.add(row.phoneHash);
  }
  const now = Date.now();
  const rows = messages.flatMap((m) => {
    const to = m.channel === 'sms' ? phones.get(m.to) : m.to;
    if (!to) return [];
    const hash = recipientHash(m.channel, to);
    if (m.channel === 'sms' && optedOut.has(hash)) return [];
    return [
      {
        channel: m.channel,
        messageKind: m.origin.kind,
        idempotencyKey: `${m.origin.kind}:${m.channel}:${m.origin.key}`,
        recipient: to,
        recipientHash: hash,
        subject: m.subject ?? null,
        body: m.channel === 'sms' ? fitSmsKeepingLink(m.text) : m.text,
        attachments: null,
        deliveryStatus: 'pending',
        attempts: 0,
        nextAttemptAtMs: Math.max(now, m.notBeforeMs ?? now),
        queuedAtMs: now,
      },
    ];
  });
  if (rows.length === 0) return 0;
  await strapi.db.transaction(async ({ onCommit }) => {
    for (let i = 0; i < rows.length; i += 200) await strapi.db.query(outboxUid).createMany({ data: rows.slice(i, i + 200) });
    onCommit(wakeOutboxWorkers);
  });
  return rows.length;
}
