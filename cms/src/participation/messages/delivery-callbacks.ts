import type { Core } from '@strapi/strapi';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { clientIp } from '../http/client-ip';
import { isFormContentType, maxFormBytes, readBodyUpTo } from '../http/form-body';
import { rateLimitKey } from '../http/ip-address';
import { sendNotFound } from '../http/pages';
import { refusalLimiter } from '../http/refusals';
import { sendStatus, type Ctx } from '../http/respond';
import { recordDeliveryReport, type DeliveryReport } from './delivery-reports';
import { messageSettings } from './settings';
import { telnyxPublicKey, verifyTelnyxSignature, type TelnyxVerdict } from './telnyx-signature';
import { isValidTwilioSignature } from './twilio-signature';

/**
 * The SMS providers' delivery reports: `POST /participer/webhooks/sms/{twilio,telnyx}`. Anyone can
 * post there, so nothing is believed before the provider's signature is checked over the exact
 * bytes received; a missing, forged or stale signature gets a bare 403, a log line naming the
 * provider and the reason only, and changes nothing. A route whose provider is not the configured
 * one (or cannot verify: no callback URL for Twilio, no public key for Telnyx) answers 404, as an
 * address that does not exist.
 *
 * Bounded work per request: 16 KB at most (as the forms), the signature before any parsing, and an
 * address that sent 10 refused callbacks within a minute gets 429 without anything being checked.
 * Genuine callbacks are never throttled (see refusals.ts). A genuine callback played again records
 * the same report again, which changes nothing.
 */
const refusals = refusalLimiter({ max: 10, windowMs: 60_000 });

type Log = Pick<Core.Strapi['log'], 'warn'>;

export function refuse(ctx: Ctx, log: Log, provider: string, reason: string, what = 'delivery callback'): void {
  refusals.refused(rateLimitKey(clientIp(ctx)));
  log.warn(`[messages] ${provider} ${what} refused: ${reason}`);
  sendStatus(ctx, 403);
}

/** 429, 415 or 413 before the signature, or the raw body. */
export async function readCallback(ctx: Ctx, accepts: (contentType: string | undefined) => boolean): Promise<Buffer | null> {
  if (refusals.blocked(rateLimitKey(clientIp(ctx)))) {
    ctx.req.resume();
    ctx.set('Retry-After', '60');
    sendStatus(ctx, 429);
    return null;
  }
  if (!accepts(ctx.req.headers['content-type'])) {
    ctx.req.resume();
    sendStatus(ctx, 415);
    return null;
  }
  const body = await readBodyUpTo(ctx.req, maxFormBytes);
  if (!body) sendStatus(ctx, 413);
  return body;
}

async function record(strapi: Core.Strapi, ctx: Ctx, report: DeliveryReport | null): Promise<void> {
  // Statuses on the way (queued, sending, accepted…) and other events are acknowledged, not kept.
  if (report) await recordDeliveryReport(strapi, report);
  sendStatus(ctx, 204);
}

/** Twilio's MessageStatus, reduced to what the outbox keeps. */
const twilioStatuses: Record<string, DeliveryReport['status']> = { sent: 'sent', delivered: 'delivered', undelivered: 'failed', failed: 'failed' };

export async function twilioDeliveryReport(strapi: Core.Strapi, ctx: Ctx): Promise<void> {
  const sms = messageSettings().sms;
  if (sms.provider !== 'twilio' || !sms.statusCallbackUrl) return sendNotFound(ctx, 'fr');
  const body = await readCallback(ctx, isFormContentType);
  if (!body) return;
  // Every pair, repeated names included: Twilio signs them all.
  const params = [...new URLSearchParams(body.toString('utf8'))];
  if (!isValidTwilioSignature(sms.authToken, sms.statusCallbackUrl, params, ctx.get('x-twilio-signature') || undefined)) {
    return refuse(ctx, strapi.log, 'twilio', ctx.get('x-twilio-signature') ? 'signature does not match' : 'no signature');
  }
  const fields = Object.fromEntries(params);
  const status = twilioStatuses[fields.MessageStatus ?? ''];
  const id = fields.MessageSid ?? '';
  const errorCode = fields.ErrorCode && /^\d{1,9}$/.test(fields.ErrorCode) ? fields.ErrorCode : undefined;
  await record(strapi, ctx, status && /^[A-Za-z0-9]{2,64}$/.test(id) ? { provider: 'twilio', providerMessageId: id, status, ...(errorCode ? { errorCode } : {}) } : null);
}

const telnyxEvent = z.object({
  data: z.object({
    event_type: z.string(),
    payload: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
        to: z.array(z.object({ status: z.string().optional() })).optional(),
        errors: z.array(z.object({ code: z.union([z.string(), z.number()]).optional() })).optional(),
      })
      .passthrough(),
  }),
});

/** A recipient's status on `message.sent` / `message.finalized`, reduced to what the outbox keeps. */
const telnyxStatuses: Record<string, DeliveryReport['status']> = {
  sent: 'sent',
  // Terminal without the carrier's receipt: it left Telnyx, nothing more is known.
  delivery_unconfirmed: 'sent',
  delivered: 'delivered',
  delivery_failed: 'failed',
  sending_failed: 'failed',
  expired: 'failed',
};

/** The event, or null for anything else (a signed body Telnyx should never have sent). */
function parseTelnyxEvent(body: Buffer): z.infer<typeof telnyxEvent> | null {
  try {
    const event = telnyxEvent.safeParse(JSON.parse(body.toString('utf8')));
    return event.success ? event.data : null;
  } catch {
    return null;
  }
}

let telnyxKey: { base64: string; key: KeyObject } | undefined;

/** Telnyx's signature over these exact bytes, with the configured public key (parsed once per key). */
export function telnyxVerdict(ctx: Ctx, publicKey: string, body: Buffer): TelnyxVerdict {
  if (telnyxKey?.base64 !== publicKey) telnyxKey = { base64: publicKey, key: telnyxPublicKey(publicKey) };
  return verifyTelnyxSignature(
    telnyxKey.key,
    { signature: ctx.get('telnyx-signature-ed25519') || undefined, timestamp: ctx.get('telnyx-timestamp') || undefined },
    body,
  );
}

export const telnyxRefusalReasons: Record<Exclude<TelnyxVerdict, 'valid'>, string> = {
  missing: 'no signature',
  stale: 'timestamp outside 5 minutes',
  invalid: 'signature does not match',
};

export const isJsonContentType = (type: string | undefined): boolean => (type ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';

export async function telnyxDeliveryReport(strapi: Core.Strapi, ctx: Ctx): Promise<void> {
  const sms = messageSettings().sms;
  if (sms.provider !== 'telnyx' || !sms.publicKey) return sendNotFound(ctx, 'fr');
  const body = await readCallback(ctx, isJsonContentType);
  if (!body) return;
  const verdict = telnyxVerdict(ctx, sms.publicKey, body);
  if (verdict !== 'valid') return refuse(ctx, strapi.log, 'telnyx', telnyxRefusalReasons[verdict]);

  const parsed = parseTelnyxEvent(body);
  const isDeliveryEvent = parsed && (parsed.data.event_type === 'message.sent' || parsed.data.event_type === 'message.finalized');
  const payload = parsed?.data.payload;
  const status = isDeliveryEvent ? telnyxStatuses[payload?.to?.[0]?.status ?? ''] : undefined;
  const rawCode = payload?.errors?.[0]?.code;
  const errorCode = rawCode !== undefined && /^\d{1,9}$/.test(String(rawCode)) ? String(rawCode) : undefined;
  await record(strapi, ctx, status && payload ? { provider: 'telnyx', providerMessageId: payload.id, status, ...(errorCode ? { errorCode } : {}) } : null);
}
