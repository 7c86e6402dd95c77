import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { isFormContentType } from '../http/form-body';
import { sendNotFound } from '../http/pages';
import { sendJson, sendStatus, type Ctx } from '../http/respond';
import { isJsonContentType, readCallback, refuse, telnyxRefusalReasons, telnyxVerdict } from '../messages/delivery-callbacks';
import { E164, messageSettings } from '../messages/settings';
import { isValidTwilioSignature } from '../messages/twilio-signature';
import { handleIncomingSms, type IncomingSms } from './inbound';

/**
 * Residents' text messages, posted by the provider to `/participer/webhooks/sms/{twilio,telnyx}/recu`
 * (the number's messaging webhook). The same guard as the delivery reports (delivery-callbacks.ts):
 * 429/415/413 before anything, then the signature over the exact bytes — missing, forged or stale
 * is a bare 403 and a log line naming the provider and the reason only, and nothing is done. A
 * signed request whose fields are missing or malformed is a 400 and writes nothing. A route whose
 * provider is not the configured one, or cannot verify (no SMS_CALLBACK_BASE_URL for Twilio, no
 * public key for Telnyx), answers 404.
 *
 * The reply is never in the HTTP answer (TwiML): it goes through the outbox, queued with the
 * effect (docs/decisions: "text messages are answered through the outbox").
 */
const maxTextLength = 1600; // Twilio's own limit on a message body

/** Twilio waits for TwiML: an empty `<Response/>` says "nothing to send from here". */
function acknowledgeTwilio(ctx: Ctx): void {
  ctx.status = 200;
  ctx.set('Content-Type', 'text/xml; charset=utf-8');
  ctx.set('Cache-Control', 'no-store');
  ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
}

const twilioFields = z.object({
  MessageSid: z.string().regex(/^(?:SM|MM)[0-9a-fA-F]{32}$/),
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
  From: z.string().regex(E164),
  Body: z.string().max(maxTextLength),
});

export async function twilioInboundSms(strapi: Core.Strapi, ctx: Ctx): Promise<void> {
  const sms = messageSettings().sms;
  if (sms.provider !== 'twilio' || !sms.inboundUrl) return sendNotFound(ctx, 'fr');
  const body = await readCallback(ctx, isFormContentType);
  if (!body) return;
  const params = [...new URLSearchParams(body.toString('utf8'))];
  const signature = ctx.get('x-twilio-signature') || undefined;
  if (!isValidTwilioSignature(sms.authToken, sms.inboundUrl, params, signature)) {
    return refuse(ctx, strapi.log, 'twilio', signature ? 'signature does not match' : 'no signature', 'inbound text message');
  }
  // A name given twice is malformed: which one would be the message?
  const names = params.map(([name]) => name);
  const fields = twilioFields.safeParse(Object.fromEntries(params));
  if (!fields.success || new Set(names).size !== names.length || fields.data.AccountSid !== sms.accountSid) {
    strapi.log.warn('[sms] twilio inbound text message refused: missing or malformed fields');
    return sendStatus(ctx, 400);
  }
  await answer(strapi, { provider: 'twilio', messageId: fields.data.MessageSid, from: fields.data.From, text: fields.data.Body });
  acknowledgeTwilio(ctx);
}

const telnyxReceived = z.object({
  data: z.object({
    event_type: z.string().max(64),
    payload: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
        direction: z.string().optional(),
        from: z.object({ phone_number: z.string().regex(E164) }).passthrough(),
        text: z.string().max(maxTextLength),
      })
      .passthrough(),
  }),
});

export async function telnyxInboundSms(strapi: Core.Strapi, ctx: Ctx): Promise<void> {
  const sms = messageSettings().sms;
  if (sms.provider !== 'telnyx' || !sms.publicKey) return sendNotFound(ctx, 'fr');
  const body = await readCallback(ctx, isJsonContentType);
  if (!body) return;
  const verdict = telnyxVerdict(ctx, sms.publicKey, body);
  if (verdict !== 'valid') return refuse(ctx, strapi.log, 'telnyx', telnyxRefusalReasons[verdict], 'inbound text message');
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    json = null;
  }
  const type = (json as { data?: { event_type?: unknown } } | null)?.data?.event_type;
  // The messaging profile's webhook also carries other events (delivery of what we sent): acknowledged, not acted on.
  if (typeof type === 'string' && type !== 'message.received') return sendStatus(ctx, 204);
  const event = telnyxReceived.safeParse(json);
  if (!event.success || (event.data.data.payload.direction !== undefined && event.data.data.payload.direction !== 'inbound')) {
    strapi.log.warn('[sms] telnyx inbound text message refused: missing or malformed fields');
    return sendStatus(ctx, 400);
  }
  const payload = event.data.data.payload;
  await answer(strapi, { provider: 'telnyx', messageId: payload.id, from: payload.from.phone_number, text: payload.text });
  sendJson(ctx, 200, { ok: true });
}

async function answer(strapi: Core.Strapi, incoming: IncomingSms): Promise<void> {
  const outcome = await handleIncomingSms(strapi, incoming);
  strapi.log.info(`[sms] ${incoming.provider} inbound text message: ${outcome}`);
}
