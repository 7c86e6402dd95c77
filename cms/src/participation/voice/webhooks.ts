import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { isFormContentType } from '../http/form-body';
import { sendNotFound } from '../http/pages';
import { sendStatus, type Ctx } from '../http/respond';
import { readCallback, refuse, telnyxRefusalReasons, telnyxVerdict } from '../messages/delivery-callbacks';
import { messageSettings } from '../messages/settings';
import { isValidTwilioSignature } from '../messages/twilio-signature';
import { answerCall, type CallRequest } from './line';
import { readState } from './state';

/**
 * The phone line's webhooks: `POST /participer/webhooks/voix/twilio` (the number's voice webhook,
 * TwiML) and `…/telnyx` (a TeXML application's voice URL). Both post form fields (CallSid, From,
 * Digits…); what differs is the signature:
 *
 * - Twilio: `X-Twilio-Signature`, HMAC-SHA1 over the full URL it called — the query included,
 *   which is where the menu keeps its state — and the sorted POST fields. Checked against our own
 *   public URL (SMS_CALLBACK_BASE_URL) plus the query received, never the Host header.
 * - Telnyx: Ed25519 over `timestamp|body` (`telnyx-signature-ed25519`, `telnyx-timestamp`, five
 *   minutes of tolerance), the SMS webhooks' scheme. The URL is not signed, so the state in the
 *   query carries our own HMAC bound to the call (state.ts), checked for both providers.
 *
 * The guard is the delivery reports' one (delivery-callbacks.ts): 429/415/413 first, then the
 * signature over the exact bytes — missing, forged or stale is a bare 403 with a log line naming
 * the provider and the reason, never a number, and nothing is done. A route whose provider is not
 * the configured one, or cannot verify, answers 404.
 */
const callFields = (callSid: RegExp) =>
  z.object({
    CallSid: z.string().regex(callSid),
    AccountSid: z.string().min(1).max(64),
    // A hidden caller ID arrives as `anonymous` or a non-number: the line still answers, sends nothing.
    From: z.string().min(1).max(64),
    Digits: z.string().regex(/^[0-9*#]{0,12}$/).optional(),
    CallStatus: z.string().max(32).optional(),
  });

const twilioFields = callFields(/^CA[0-9a-fA-F]{32}$/);
const telnyxFields = callFields(/^[A-Za-z0-9:_-]{1,64}$/);

/** Call statuses after which a request acts on nothing: the caller is gone. */
const over = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

function sendXml(ctx: Ctx, xml: string): void {
  ctx.status = 200;
  ctx.set('Content-Type', 'text/xml; charset=utf-8');
  ctx.set('Cache-Control', 'no-store');
  ctx.body = xml;
}

export async function twilioVoice(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const { sms, voice } = messageSettings();
  if (sms.provider !== 'twilio' || !voice.webhookUrl) return sendNotFound(ctx, 'fr');
  const body = await readCallback(ctx, isFormContentType);
  if (!body) return;
  const params = [...new URLSearchParams(body.toString('utf8'))];
  const signature = ctx.get('x-twilio-signature') || undefined;
  const signedUrl = ctx.querystring ? `${voice.webhookUrl}?${ctx.querystring}` : voice.webhookUrl;
  if (!isValidTwilioSignature(sms.authToken, signedUrl, params, signature)) {
    return refuse(ctx, strapi.log, 'twilio', signature ? 'signature does not match' : 'no signature', 'voice webhook');
  }
  const fields = twilioFields.safeParse(Object.fromEntries(params));
  const names = params.map(([name]) => name);
  if (!fields.success || new Set(names).size !== names.length || fields.data.AccountSid !== sms.accountSid) {
    strapi.log.warn('[voice] twilio voice webhook refused: missing or malformed fields');
    return sendStatus(ctx, 400);
  }
  await answer(strapi, ctx, 'twilio', voice.webhookUrl, query, fields.data);
}

export async function telnyxVoice(strapi: Core.Strapi, ctx: Ctx, query: URLSearchParams): Promise<void> {
  const { sms, voice } = messageSettings();
  if (sms.provider !== 'telnyx' || !sms.publicKey || !voice.webhookUrl) return sendNotFound(ctx, 'fr');
  const body = await readCallback(ctx, isFormContentType);
  if (!body) return;
  const verdict = telnyxVerdict(ctx, sms.publicKey, body);
  if (verdict !== 'valid') return refuse(ctx, strapi.log, 'telnyx', telnyxRefusalReasons[verdict], 'voice webhook');
  const params = [...new URLSearchParams(body.toString('utf8'))];
  const fields = telnyxFields.safeParse(Object.fromEntries(params));
  const names = params.map(([name]) => name);
  if (!fields.success || new Set(names).size !== names.length) {
    strapi.log.warn('[voice] telnyx voice webhook refused: missing or malformed fields');
    return sendStatus(ctx, 400);
  }
  await answer(strapi, ctx, 'telnyx', voice.webhookUrl, query, fields.data);
}

async function answer(strapi: Core.Strapi, ctx: Ctx, provider: CallRequest['provider'], webhookUrl: string, query: URLSearchParams, fields: z.infer<typeof twilioFields>): Promise<void> {
  const state = readState(query, fields.CallSid);
  if (state === 'forged') return refuse(ctx, strapi.log, provider, 'state signature does not match', 'voice webhook');
  const call: CallRequest = {
    provider,
    callId: fields.CallSid,
    from: fields.From,
    digits: fields.Digits,
    ended: over.has((fields.CallStatus ?? '').toLowerCase()),
    state,
  };
  sendXml(ctx, await answerCall(strapi, messageSettings().voice, webhookUrl, call));
}
